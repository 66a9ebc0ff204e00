package org.labwatch.ingest;

import java.io.PrintStream;
import java.util.List;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** {@code labwatch:token-list}: the sources that have a token, by name only (never a token or a hash). */
@Command(scope = "labwatch", name = "token-list", description = "Lists the sources that have a token")
@Service
public class TokenListCommand implements Action {

    @Reference
    Ingest ingest;

    PrintStream out = System.out;

    @Override
    public Object execute() throws Exception {
        TokenFile file = ingest.tokens().file();
        List<String> names = file.names();
        if (names.isEmpty()) {
            out.println("No tokens in " + file.path() + "; add one with labwatch:token-add NAME");
        }
        names.forEach(out::println);
        return null;
    }
}

package org.labwatch.ingest;

import java.io.PrintStream;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** {@code labwatch:token-add NAME}: a token for a new source, printed once; the last line is the token alone. */
@Command(
        scope = "labwatch",
        name = "token-add",
        description = "Makes a token for a new source (an instrument PC) and prints it once; only its hash is kept")
@Service
public class TokenAddCommand implements Action {

    @Reference
    Ingest ingest;

    @Argument(index = 0, name = "name", description = "The source: 1 to 64 of A-Z a-z 0-9 _ -", required = true)
    String name;

    PrintStream out = System.out;

    @Override
    public Object execute() throws Exception {
        TokenFile file = ingest.tokens().file();
        String token = file.add(name);
        out.println("Token for source '" + name + "' (shown once; only its hash is kept in " + file.path() + "):");
        out.println(token);
        return null;
    }
}

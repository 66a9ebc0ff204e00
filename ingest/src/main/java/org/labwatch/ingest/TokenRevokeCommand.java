package org.labwatch.ingest;

import java.io.PrintStream;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** {@code labwatch:token-revoke NAME}: the source's token stops working with the next request. */
@Command(
        scope = "labwatch",
        name = "token-revoke",
        description = "Revokes a source's token; its shipper gets 401 from the next request on")
@Service
public class TokenRevokeCommand implements Action {

    @Reference
    Ingest ingest;

    @Argument(index = 0, name = "name", description = "The source", required = true)
    String name;

    PrintStream out = System.out;

    @Override
    public Object execute() throws Exception {
        TokenFile file = ingest.tokens().file();
        if (!file.revoke(name)) {
            throw new IllegalArgumentException("source '" + name + "' has no token in " + file.path());
        }
        out.println("Revoked the token of source '" + name + "'");
        return null;
    }
}

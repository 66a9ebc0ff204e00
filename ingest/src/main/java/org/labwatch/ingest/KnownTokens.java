package org.labwatch.ingest;

import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Optional;
import org.labwatch.internal.files.FileVersion;

/**
 * The servlet's view of the token file, read again whenever its size, time or inode changes (a stat
 * per request), so that a token added or revoked, by the shell or by the launcher, counts from the
 * next request without a restart.
 */
final class KnownTokens {

    private static final Logger LOG = System.getLogger(KnownTokens.class.getName());

    private final TokenFile file;
    private FileVersion version;
    private TokenTable table = TokenTable.EMPTY;

    KnownTokens(TokenFile file) {
        this.file = file;
    }

    TokenFile file() {
        return file;
    }

    Optional<String> sourceOf(String token) {
        return current().sourceOf(token);
    }

    private synchronized TokenTable current() {
        FileVersion now;
        try {
            now = FileVersion.of(Files.readAttributes(file.path(), BasicFileAttributes.class));
        } catch (NoSuchFileException e) {
            if (version != null) {
                LOG.log(Level.WARNING, "The token file " + file.path() + " is gone: every source's token is refused");
            }
            version = null;
            table = TokenTable.EMPTY;
            return table;
        } catch (IOException e) {
            // Keeps the tokens read last: a passing error must not lock every instrument out.
            LOG.log(Level.ERROR, "Cannot look at the token file " + file.path() + "; the tokens read last stay: " + e);
            return table;
        }
        if (!now.equals(version)) {
            try {
                TokenTable read = file.read();
                read.problems().forEach(p -> LOG.log(Level.WARNING, "Token file " + file.path() + ": " + p));
                table = read;
                version = now;
            } catch (IOException e) {
                LOG.log(Level.ERROR, "Cannot read the token file " + file.path() + "; the tokens read last stay: " + e);
            }
        }
        return table;
    }
}

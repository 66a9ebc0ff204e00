package org.labwatch.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.labwatch.internal.config.Configs;

/** labwatch:token-add, -list and -revoke on the file the configured ingest reads. */
class TokenCommandsTest {

    @TempDir
    Path dir;

    Ingest ingest;
    final ByteArrayOutputStream printed = new ByteArrayOutputStream();

    @BeforeEach
    void start() {
        ingest = new Ingest(
                Configs.of(
                        IngestConfig.class,
                        Map.of("tokensFile", dir.resolve("tokens").toString())),
                () -> null);
    }

    @AfterEach
    void stop() {
        ingest.deactivate();
    }

    PrintStream out() {
        printed.reset();
        return new PrintStream(printed, true, StandardCharsets.UTF_8);
    }

    List<String> lines() {
        return printed.toString(StandardCharsets.UTF_8).lines().toList();
    }

    @Test
    void addPrintsTheTokenOnceAsItsLastLineAndListShowsNamesOnly() throws Exception {
        TokenAddCommand add = new TokenAddCommand();
        add.ingest = ingest;
        add.name = "fridge-pc";
        add.out = out();
        add.execute();
        List<String> added = lines();
        String token = added.get(added.size() - 1);
        assertTrue(token.matches("lw1_[A-Za-z0-9_-]{43}"), token);
        assertEquals(Optional.of("fridge-pc"), ingest.tokens().sourceOf(token));

        TokenListCommand list = new TokenListCommand();
        list.ingest = ingest;
        list.out = out();
        list.execute();
        assertEquals(List.of("fridge-pc"), lines());
        String file = Files.readString(dir.resolve("tokens"));
        String hash = file.substring(file.indexOf("sha256:") + 7).strip();
        assertFalse(printed.toString(StandardCharsets.UTF_8).contains(hash));
        assertFalse(printed.toString(StandardCharsets.UTF_8).contains(token));
    }

    @Test
    void revokeEndsTheTokenAndSaysWhenThereIsNone() throws Exception {
        String token = ingest.tokens().file().add("fridge-pc");
        TokenRevokeCommand revoke = new TokenRevokeCommand();
        revoke.ingest = ingest;
        revoke.name = "fridge-pc";
        revoke.out = out();
        revoke.execute();
        assertEquals(Optional.empty(), ingest.tokens().sourceOf(token));
        assertThrows(IllegalArgumentException.class, revoke::execute);

        TokenListCommand list = new TokenListCommand();
        list.ingest = ingest;
        list.out = out();
        list.execute();
        assertTrue(lines().get(0).startsWith("No tokens"), lines().toString());
    }
}

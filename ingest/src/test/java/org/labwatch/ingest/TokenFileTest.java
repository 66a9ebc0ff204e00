package org.labwatch.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The token file's format, shared with the launcher's bash: exactly {@code NAME=sha256:<hex>} lines and comments. */
class TokenFileTest {

    @TempDir
    Path dir;

    @Test
    void aNewTokenIsLw1AndBase64urlOf32BytesAndOnlyItsHashIsWritten() throws Exception {
        TokenFile file = new TokenFile(dir.resolve("etc/org.labwatch.ingest.tokens"));
        String token = file.add("fridge-pc");

        assertTrue(token.matches("lw1_[A-Za-z0-9_-]{43}"), token);
        String text = Files.readString(file.path());
        assertFalse(text.contains(token));
        assertTrue(text.contains("\nfridge-pc=sha256:" + Tokens.hex(Tokens.sha256(token)) + "\n"), text);
        assertTrue(text.startsWith("#"), "a new file explains itself");
        assertEquals(Optional.of("fridge-pc"), file.read().sourceOf(token));
        assertEquals(Optional.empty(), file.read().sourceOf(token + "x"));
        try (var files = Files.list(file.path().getParent())) {
            assertEquals(1, files.count(), "no temp file left");
        }
    }

    @Test
    void aLauncherWrittenFileIsReadWithItsCommentsAndBadLinesAreNamedWithoutTheirContent() throws Exception {
        Path path = dir.resolve("tokens");
        String hash = "a".repeat(64);
        Files.writeString(
                path,
                "# made by ./labwatch token add\n\nfridge-pc=sha256:" + hash + "\n  lab2=sha256:" + "b".repeat(64)
                        + "  \nlw1_pasted-token-by-mistake\nupper=sha256:" + "A".repeat(64) + "\n");
        TokenTable table = new TokenFile(path).read();

        assertEquals(List.of("fridge-pc", "lab2"), table.names());
        assertEquals(
                List.of(
                        "line 5 is not NAME=sha256:<64 lower-case hex digits>; ignored",
                        "line 6 is not NAME=sha256:<64 lower-case hex digits>; ignored"),
                table.problems());
    }

    @Test
    void addRefusesANameThatHasATokenAndNamesOutsideTheRule() throws Exception {
        TokenFile file = new TokenFile(dir.resolve("tokens"));
        file.add("fridge-pc");
        assertThrows(IllegalArgumentException.class, () -> file.add("fridge-pc"));
        for (String bad : new String[] {"", "a b", "../x", "k\u00fchl", "x".repeat(65), "a=b", "#a"}) {
            assertThrows(IllegalArgumentException.class, () -> file.add(bad), bad);
        }
        assertEquals(List.of("fridge-pc"), file.names());
        file.add("x".repeat(64));
    }

    @Test
    void revokeRemovesOnlyThatSourcesLineAndKeepsTheRest() throws Exception {
        Path path = dir.resolve("tokens");
        TokenFile file = new TokenFile(path);
        String keep = file.add("keep");
        String gone = file.add("gone");
        Files.writeString(path, Files.readString(path) + "# a note of the admin\n");

        assertTrue(file.revoke("gone"));
        assertFalse(file.revoke("gone"));
        assertFalse(file.revoke("never"));

        assertEquals(List.of("keep"), file.names());
        assertEquals(Optional.empty(), file.read().sourceOf(gone));
        assertEquals(Optional.of("keep"), file.read().sourceOf(keep));
        assertTrue(Files.readString(path).contains("# a note of the admin\n"));
    }

    @Test
    void aMissingFileHasNoTokens() throws Exception {
        TokenFile file = new TokenFile(dir.resolve("none"));
        assertEquals(List.of(), file.names());
        assertEquals(Optional.empty(), file.read().sourceOf("lw1_x"));
    }
}

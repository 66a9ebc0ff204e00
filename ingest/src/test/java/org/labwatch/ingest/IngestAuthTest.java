package org.labwatch.ingest;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Who may write: a token per source, from the token file as it is now, checked before any body is read. */
class IngestAuthTest {

    static final String LOG = "/v1/fridge-pc/qubit1/logs/a.log?offset=0";

    @TempDir
    Path dir;

    IngestServer server;

    @BeforeEach
    void start() throws Exception {
        server = new IngestServer(dir, Map.of());
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
    }

    @Test
    void noTokenABasicLoginAndAnUnknownTokenAre401AndWriteNothing() throws Exception {
        String real = server.token("fridge-pc");
        for (String header : new String[] {null, "Basic dXNlcjpwYXNz", "Bearer ", "Bearer lw1_unknown", real}) {
            IngestServer.Reply r = server.send(null, "POST", LOG, "x".getBytes(UTF_8), header);
            assertEquals(401, r.status(), String.valueOf(header));
            assertTrue(
                    r.headers().get("WWW-Authenticate").startsWith("Bearer"),
                    r.headers().toString());
        }
        assertEquals(Map.of(), server.files());
    }

    @Test
    void aTokenOfAnotherSourceIs403ForReadsAndWrites() throws Exception {
        String fridge = server.token("fridge-pc");
        String lab2 = server.token("lab2-pc");
        assertEquals(
                200,
                server.post(lab2, "/v1/lab2-pc/qubit1/logs/a.log?offset=0", "x".getBytes(UTF_8))
                        .status());
        Map<String, String> before = server.files();

        IngestServer.Reply write = server.post(fridge, "/v1/lab2-pc/qubit1/logs/a.log?offset=1", "y".getBytes(UTF_8));
        assertEquals(403, write.status());
        assertTrue(write.error().contains("fridge-pc"), write.error());
        assertEquals(403, server.get(fridge, "/v1/lab2-pc/qubit1").status());
        assertEquals(before, server.files());
    }

    @Test
    void aTokenAddedToTheFileLaterWorksAndARevokedOneStopsWithoutARestart() throws Exception {
        server.token("other");
        String token = Tokens.generate();
        // As the launcher writes it (bash, sha256sum), while the server runs.
        Path file = server.tokens.path();
        Files.writeString(
                file,
                Files.readString(file) + "# added by hand\nfridge-pc=sha256:" + Tokens.hex(Tokens.sha256(token))
                        + "\n");
        assertEquals(200, server.post(token, LOG, "x".getBytes(UTF_8)).status());

        assertTrue(server.tokens.revoke("fridge-pc"));
        assertEquals(
                401,
                server.post(token, "/v1/fridge-pc/qubit1/logs/a.log?offset=1", "y".getBytes(UTF_8))
                        .status());
        assertEquals("x", Files.readString(server.remote.resolve("fridge-pc/qubit1/monitoring/logs/a.log")));

        String again = server.token("fridge-pc");
        assertEquals(
                200,
                server.post(again, "/v1/fridge-pc/qubit1/logs/a.log?offset=1", "y".getBytes(UTF_8))
                        .status());
        assertEquals(List.of("fridge-pc", "other"), server.tokens.names());
    }

    @Test
    void aDeletedTokenFileRefusesEveryone() throws Exception {
        String token = server.token("fridge-pc");
        assertEquals(200, server.get(token, "/v1/").status());
        Files.delete(server.tokens.path());
        assertEquals(401, server.get(token, "/v1/").status());
    }

    @Test
    void theTokenIsCheckedBeforeTheBodyIsRead() throws Exception {
        server.token("fridge-pc");
        // Headers promising a megabyte, and one byte of it: the answer must not wait for the rest.
        try (Socket socket = server.raw("POST /api/ingest" + LOG + " HTTP/1.1\r\nHost: x\r\n"
                + "Authorization: Bearer lw1_not-a-token\r\nContent-Length: 1048576\r\n\r\nx")) {
            String answer = IngestServer.answerOf(socket);
            assertTrue(answer.startsWith("HTTP/1.1 401"), answer);
        }
        assertFalse(Files.exists(server.remote));
    }
}

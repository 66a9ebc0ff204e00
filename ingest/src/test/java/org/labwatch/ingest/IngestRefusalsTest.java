package org.labwatch.ingest;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad input, each case with the status it gets and the same files on disk afterwards, byte for byte:
 * a refused request writes nothing. Sent on raw connections, so that the path on the wire is exactly
 * the one written here (a client would normalise {@code ..}). Limits are small here: chunks 1 KiB,
 * statuses 2 KiB, plots 4 KiB.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IngestRefusalsTest {

    static final String ROOT = "/v1/fridge-pc/qubit1";
    static final byte[] PNG = Images.png(4, Color.RED);

    @TempDir
    static Path dir;

    IngestServer server;
    String token;

    @BeforeAll
    void startWithARootThatHasALogAStatusAndAPlot() throws Exception {
        server = new IngestServer(dir, Map.of("chunkBytes", 1024L, "statusBytes", 2048L, "plotBytes", 4096L));
        token = server.token("fridge-pc");
        server.token("lab2-pc");
        assertEquals(
                200,
                server.post(token, ROOT + "/logs/a.log?offset=0", "0123456789".getBytes(UTF_8))
                        .status());
        assertEquals(
                200,
                server.put(token, ROOT + "/status/rabi_status.json?version=5", status(1))
                        .status());
        assertEquals(200, server.put(token, ROOT + "/plots/p.png", PNG).status());
    }

    @AfterAll
    void stop() throws Exception {
        server.close();
    }

    static byte[] status(int step) {
        return IngestProtocolTest.STATUS.formatted(step).getBytes(UTF_8);
    }

    static Stream<Arguments> corpus() {
        byte[] big = new byte[5000];
        return Stream.of(
                // log offsets
                bad("offset behind the server's length (a resent chunk)", "POST", "/logs/a.log?offset=3", "x", 409),
                bad("offset beyond the server's length (a gap)", "POST", "/logs/a.log?offset=11", "x", 409),
                bad("offset of a file the server has not, not 0", "POST", "/logs/new.log?offset=5", "x", 409),
                bad("no offset", "POST", "/logs/a.log", "x", 400),
                bad("offset -1", "POST", "/logs/a.log?offset=-1", "x", 400),
                bad("offset not a number", "POST", "/logs/a.log?offset=ten", "x", 400),
                bad("offset given twice", "POST", "/logs/a.log?offset=10&offset=10", "x", 400),
                bad("offset past a long", "POST", "/logs/a.log?offset=99999999999999999999", "x", 400),
                // statuses
                bad("status: truncated JSON", "PUT", "/status/rabi_status.json?version=9", "{\"status\": \"runn", 400),
                bad("status: not JSON", "PUT", "/status/rabi_status.json?version=9", "status=running", 400),
                bad("status: a JSON array", "PUT", "/status/rabi_status.json?version=9", "[1, 2]", 400),
                bad("status: empty body", "PUT", "/status/rabi_status.json?version=9", "", 400),
                bad(
                        "status: Latin-1, not UTF-8",
                        "PUT",
                        "/status/rabi_status.json?version=9",
                        new String("{\"experiment_name\": \"r\u00e4bi\"}".getBytes(ISO_8859_1), ISO_8859_1),
                        400),
                bad("status: no version", "PUT", "/status/rabi_status.json", "{}", 400),
                bad("status: version not a number", "PUT", "/status/rabi_status.json?version=v2", "{}", 400),
                bad("status: a name without _status.json", "PUT", "/status/rabi.json?version=9", "{}", 400),
                bad("status: the name _status.json alone", "PUT", "/status/_status.json?version=9", "{}", 400),
                bad("status: an older version", "PUT", "/status/rabi_status.json?version=4", "{}", 409),
                // plots
                bad("plot: text, not an image", "PUT", "/plots/p2.png", "not an image", 400),
                badBytes("plot: PNG bytes named .jpg", "PUT", "/plots/p2.jpg", PNG, 400),
                badBytes("plot: PNG bytes without an extension", "PUT", "/plots/p2", PNG, 400),
                // sizes, announced by Content-Length
                badBytes("log chunk of 5000 bytes over chunkBytes 1024", "POST", "/logs/a.log?offset=10", big, 413),
                badBytes(
                        "status of 5000 bytes over statusBytes 2048",
                        "PUT",
                        "/status/rabi_status.json?version=9",
                        big,
                        413),
                badBytes("plot of 5000 bytes over plotBytes 4096", "PUT", "/plots/p2.png", big, 413),
                // names that could leave their directory
                bad("file '..'", "POST", "/logs/..?offset=0", "x", 400),
                bad("file '%2e%2e'", "POST", "/logs/%2e%2e?offset=0", "x", 400),
                bad("file '%2E%2E'", "PUT", "/plots/%2E%2E", "x", 400),
                bad("file 'a%2Fb' (an encoded slash)", "POST", "/logs/a%2Fb?offset=0", "x", 400),
                bad("file '..%2F..%2Fx'", "POST", "/logs/..%2F..%2Fx?offset=0", "x", 400),
                bad("file 'a%5Cb' (an encoded backslash)", "POST", "/logs/a%5Cb?offset=0", "x", 400),
                bad("file '.hidden'", "POST", "/logs/.hidden?offset=0", "x", 400),
                bad("file with a NUL '%00'", "POST", "/logs/a%00b?offset=0", "x", 400),
                bad("file with a newline '%0A'", "POST", "/logs/a%0Ab?offset=0", "x", 400),
                bad("file with ':'", "POST", "/logs/c%3Ax?offset=0", "x", 400),
                bad("file with a path parameter ';'", "POST", "/logs/a;b?offset=0", "x", 400),
                bad(
                        "file of 128 two-byte letters (256 bytes)",
                        "POST",
                        "/logs/" + "%C3%A4".repeat(128) + "?offset=0",
                        "x",
                        400),
                bad("file with a broken escape '%zz'", "POST", "/logs/a%zz?offset=0", "x", 400),
                bad("file with bytes that are not UTF-8 '%C3%28'", "POST", "/logs/a%C3%28?offset=0", "x", 400),
                badPath("root '..'", "POST", "/v1/fridge-pc/../logs/a.log?offset=0", "x", 400),
                badPath("root '%2e%2e'", "POST", "/v1/fridge-pc/%2e%2e/logs/a.log?offset=0", "x", 400),
                badPath("root '.'", "POST", "/v1/fridge-pc/./logs/a.log?offset=0", "x", 400),
                badPath("empty root", "POST", "/v1/fridge-pc//logs/a.log?offset=0", "x", 400),
                // Jetty resolves this one before routing: the path leaves /v1 and never reaches the ingest.
                badPath("source '%2e%2e'", "POST", "/v1/%2e%2e/qubit1/logs/a.log?offset=0", "x", CONTAINER),
                badPath("source with a space", "GET", "/v1/fridge%20pc/qubit1", null, 400),
                // someone else's source
                badPath("another source's root", "POST", "/v1/lab2-pc/qubit1/logs/a.log?offset=0", "x", 403),
                badPath("another source's manifest", "GET", "/v1/lab2-pc/qubit1", null, 403),
                // paths the protocol has not
                badPath("only a source", "GET", "/v1/fridge-pc", null, 404),
                badPath("a kind the protocol has not", "POST", ROOT + "/notes/a.txt?offset=0", "x", 404),
                badPath("no file name", "POST", ROOT + "/logs?offset=0", "x", 404),
                badPath("a file in a subdirectory", "POST", ROOT + "/logs/sub/a.log?offset=0", "x", 404),
                badPath("another protocol version", "GET", "/v2/", null, 404),
                // methods
                badPath("GET of a log file", "GET", ROOT + "/logs/a.log", null, 405),
                badPath("PUT of a log chunk", "PUT", ROOT + "/logs/a.log?offset=10", "x", 405),
                badPath("DELETE of a root", "DELETE", ROOT, null, 405));
    }

    /** Refused by the container before the ingest sees it: some 4xx of its own. */
    static final int CONTAINER = 0;

    static Arguments bad(String what, String method, String underRoot, String body, int status) {
        return badPath(what, method, ROOT + underRoot, body, status);
    }

    static Arguments badBytes(String what, String method, String underRoot, byte[] body, int status) {
        return Arguments.of(what, method, ROOT + underRoot, body, status);
    }

    static Arguments badPath(String what, String method, String path, String body, int status) {
        return Arguments.of(what, method, path, body == null ? null : body.getBytes(ISO_8859_1), status);
    }

    @ParameterizedTest(name = "{0}: {4}")
    @MethodSource("corpus")
    void isRefusedAndChangesNothing(String what, String method, String path, byte[] body, int expected)
            throws Exception {
        Map<String, String> before = server.files();

        IngestServer.Reply reply = server.raw(method, path, token, body);

        if (expected == CONTAINER) {
            assertTrue(reply.status() >= 400 && reply.status() < 500, what + ": " + reply.status());
        } else {
            assertEquals(expected, reply.status(), what + ": " + reply.text());
        }
        assertEquals(before, server.files(), what + " changed files");
        if (reply.json() != null) {
            assertNotNull(reply.json().get("error"), reply.text());
        }
        if (expected == 409) {
            assertNotNull(
                    reply.json().get(path.contains("/logs/") ? "length" : "version"), "a 409 says where to go on");
        }
    }
}

package org.labwatch.internal.ship;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.labwatch.ingest.RealIngest;
import org.labwatch.testsupport.TestKeys;

/**
 * A server whose certificate a lab CA (here: the server itself) signed: trusted through a trust store,
 * refused (and said once, retried) without one. The key material is made with the JDK's keytool, as
 * docs/remote.md tells a lab to.
 */
class HttpsTest {

    static final String LOG = "logs/cal_20261204_120000.log";

    @TempDir
    Path tmp;

    /** Made once: keytool takes seconds. */
    @TempDir
    static Path keys;

    static Path keyStore;
    static Path trustStore;

    RealIngest server;
    String token;
    Experiments qubit1;
    final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
    final PrintStream err = new PrintStream(errBytes, true, StandardCharsets.UTF_8);
    final List<Shipper> shippers = new ArrayList<>();

    @BeforeAll
    static void keyMaterial() throws Exception {
        TestKeys made = TestKeys.make(keys, "labwatch");
        keyStore = made.keyStore();
        trustStore = made.trustStore();
    }

    @BeforeEach
    void start() throws Exception {
        server = RealIngest.startHttps(tmp.resolve("server"), keyStore, "server-secret");
        token = server.token("fridge-pc");
        qubit1 = new Experiments(tmp.resolve("lab/qubit1"));
        qubit1.append(LOG, "over TLS\n");
    }

    @AfterEach
    void stop() throws Exception {
        shippers.forEach(Shipper::close);
        server.close();
    }

    Shipper ship(Path trust, char[] password) {
        Shipper s = Shipper.start(
                ShipServer.of(server.url(), ShipToken.of(token), trust, password), ShipperTest.fast(), err, null);
        shippers.add(s);
        s.follow(qubit1.monitoring, "qubit1");
        return s;
    }

    @Test
    void aLabCaInATrustStoreIsTrusted() throws Exception {
        Shipper s = ship(trustStore, "changeit".toCharArray());
        assertTrue(s.awaitCaughtUp(Duration.ofSeconds(20)), errBytes.toString(StandardCharsets.UTF_8));
        assertArrayEquals(qubit1.bytes(LOG), server.copy("fridge-pc", "qubit1", LOG));
        assertFalse(errBytes.toString(StandardCharsets.UTF_8).contains("WARNING"), "no warning over https");
    }

    @Test
    void withoutTheTrustStoreTheServerIsNotTrustedAndThatIsSaidOnce() throws Exception {
        Shipper s = ship(null, null);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> errBytes.toString(StandardCharsets.UTF_8).contains("Retrying until it works"));
        assertFalse(s.awaitCaughtUp(Duration.ofMillis(500)));
        String err = errBytes.toString(StandardCharsets.UTF_8);
        assertEquals(1, ShipperTest.count(err, "Retrying until it works"), err);
        assertTrue(err.toLowerCase().contains("certif") || err.contains("PKIX"), "says why: " + err);
        assertEquals(null, server.copy("fridge-pc", "qubit1", LOG));
    }

    @Test
    void aTrustStoreThatCannotBeReadIsAnErrorAtOnce() {
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> ShipServer.of(server.url(), ShipToken.of(token), trustStore, "wrong".toCharArray()));
        assertTrue(e.getMessage().contains(trustStore.toString()), e.getMessage());
        assertThrows(
                IllegalArgumentException.class,
                () -> ShipServer.of(server.url(), ShipToken.of(token), tmp.resolve("none.p12"), null));
    }

    @Test
    void aTokenOverPlainHttpToAnotherMachineIsWarnedAbout() {
        assertTrue(ShipServer.of("http://labserver:8888", null, null, null).tokenInClear());
        assertTrue(ShipServer.of("http://192.168.1.20:8888", null, null, null).tokenInClear());
        assertFalse(ShipServer.of("http://localhost:8888", null, null, null).tokenInClear());
        assertFalse(ShipServer.of("http://127.0.0.1:8888", null, null, null).tokenInClear());
        assertFalse(ShipServer.of("http://[::1]:8888", null, null, null).tokenInClear());
        assertFalse(ShipServer.of("https://labserver:8888", null, null, null).tokenInClear());
        Shipper s = Shipper.start(
                ShipServer.of("http://labserver.invalid:8888", ShipToken.of(token), null, null),
                ShipperTest.fast(),
                err,
                null);
        shippers.add(s);
        String said = errBytes.toString(StandardCharsets.UTF_8);
        assertEquals(1, ShipperTest.count(said, "WARNING: the token is sent over plain http"), said);
        assertTrue(Files.exists(trustStore));
    }
}

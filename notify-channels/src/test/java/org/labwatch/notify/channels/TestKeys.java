package org.labwatch.notify.channels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * A mail server's key (CN and SAN localhost / 127.0.0.1) and a trust store holding its certificate,
 * made with the JDK's keytool as a lab would for a server with its own certificate.
 */
record TestKeys(Path keyStore, String keyStorePassword, Path trustStore, String trustStorePassword) {

    static TestKeys make(Path dir) throws Exception {
        Path keyStore = dir.resolve("smtp-server.p12");
        keytool(
                "-genkeypair",
                "-alias",
                "smtp",
                "-keyalg",
                "EC",
                "-groupname",
                "secp256r1",
                "-validity",
                "30",
                "-dname",
                "CN=localhost",
                "-ext",
                "SAN=dns:localhost,ip:127.0.0.1",
                "-storetype",
                "PKCS12",
                "-keystore",
                keyStore.toString(),
                "-storepass",
                "server-secret");
        Path pem = dir.resolve("smtp-server.pem");
        keytool(
                "-exportcert",
                "-alias",
                "smtp",
                "-keystore",
                keyStore.toString(),
                "-storepass",
                "server-secret",
                "-rfc",
                "-file",
                pem.toString());
        Path trustStore = dir.resolve("lab-trust.p12");
        keytool(
                "-importcert",
                "-noprompt",
                "-alias",
                "smtp",
                "-file",
                pem.toString(),
                "-storetype",
                "PKCS12",
                "-keystore",
                trustStore.toString(),
                "-storepass",
                "changeit");
        return new TestKeys(keyStore, "server-secret", trustStore, "changeit");
    }

    /** The server side of TLS with this key. */
    SSLContext serverContext() throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keyStore)) {
            ks.load(in, keyStorePassword.toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, keyStorePassword.toCharArray());
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(kmf.getKeyManagers(), null, null);
        return context;
    }

    private static void keytool(String... args) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), output);
    }
}

package org.labwatch.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * A server's self-signed key (CN and SAN localhost / 127.0.0.1) and a trust store holding its
 * certificate, made with the JDK's keytool as docs/remote.md tells a lab to. keytool takes
 * seconds: make them once per test class.
 */
public record TestKeys(Path keyStore, String keyStorePassword, Path trustStore, String trustStorePassword) {

    /** {@code <name>-server.p12} and {@code <name>-trust.p12} (and the certificate as PEM) in {@code dir}. */
    public static TestKeys make(Path dir, String name) throws IOException, InterruptedException {
        Path keyStore = dir.resolve(name + "-server.p12");
        keytool(
                "-genkeypair",
                "-alias",
                name,
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
        Path pem = dir.resolve(name + "-server.pem");
        keytool(
                "-exportcert",
                "-alias",
                name,
                "-keystore",
                keyStore.toString(),
                "-storepass",
                "server-secret",
                "-rfc",
                "-file",
                pem.toString());
        Path trustStore = dir.resolve(name + "-trust.p12");
        keytool(
                "-importcert",
                "-noprompt",
                "-alias",
                name,
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
    public SSLContext serverContext() throws IOException, GeneralSecurityException {
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

    private static void keytool(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("keytool " + args[0] + " did not end within 60 s: " + output);
        }
        if (p.exitValue() != 0) {
            throw new IllegalStateException("keytool " + args[0] + " exited " + p.exitValue() + ": " + output);
        }
    }
}

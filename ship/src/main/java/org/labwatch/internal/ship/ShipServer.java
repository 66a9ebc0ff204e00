package org.labwatch.internal.ship;

import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Where to ship and as whom: the server's URL, the token, and the HTTP client that trusts the
 * JVM's default certificate authorities or, given a trust store, the lab's own.
 */
public final class ShipServer {

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    private static final AtomicInteger THREADS = new AtomicInteger();

    private final String url;
    private final URI base;
    private final ShipToken token;
    private final HttpClient http;

    private ShipServer(String url, URI base, ShipToken token, HttpClient http) {
        this.url = url;
        this.base = base;
        this.token = token;
        this.http = http;
    }

    /**
     * @param url the server as the dashboard is reached, e.g. {@code https://labserver:8888}
     * @param trustStore a PKCS12 or JKS file of the certificates to trust instead of the JVM's, or null
     * @throws IllegalArgumentException for a URL that is not http(s) or a trust store that cannot be used
     */
    public static ShipServer of(String url, ShipToken token, Path trustStore, char[] trustStorePassword) {
        String trimmed = url == null ? "" : url.trim();
        while (trimmed.endsWith("/")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        URI given;
        try {
            given = new URI(trimmed);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("server URL '" + url + "' is not a URL: " + e.getMessage());
        }
        String scheme = given.getScheme() == null ? "" : given.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || given.getHost() == null) {
            throw new IllegalArgumentException(
                    "server URL '" + url + "' must be http://HOST[:PORT] or https://HOST[:PORT]");
        }
        if (given.getQuery() != null || given.getFragment() != null || given.getUserInfo() != null) {
            throw new IllegalArgumentException("server URL '" + url + "' must not hold a query, fragment or user");
        }
        HttpClient.Builder builder = HttpClient.newBuilder()
                // Plain HTTP/1.1: no h2c upgrade dance through lab proxies, one request at a time anyway.
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(CONNECT_TIMEOUT)
                .followRedirects(HttpClient.Redirect.NEVER)
                .executor(DaemonPool.INSTANCE);
        if (trustStore != null) {
            builder.sslContext(trusting(trustStore, trustStorePassword));
        }
        return new ShipServer(trimmed, URI.create(trimmed + "/api/ingest/v1/"), token, builder.build());
    }

    private static SSLContext trusting(Path file, char[] password) {
        try {
            // Detects PKCS12 or JKS from the file's content.
            KeyStore store = KeyStore.getInstance(file.toFile(), password);
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(store);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, tmf.getTrustManagers(), null);
            return context;
        } catch (IOException | GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalArgumentException("trust store " + file + " cannot be used: " + e.getMessage(), e);
        }
    }

    /** The URL as given (without a trailing slash), for messages. */
    public String url() {
        return url;
    }

    /**
     * True when the token would travel readable over the network: plain http to a host that is not
     * this machine. Only literal addresses and "localhost" count as this machine (no DNS lookup).
     */
    public boolean tokenInClear() {
        if (!base.getScheme().equalsIgnoreCase("http")) {
            return false;
        }
        String host = base.getHost();
        if (host.equalsIgnoreCase("localhost")) {
            return false;
        }
        String bare = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
        if (bare.matches("[0-9.]+") || bare.contains(":")) {
            try {
                return !InetAddress.getByName(bare).isLoopbackAddress();
            } catch (UnknownHostException e) {
                return true;
            }
        }
        return true;
    }

    URI base() {
        return base;
    }

    ShipToken token() {
        return token;
    }

    HttpClient http() {
        return http;
    }

    @Override
    public String toString() {
        return url;
    }

    /**
     * The HTTP client's threads: daemons, so a shipper never keeps a JVM alive, and shared by every
     * client of the JVM; idle ones end after a minute.
     */
    private static final class DaemonPool {
        static final ExecutorService INSTANCE = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "labwatch-ship-http-" + THREADS.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }
}

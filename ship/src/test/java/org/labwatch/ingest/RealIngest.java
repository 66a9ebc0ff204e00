package org.labwatch.ingest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.servlet.ServletContextHandler;
import org.eclipse.jetty.servlet.ServletHolder;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.labwatch.internal.config.Configs;
import org.labwatch.logsink.file.FileLogSink;
import org.labwatch.plots.FilePlotStore;
import org.labwatch.status.JsonStatusStore;

/**
 * The real ingest servlet in Jetty 9.4 (what Karaf's Pax Web runs), at {@code /api/ingest} as the
 * whiteboard registers it, writing through the real file log sink, JSON status store and file
 * plot store into {@code <dir>/remote}: the server the shipper's tests ship to. In the ingest's
 * package because its test entry points are package-private (as ingest's own IngestServer uses
 * them); shared with core's tests through this module's test jar.
 */
public final class RealIngest implements AutoCloseable {

    private final Path remote;
    private final TokenFile tokens;
    private final Ingest ingest;
    private final Server server;
    private final int port;

    private final String scheme;

    private RealIngest(Path dir, Map<String, ?> settings, Path keyStore, String password) throws Exception {
        this.remote = dir.resolve("remote");
        Path tokensFile = dir.resolve("etc").resolve(Settings.TOKENS_FILE_NAME);
        this.tokens = new TokenFile(tokensFile);
        Map<String, Object> all = new HashMap<>(settings);
        all.put("tokensFile", tokensFile.toString());
        AtomicReference<Stores> stores = new AtomicReference<>(
                new Stores(new FileLogSink(), new JsonStatusStore(), new FilePlotStore(), remote));
        this.ingest = new Ingest(Configs.of(IngestConfig.class, all), stores::get);
        server = new Server();
        ServerConnector connector;
        if (keyStore == null) {
            connector = new ServerConnector(server);
            scheme = "http";
        } else {
            SslContextFactory.Server tls = new SslContextFactory.Server();
            tls.setKeyStorePath(keyStore.toString());
            tls.setKeyStorePassword(password);
            tls.setKeyStoreType("PKCS12");
            connector = new ServerConnector(server, tls);
            scheme = "https";
        }
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler();
        context.setContextPath("/api/ingest");
        ServletHolder holder = new ServletHolder("labwatch-ingest", new IngestServlet(ingest));
        holder.setAsyncSupported(true);
        context.addServlet(holder, IngestServlet.VERSION_PATH);
        context.addServlet(holder, IngestServlet.VERSION_PATH + "/*");
        server.setHandler(context);
        server.start();
        port = connector.getLocalPort();
    }

    /** A server keeping its data and token file under {@code dir}, with the default settings. */
    public static RealIngest start(Path dir) throws Exception {
        return new RealIngest(dir, Map.of(), null, null);
    }

    /** Over HTTPS only, with the server's key and certificate from a PKCS12 key store. */
    public static RealIngest startHttps(Path dir, Path keyStore, String password) throws Exception {
        return new RealIngest(dir, Map.of(), keyStore, password);
    }

    /** With {@code org.labwatch.ingest} settings, e.g. a small chunk limit. */
    public static RealIngest start(Path dir, Map<String, ?> settings) throws Exception {
        return new RealIngest(dir, settings, null, null);
    }

    /** A new source and its token, as {@code ./labwatch token add NAME} makes them. */
    public String token(String source) throws IOException {
        return tokens.add(source);
    }

    public int port() {
        return port;
    }

    public String url() {
        return scheme + "://" + (scheme.equals("https") ? "localhost" : "127.0.0.1") + ":" + port;
    }

    /** The server's copy of a root: {@code <dataDir>/remote/<source>/<root>/monitoring}. */
    public Path root(String source, String root) {
        return remote.resolve(source).resolve(root).resolve("monitoring");
    }

    /** The server's copy of a file of a root, e.g. ("fridge-pc", "qubit1", "logs/x.log"); null bytes when absent. */
    public byte[] copy(String source, String root, String relative) throws IOException {
        Path p = root(source, root).resolve(relative);
        return Files.exists(p) ? Files.readAllBytes(p) : null;
    }

    /** What the root's shipper said in its latest Labwatch-Behind, as the index hears it; empty when nothing recent. */
    public OptionalLong behind(String source, String root) {
        return ingest.shipping().behind(root(source, root).resolve("status").resolve("any_status.json"));
    }

    @Override
    public void close() throws Exception {
        server.stop();
        ingest.deactivate();
    }
}

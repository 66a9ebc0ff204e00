package org.labwatch.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP proxy on a loopback port that forwards to a server and, on demand, misbehaves as a
 * network does: {@link Mode#DROP} closes every connection (open ones and new ones at once),
 * {@link Mode#STALL} accepts and holds connections without passing a byte either way (a hung
 * server or a cable pulled mid-request) until the mode changes. Tests point a client at
 * {@link #port()} and switch modes while it works.
 *
 * <pre>{@code
 * try (FaultProxy proxy = FaultProxy.to("127.0.0.1", server.port())) {
 *     proxy.mode(FaultProxy.Mode.DROP);   // the server is "down"
 *     proxy.mode(FaultProxy.Mode.PASS);   // and back
 * }
 * }</pre>
 */
public final class FaultProxy implements AutoCloseable {

    public enum Mode {
        /** bytes pass both ways */
        PASS,
        /** every connection is closed; new ones are closed as they arrive */
        DROP,
        /** connections are held open, nothing passes */
        STALL
    }

    private final InetSocketAddress target;
    private final ServerSocket listener;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final AtomicLong accepted = new AtomicLong();
    private final AtomicLong forwardedBytes = new AtomicLong();
    private final Object modeLock = new Object();
    private volatile Mode mode = Mode.PASS;
    private volatile long stallAtBytes = Long.MAX_VALUE;
    private volatile boolean closed;

    private FaultProxy(InetSocketAddress target) throws IOException {
        this.target = target;
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::accept, "fault-proxy-accept-" + listener.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** A proxy to {@code host:port}, passing bytes. */
    public static FaultProxy to(String host, int port) throws IOException {
        return new FaultProxy(new InetSocketAddress(host, port));
    }

    public int port() {
        return listener.getLocalPort();
    }

    public Mode mode() {
        return mode;
    }

    /** Switches mode; DROP closes every open connection now, PASS releases stalled ones. */
    public void mode(Mode newMode) {
        synchronized (modeLock) {
            mode = newMode;
            modeLock.notifyAll();
        }
        if (newMode == Mode.DROP) {
            cutAll();
        }
    }

    /**
     * Switches to {@link Mode#STALL} by itself once this many bytes (in total, both ways) have passed:
     * a connection that hangs in the middle of a transfer, at a point a test can rely on.
     */
    public void stallAfterBytes(long bytes) {
        stallAtBytes = bytes;
    }

    /** Closes every open connection (a cut), whatever the mode. */
    public void cutAll() {
        for (Socket s : open) {
            closeQuietly(s);
        }
    }

    /** Connections accepted so far. */
    public long connections() {
        return accepted.get();
    }

    /** Bytes passed on in either direction so far. */
    public long forwardedBytes() {
        return forwardedBytes.get();
    }

    @Override
    public void close() {
        closed = true;
        closeQuietly(listener);
        cutAll();
        synchronized (modeLock) {
            modeLock.notifyAll();
        }
    }

    private void accept() {
        while (!closed) {
            Socket client;
            try {
                client = listener.accept();
            } catch (IOException e) {
                return; // closed
            }
            accepted.incrementAndGet();
            if (mode == Mode.DROP) {
                closeQuietly(client);
                continue;
            }
            open.add(client);
            Thread t = new Thread(() -> connect(client), "fault-proxy-conn-" + accepted.get());
            t.setDaemon(true);
            t.start();
        }
    }

    private void connect(Socket client) {
        Socket server = new Socket();
        try {
            // A stalled proxy does not even reach the server: as a hung host, it just holds the connection.
            if (!awaitPassable(client)) {
                return;
            }
            server.connect(target, 5_000);
            open.add(server);
            Thread back = new Thread(() -> pump(server, client), "fault-proxy-back-" + accepted.get());
            back.setDaemon(true);
            back.start();
            pump(client, server);
        } catch (IOException e) {
            closeQuietly(client);
            closeQuietly(server);
        }
    }

    private void pump(Socket from, Socket to) {
        byte[] buffer = new byte[16 * 1024];
        try (InputStream in = from.getInputStream();
                OutputStream out = to.getOutputStream()) {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                if (!awaitPassable(from)) {
                    return;
                }
                long passed = forwardedBytes.get();
                int allowed = (int) Math.min(n, Math.max(0, stallAtBytes - passed));
                // Counted, and the mode switched, before the bytes go out: whoever reads them
                // then sees the count and the mode that go with them.
                if (allowed < n) {
                    // Pass what fits under the threshold, then hold the rest as a hung connection would.
                    stallAtBytes = Long.MAX_VALUE;
                    mode(Mode.STALL);
                    forwardedBytes.addAndGet(allowed);
                    out.write(buffer, 0, allowed);
                    out.flush();
                    if (!awaitPassable(from)) {
                        return;
                    }
                    forwardedBytes.addAndGet(n - allowed);
                    out.write(buffer, allowed, n - allowed);
                    out.flush();
                    continue;
                }
                forwardedBytes.addAndGet(n);
                out.write(buffer, 0, n);
                out.flush();
            }
        } catch (IOException e) {
            // a side closed, or a cut: close both below
        } finally {
            closeQuietly(from);
            closeQuietly(to);
            open.remove(from);
            open.remove(to);
        }
    }

    /** Waits while stalled; false when the connection is to be dropped. */
    private boolean awaitPassable(Socket s) {
        synchronized (modeLock) {
            while (mode == Mode.STALL && !closed && !s.isClosed()) {
                try {
                    modeLock.wait(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
        }
        if (mode == Mode.DROP || closed || s.isClosed()) {
            closeQuietly(s);
            return false;
        }
        return true;
    }

    private static void closeQuietly(java.io.Closeable c) {
        try {
            c.close();
        } catch (IOException e) {
            // closing anyway
        }
    }

    @Override
    public String toString() {
        return "FaultProxy[" + port() + " -> " + target + ", " + mode + "]";
    }
}

package org.labwatch.testsupport;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The proxy between a client socket and an echo server: passes, drops, stalls, and stalls by itself. */
class FaultProxyTest {

    ServerSocket echo;
    FaultProxy proxy;

    @BeforeEach
    void start() throws IOException {
        echo = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread t = new Thread(() -> {
            while (!echo.isClosed()) {
                try {
                    Socket s = echo.accept();
                    Thread c = new Thread(() -> {
                        try (s;
                                InputStream in = s.getInputStream();
                                OutputStream out = s.getOutputStream()) {
                            in.transferTo(out);
                        } catch (IOException e) {
                            // client gone
                        }
                    });
                    c.setDaemon(true);
                    c.start();
                } catch (IOException e) {
                    return;
                }
            }
        });
        t.setDaemon(true);
        t.start();
        proxy = FaultProxy.to("127.0.0.1", echo.getLocalPort());
    }

    @AfterEach
    void stop() throws IOException {
        proxy.close();
        echo.close();
    }

    Socket client() throws IOException {
        Socket s = new Socket("127.0.0.1", proxy.port());
        s.setSoTimeout(500);
        return s;
    }

    static String roundTrip(Socket s, String text) throws IOException {
        s.getOutputStream().write(text.getBytes(StandardCharsets.UTF_8));
        s.getOutputStream().flush();
        return new String(s.getInputStream().readNBytes(text.length()), StandardCharsets.UTF_8);
    }

    @Test
    void passesBothWays() throws IOException {
        try (Socket s = client()) {
            assertEquals("hello", roundTrip(s, "hello"));
        }
        assertEquals(1, proxy.connections());
        assertEquals(10, proxy.forwardedBytes());
    }

    @Test
    void dropClosesOpenAndNewConnections() throws IOException {
        try (Socket open = client()) {
            assertEquals("a", roundTrip(open, "a"));
            proxy.mode(FaultProxy.Mode.DROP);
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> open.getInputStream().read() == -1);
        }
        try (Socket refused = client()) {
            assertEquals(-1, refused.getInputStream().read(), "closed as it arrived");
        }
    }

    @Test
    void stallHoldsBytesUntilPassAgain() throws IOException {
        try (Socket s = client()) {
            proxy.mode(FaultProxy.Mode.STALL);
            s.getOutputStream().write("held".getBytes(StandardCharsets.UTF_8));
            assertThrows(SocketTimeoutException.class, () -> s.getInputStream().read());
            proxy.mode(FaultProxy.Mode.PASS);
            s.setSoTimeout(5_000);
            assertEquals("held", new String(s.getInputStream().readNBytes(4), StandardCharsets.UTF_8));
        }
    }

    @Test
    void stallAfterBytesStallsInTheMiddleOfATransfer() throws IOException {
        proxy.stallAfterBytes(16); // the 10 bytes there, 6 of the echo back
        try (Socket s = client()) {
            s.getOutputStream().write("0123456789".getBytes(StandardCharsets.UTF_8));
            s.setSoTimeout(5_000);
            assertEquals("012345", new String(s.getInputStream().readNBytes(6), StandardCharsets.UTF_8));
            assertEquals(FaultProxy.Mode.STALL, proxy.mode());
            s.setSoTimeout(300);
            assertThrows(SocketTimeoutException.class, () -> s.getInputStream().read());
            proxy.mode(FaultProxy.Mode.PASS);
            s.setSoTimeout(5_000);
            assertEquals("6789", new String(s.getInputStream().readNBytes(4), StandardCharsets.UTF_8));
        }
        assertEquals(20, proxy.forwardedBytes());
    }
}

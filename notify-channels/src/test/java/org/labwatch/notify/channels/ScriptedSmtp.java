package org.labwatch.notify.channels;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * An SMTP server with the answers a test sets, for what GreenMail does not do: STARTTLS, refusing
 * recipients or senders with a given reply, a busy greeting, silence. It speaks real SMTP on a
 * loopback port and records each command and each message it accepted.
 */
final class ScriptedSmtp implements AutoCloseable {

    private final ServerSocket server;
    private final SSLContext tls;
    private final List<String> commands = new CopyOnWriteArrayList<>();
    private final List<String> messages = new CopyOnWriteArrayList<>();
    private final Map<String, String> rcptReplies = new ConcurrentHashMap<>();
    private final CountDownLatch closing = new CountDownLatch(1);
    private final Thread acceptor;
    volatile String greeting = "220 scripted ESMTP";
    volatile boolean offerStartTls;
    volatile String user = "lab";
    volatile String password = "pa55word";
    volatile String mailReply = "250 OK";
    volatile String dataReply = "250 OK queued";
    volatile boolean silent;

    /** tls: the server's key for STARTTLS, or null for a server without it. */
    ScriptedSmtp(SSLContext tls) throws IOException {
        this.tls = tls;
        this.offerStartTls = tls != null;
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        acceptor = new Thread(this::accept, "scripted-smtp");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return server.getLocalPort();
    }

    ScriptedSmtp rcpt(String address, String reply) {
        rcptReplies.put(address, reply);
        return this;
    }

    List<String> commands() {
        return List.copyOf(commands);
    }

    List<String> messages() {
        return List.copyOf(messages);
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                Thread t = new Thread(() -> session(s), "scripted-smtp-session");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void session(Socket socket) {
        try (Socket plain = socket) {
            if (silent) {
                closing.await(60, TimeUnit.SECONDS);
                return;
            }
            Socket s = plain;
            BufferedReader in = reader(s);
            OutputStream out = s.getOutputStream();
            send(out, greeting);
            if (!greeting.startsWith("220")) {
                return;
            }
            boolean secure = false;
            String line;
            while ((line = in.readLine()) != null) {
                commands.add(line);
                String upper = line.toUpperCase(java.util.Locale.ROOT);
                if (upper.startsWith("EHLO")) {
                    List<String> lines = new ArrayList<>(List.of("scripted"));
                    if (offerStartTls && !secure) {
                        lines.add("STARTTLS");
                    }
                    lines.add("AUTH PLAIN");
                    for (int i = 0; i < lines.size(); i++) {
                        send(out, "250" + (i < lines.size() - 1 ? "-" : " ") + lines.get(i));
                    }
                } else if (upper.equals("STARTTLS")) {
                    send(out, "220 go ahead");
                    SSLSocket ssl = (SSLSocket) tls.getSocketFactory().createSocket(s, null, s.getPort(), false);
                    ssl.setUseClientMode(false);
                    ssl.startHandshake();
                    s = ssl;
                    in = reader(s);
                    out = s.getOutputStream();
                    secure = true;
                } else if (upper.startsWith("AUTH PLAIN")) {
                    String[] parts = line.split(" ");
                    String response = parts.length > 2 ? parts[2] : null;
                    if (response == null) {
                        send(out, "334 ");
                        response = in.readLine();
                    }
                    String[] creds =
                            new String(Base64.getDecoder().decode(response), StandardCharsets.UTF_8).split("\0");
                    boolean ok = creds.length == 3 && creds[1].equals(user) && creds[2].equals(password);
                    send(
                            out,
                            ok
                                    ? "235 2.7.0 Authentication successful"
                                    : "535 5.7.8 Authentication credentials invalid");
                } else if (upper.startsWith("MAIL FROM")) {
                    send(out, mailReply);
                } else if (upper.startsWith("RCPT TO")) {
                    String address = line.substring(line.indexOf('<') + 1, line.indexOf('>'));
                    send(out, rcptReplies.getOrDefault(address, "250 OK"));
                } else if (upper.equals("DATA")) {
                    send(out, "354 end with <CRLF>.<CRLF>");
                    StringBuilder message = new StringBuilder();
                    String l;
                    while ((l = in.readLine()) != null && !l.equals(".")) {
                        message.append(l.startsWith("..") ? l.substring(1) : l).append("\n");
                    }
                    if (dataReply.startsWith("250")) {
                        messages.add(message.toString());
                    }
                    send(out, dataReply);
                } else if (upper.equals("QUIT")) {
                    send(out, "221 bye");
                    return;
                } else {
                    send(out, "250 OK"); // RSET, NOOP
                }
            }
        } catch (IOException | InterruptedException e) {
            // the client went away
        }
    }

    private static BufferedReader reader(Socket s) throws IOException {
        return new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
    }

    private static void send(OutputStream out, String line) throws IOException {
        out.write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    @Override
    public void close() throws IOException {
        closing.countDown();
        server.close();
    }
}

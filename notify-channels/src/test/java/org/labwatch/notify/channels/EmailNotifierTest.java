package org.labwatch.notify.channels;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.Address;
import jakarta.mail.Message;
import jakarta.mail.Multipart;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.labwatch.spi.Delivery;
import org.labwatch.spi.Delivery.Outcome;
import org.labwatch.spi.Notification;
import org.labwatch.testsupport.TestKeys;

/**
 * The email type against GreenMail (plain SMTP with a login, and SMTPS with the lab's own
 * certificate) and against a scripted SMTP server for STARTTLS and for replies GreenMail never gives
 * (a refused recipient, a busy server).
 */
class EmailNotifierTest {

    @TempDir
    static Path keys;

    static TestKeys testKeys;
    static GreenMail greenMail;

    @TempDir
    Path tmp;

    final EmailNotifier email = new EmailNotifier();
    ScriptedSmtp scripted;

    @BeforeAll
    static void startGreenMail() throws Exception {
        testKeys = TestKeys.make(keys, "smtp");
        // GreenMail's SMTPS serves the key from this file (its own has no name to check against).
        System.setProperty("greenmail.tls.keystore.file", testKeys.keyStore().toString());
        System.setProperty("greenmail.tls.keystore.password", testKeys.keyStorePassword());
        greenMail = new GreenMail(new ServerSetup[] {
                    new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTP),
                    new ServerSetup(0, "127.0.0.1", ServerSetup.PROTOCOL_SMTPS)
                })
                .withConfiguration(
                        GreenMailConfiguration.aConfig().withUser("labwatch@lab.example.org", "lab", "pa55word"));
        greenMail.start();
    }

    @AfterAll
    static void stopGreenMail() {
        greenMail.stop();
    }

    @BeforeEach
    void empty() throws Exception {
        greenMail.purgeEmailFromAllMailboxes();
    }

    @AfterEach
    void stopScripted() throws Exception {
        if (scripted != null) {
            scripted.close();
        }
    }

    /** A channel sending through GreenMail's plain SMTP port with a login. */
    static Map<String, String> plainSmtp() {
        Map<String, String> p = new HashMap<>();
        p.put("host", "127.0.0.1");
        p.put("port", String.valueOf(greenMail.getSmtp().getPort()));
        p.put("security", "none");
        p.put("username", "lab");
        p.put("password", "pa55word");
        p.put("from", "labwatch@lab.example.org");
        p.put("to", "ada@lab.example.org, \"Lab, Team\" <team@lab.example.org>");
        return p;
    }

    Delivery deliver(Map<String, String> props, Notification n) {
        Delivery d = email.deliver(Items.settings("email", props), n);
        assertFalse(d.reason().contains("pa55word"), d.reason());
        return d;
    }

    MimeMessage received() {
        await().atMost(Duration.ofSeconds(10)).until(() -> greenMail.getReceivedMessages().length > 0);
        // GreenMail keeps one copy per recipient mailbox.
        return greenMail.getReceivedMessages()[0];
    }

    static String text(Object content) {
        return content.toString().replace("\r\n", "\n");
    }

    @Test
    void aFailedRunIsAPlainTextMailWithFactsLinkAndTheWholeTrace() throws Exception {
        assertEquals(Delivery.sent(), deliver(plainSmtp(), Items.one(Items.failed())));

        MimeMessage m = received();
        assertEquals("[labwatch] calibration failed", m.getSubject());
        assertArrayEquals(new Address[] {new InternetAddress("labwatch@lab.example.org")}, m.getFrom());
        assertArrayEquals(
                new Address[] {
                    new InternetAddress("ada@lab.example.org"),
                    new InternetAddress("\"Lab, Team\" <team@lab.example.org>")
                },
                m.getRecipients(Message.RecipientType.TO));
        assertEquals(2, greenMail.getReceivedMessages().length, "one copy per recipient");
        assertEquals("auto-generated", m.getHeader("Auto-Submitted")[0]);
        assertTrue(m.getMessageID().endsWith("@lab.example.org>"), m.getMessageID());
        assertTrue(m.getContentType().startsWith("text/plain; charset=UTF-8"), m.getContentType());
        assertEquals("""
                calibration failed

                Experiment: calibration
                Run:        20260314_130000
                Host:       fridge-pc
                State:      failed
                Ran:        2 h 5 min
                Time:       2026-03-14 15:09:26 +01:00
                Link:       https://lab.example.org/experiments/calibration/20260314_130000

                Error:
                    java.lang.IllegalStateException: fridge temperature 4.2 K > 0.1 K
                    \tat org.lab.Calibration.step(Calibration.java:42)
                    \tat org.lab.Calibration.run(Calibration.java:17)

                --\s
                Sent by labwatch through its notification channel "lab-email".
                """.strip(), text(m.getContent()).strip());
    }

    @Test
    void aWrongPasswordIsRefusedForGoodWithoutSayingThePassword() {
        Map<String, String> p = plainSmtp();
        p.put("password", "wrong-pa55word");
        Delivery d = deliver(p, Items.one(Items.failed()));
        assertEquals(
                Delivery.failed("login to 127.0.0.1:" + greenMail.getSmtp().getPort()
                        + " refused (check username and password): 535 5.7.8 Authentication credentials invalid"),
                d);
        assertEquals(0, greenMail.getReceivedMessages().length);
    }

    @Test
    void thePasswordCanComeFromAFile() throws Exception {
        Map<String, String> p = plainSmtp();
        p.remove("password");
        p.put(
                "passwordFile",
                Files.writeString(tmp.resolve("smtp-password"), "pa55word\n").toString());
        assertEquals(Delivery.sent(), deliver(p, Items.one(Items.failed())));
        received();
    }

    @Test
    void smtpsWithTheLabsTrustStore() throws Exception {
        Map<String, String> p = plainSmtp();
        p.put("port", String.valueOf(greenMail.getSmtps().getPort()));
        p.put("security", "smtps");
        p.put("trustStore", testKeys.trustStore().toString());
        p.put("trustStorePassword", testKeys.trustStorePassword());
        assertEquals(Delivery.sent(), deliver(p, Items.one(Items.failed())));
        assertEquals("[labwatch] calibration failed", received().getSubject());
    }

    @Test
    void smtpsWithACertificateTheJvmDoesNotTrustFails() {
        Map<String, String> p = plainSmtp();
        p.put("port", String.valueOf(greenMail.getSmtps().getPort()));
        p.put("security", "smtps");
        Delivery d = deliver(p, Items.one(Items.failed()));
        assertEquals(Outcome.FAILED, d.outcome());
        assertTrue(
                d.reason()
                        .startsWith("TLS with 127.0.0.1:" + greenMail.getSmtps().getPort() + " failed"),
                d.reason());
    }

    @Test
    void startTlsComesBeforeTheLogin() throws Exception {
        scripted = new ScriptedSmtp(testKeys.serverContext());
        Map<String, String> p = scriptedChannel();
        p.put("security", "starttls");
        p.put("trustStore", testKeys.trustStore().toString());
        p.put("trustStorePassword", testKeys.trustStorePassword());

        assertEquals(Delivery.sent(), deliver(p, Items.one(Items.failed())));

        List<String> commands = scripted.commands();
        assertTrue(commands.get(0).startsWith("EHLO "), commands.toString());
        assertEquals("STARTTLS", commands.get(1));
        assertTrue(commands.get(2).startsWith("EHLO "), commands.toString());
        assertTrue(commands.get(3).startsWith("AUTH PLAIN "), commands.toString());
        assertEquals("MAIL FROM:<labwatch@lab.example.org>", commands.get(4));
        MimeMessage m = new MimeMessage(
                Session.getInstance(new Properties()),
                new ByteArrayInputStream(scripted.messages().get(0).getBytes(StandardCharsets.UTF_8)));
        assertEquals("[labwatch] calibration failed", m.getSubject());
    }

    @Test
    void withoutStartTlsOnTheServerNothingIsSentAndTheLoginStaysHome() throws Exception {
        scripted = new ScriptedSmtp(null);
        Map<String, String> p = scriptedChannel();
        p.put("security", "starttls");
        Delivery d = deliver(p, Items.one(Items.failed()));
        assertEquals(Outcome.FAILED, d.outcome());
        assertTrue(d.reason().startsWith("127.0.0.1:" + scripted.port() + " does not offer STARTTLS"), d.reason());
        assertTrue(scripted.commands().stream().noneMatch(c -> c.startsWith("AUTH") || c.startsWith("MAIL")));
    }

    @Test
    void aRefusedRecipientFailsNamingIt() throws Exception {
        scripted = new ScriptedSmtp(null);
        scripted.rcpt("ada@lab.example.org", "550 5.1.1 no such user");
        Map<String, String> p = scriptedChannel();
        p.put("to", "ada@lab.example.org");
        Delivery d = deliver(p, Items.one(Items.failed()));
        assertEquals(
                Delivery.failed(
                        "127.0.0.1:" + scripted.port() + " refused ada@lab.example.org (550 5.1.1 no such user)"),
                d);
        assertEquals(List.of(), scripted.messages());
    }

    @Test
    void aRecipientRefusedForNowIsTriedAgain() throws Exception {
        scripted = new ScriptedSmtp(null);
        scripted.rcpt("ada@lab.example.org", "450 4.2.1 mailbox busy");
        Map<String, String> p = scriptedChannel();
        p.put("to", "ada@lab.example.org");
        Delivery d = deliver(p, Items.one(Items.failed()));
        assertEquals(
                Delivery.retry(
                        null, "127.0.0.1:" + scripted.port() + " refused ada@lab.example.org (450 4.2.1 mailbox busy)"),
                d);
    }

    @Test
    void oneRefusedRecipientDoesNotKeepTheMailFromTheOthers() throws Exception {
        scripted = new ScriptedSmtp(null);
        scripted.rcpt("typo@lab.example.org", "550 5.1.1 no such user");
        Map<String, String> p = scriptedChannel();
        p.put("to", "ada@lab.example.org, typo@lab.example.org");
        Delivery d = deliver(p, Items.one(Items.failed()));
        assertEquals(Outcome.SENT, d.outcome());
        assertEquals(
                "sent to 1 of 2 recipients; 127.0.0.1:" + scripted.port()
                        + " refused typo@lab.example.org (550 5.1.1 no such user)",
                d.reason());
        assertEquals(1, scripted.messages().size());
    }

    @Test
    void aRefusedSenderOrMessageFailsAndABusyServerIsTriedAgain() throws Exception {
        scripted = new ScriptedSmtp(null);
        scripted.mailReply = "553 5.7.1 sender not allowed";
        Delivery d = deliver(scriptedChannel(), Items.one(Items.failed()));
        assertEquals(Outcome.FAILED, d.outcome());
        assertTrue(d.reason().contains("553 5.7.1 sender not allowed"), d.reason());

        scripted.mailReply = "451 4.3.0 try later";
        assertEquals(
                Outcome.RETRY,
                deliver(scriptedChannel(), Items.one(Items.failed())).outcome());

        scripted.mailReply = "250 OK";
        scripted.dataReply = "554 5.6.0 message refused";
        d = deliver(scriptedChannel(), Items.one(Items.failed()));
        assertEquals(Outcome.FAILED, d.outcome());
        assertTrue(d.reason().contains("554 5.6.0 message refused"), d.reason());

        scripted.greeting = "421 4.3.2 too busy, come back later";
        d = deliver(scriptedChannel(), Items.one(Items.failed()));
        assertEquals(Outcome.RETRY, d.outcome());
        assertTrue(d.reason().contains("421 4.3.2 too busy"), d.reason());
    }

    @Test
    void noServerOrASilentOneIsTriedAgain() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Map<String, String> p = plainSmtp();
        p.put("port", String.valueOf(port));
        Delivery d = deliver(p, Items.one(Items.failed()));
        assertEquals(Outcome.RETRY, d.outcome());
        assertTrue(d.reason().startsWith("cannot reach 127.0.0.1:" + port + ": "), d.reason());

        scripted = new ScriptedSmtp(null);
        scripted.silent = true;
        p = scriptedChannel();
        p.put("timeoutSeconds", "1");
        long start = System.nanoTime();
        d = deliver(p, Items.one(Items.failed()));
        assertEquals(Outcome.RETRY, d.outcome());
        assertTrue(d.reason().contains("SocketTimeoutException"), d.reason());
        assertTrue(System.nanoTime() - start < Duration.ofSeconds(5).toNanos());
    }

    @Test
    void htmlIsAnAlternativeToThePlainText() throws Exception {
        Map<String, String> p = plainSmtp();
        p.put("html", "true");
        deliver(
                p,
                Items.one(Items.item(
                        "error", "<script>x</script>", "7", "a < b & c", "https://lab.example.org/r?a=1&b=2")));

        MimeMessage m = received();
        assertTrue(m.getContentType().startsWith("multipart/alternative"), m.getContentType());
        Multipart mp = (Multipart) m.getContent();
        assertEquals(2, mp.getCount());
        assertTrue(mp.getBodyPart(0).getContentType().startsWith("text/plain"));
        assertTrue(mp.getBodyPart(1).getContentType().startsWith("text/html"));
        String html = text(mp.getBodyPart(1).getContent());
        assertTrue(html.contains("<h2>&lt;script&gt;x&lt;/script&gt; logged an error</h2>"), html);
        assertTrue(html.contains("<pre>a &lt; b &amp; c</pre>"), html);
        assertTrue(html.contains("<a href=\"https://lab.example.org/r?a=1&amp;b=2\">Open the run</a>"), html);
        assertTrue(text(mp.getBodyPart(0).getContent()).contains("\nError:\n    a < b & c\n"));
    }

    @Test
    void severalRunsAreOneMailListingTwentyOfThem() throws Exception {
        deliver(plainSmtp(), Items.failures(22));

        MimeMessage m = received();
        assertEquals("[labwatch] 22 runs failed: run-1, run-2, run-3 and 19 more", m.getSubject());
        String body = text(m.getContent());
        assertTrue(body.startsWith("22 runs failed: run-1, run-2, run-3 and 19 more\n\n== run-1 failed ==\n"), body);
        assertTrue(body.contains("== run-20 failed =="), body);
        assertFalse(body.contains("== run-21 failed =="), body);
        assertTrue(body.contains("\n…and 2 more not listed here.\n"), body);
        assertTrue(body.contains("Link:       https://lab.example.org/r/1\n"), body);
    }

    @Test
    void aTestMailSaysSo() throws Exception {
        Map<String, String> p = plainSmtp();
        p.put("subjectPrefix", "[fridge 3]");
        deliver(p, new Notification(List.of(Items.failed()), true));
        MimeMessage m = received();
        assertEquals("[fridge 3] Test: calibration failed", m.getSubject());
        assertTrue(text(m.getContent()).startsWith(Wording.TEST_NOTE + "\n\nTest: calibration failed\n"));
    }

    /** A channel sending to the scripted server (plain, with a login). */
    Map<String, String> scriptedChannel() {
        Map<String, String> p = plainSmtp();
        p.put("port", String.valueOf(scripted.port()));
        p.put("to", "ada@lab.example.org");
        return p;
    }
}

package org.labwatch.notify.channels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.labwatch.spi.Delivery;

/** check() of the email type: each bad setting is a sentence naming it; a password never appears. */
class EmailSettingsCheckTest {

    @TempDir
    Path tmp;

    final EmailNotifier email = new EmailNotifier();

    static Map<String, String> good() {
        Map<String, String> p = new HashMap<>();
        p.put("host", "smtp.lab.example.org");
        p.put("username", "labwatch");
        p.put("password", "pa55word");
        p.put("from", "labwatch@lab.example.org");
        p.put("to", "ada@lab.example.org");
        return p;
    }

    List<String> check(Map<String, String> base, String... keyValues) {
        Map<String, String> p = new HashMap<>(base);
        for (int i = 0; i < keyValues.length; i += 2) {
            if (keyValues[i + 1] == null) {
                p.remove(keyValues[i]);
            } else {
                p.put(keyValues[i], keyValues[i + 1]);
            }
        }
        List<String> problems = email.check(Items.settings("email", p));
        problems.forEach(s -> assertTrue(!s.contains("pa55word"), s));
        return problems;
    }

    @Test
    void aWellFormedChannelHasNoProblems() {
        assertEquals(List.of(), check(good()));
        assertEquals(
                List.of(),
                check(
                        good(),
                        "security",
                        "SMTPS",
                        "port",
                        "2465",
                        "to",
                        "a@x.org, \"B, C\" <b@x.org>",
                        "html",
                        "true",
                        "subjectPrefix",
                        "",
                        "timeoutSeconds",
                        "5"));
        // A relay on the same machine without a login.
        assertEquals(List.of(), check(good(), "security", "none", "username", null, "password", null));
    }

    @Test
    void host() {
        assertEquals(
                List.of("host is missing: the SMTP server's name (host = smtp.example.org)"),
                check(good(), "host", null));
    }

    @Test
    void port() {
        assertEquals(List.of("port must be a whole number from 1 to 65535, got '0'"), check(good(), "port", "0"));
        assertEquals(
                List.of("port must be a whole number from 1 to 65535, got '70000'"), check(good(), "port", "70000"));
        assertEquals(List.of("port must be a whole number from 1 to 65535, got 'smtp'"), check(good(), "port", "smtp"));
    }

    @Test
    void security() {
        assertEquals(List.of("security must be starttls, smtps or none, got 'tls'"), check(good(), "security", "tls"));
    }

    @Test
    void login() {
        assertEquals(
                List.of("password (or passwordFile) is missing: username is set"), check(good(), "password", null));
        assertEquals(List.of("username is missing: a password is set"), check(good(), "username", null));
        Path file = tmp.resolve("absent");
        assertEquals(
                List.of("passwordFile " + file + " cannot be read (NoSuchFileException)"),
                check(good(), "password", null, "passwordFile", file.toString()));
        assertEquals(
                List.of("set password or passwordFile, not both"),
                check(good(), "passwordFile", tmp.resolve("x").toString()));
    }

    @Test
    void from() {
        assertEquals(
                List.of("from is missing: the sender's address (from = labwatch@example.org)"),
                check(good(), "from", null));
        List<String> bad = check(good(), "from", "labwatch at lab");
        assertEquals(1, bad.size());
        assertTrue(bad.get(0).startsWith("from is not an email address: 'labwatch at lab' ("), bad.get(0));
    }

    @Test
    void to() {
        assertEquals(List.of("to is missing: one or more addresses, comma-separated"), check(good(), "to", null));
        List<String> bad = check(good(), "to", "ada@lab.example.org, bob@");
        assertEquals(1, bad.size());
        assertTrue(bad.get(0).startsWith("to "), bad.get(0));
        assertEquals(List.of("to has no address"), check(good(), "to", " , "));
    }

    @Test
    void htmlAndTimeout() {
        assertEquals(List.of("html must be true or false, got 'yes'"), check(good(), "html", "yes"));
        assertEquals(
                List.of("timeoutSeconds must be a whole number from 1 to 600, got '0'"),
                check(good(), "timeoutSeconds", "0"));
    }

    @Test
    void trustStore() throws Exception {
        Path notAStore = Files.writeString(tmp.resolve("trust.p12"), "not a key store");
        List<String> bad = check(good(), "trustStore", notAStore.toString());
        assertEquals(1, bad.size());
        assertTrue(bad.get(0).startsWith("trustStore " + notAStore + " cannot be used: "), bad.get(0));
    }

    @Test
    void aChannelWithProblemsSendsNothingAndSaysWhy() {
        Map<String, String> p = good();
        p.remove("host");
        p.put("port", "0");
        Delivery d = email.deliver(Items.settings("email", p), Items.one(Items.failed()));
        assertEquals(
                Delivery.failed("host is missing: the SMTP server's name (host = smtp.example.org); "
                        + "port must be a whole number from 1 to 65535, got '0'"),
                d);
    }
}

package org.labwatch.notify.channels;

import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import java.io.IOException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.labwatch.spi.ChannelSettings;

/**
 * An email channel's settings: the SMTP server ({@code host}, {@code port}, {@code security}), the
 * login ({@code username}, {@code password} or {@code passwordFile}), the envelope ({@code from},
 * {@code to}, {@code subjectPrefix}), {@code html}, {@code timeoutSeconds}, and a {@code trustStore}
 * for a server whose certificate a lab CA signed.
 */
record MailSettings(
        String host,
        int port,
        Security security,
        Optional<String> username,
        Optional<String> password,
        InternetAddress from,
        List<InternetAddress> to,
        String subjectPrefix,
        boolean html,
        Duration timeout,
        KeyStore trustStore,
        List<String> problems) {

    /** How the connection is protected. */
    enum Security {
        /** Plain connection upgraded with STARTTLS before anything else is said; refused without it. */
        STARTTLS(587),
        /** TLS from the first byte (SMTPS, "implicit TLS"). */
        SMTPS(465),
        /** No encryption: only for a relay on the same machine or a trusted network. */
        NONE(25);

        final int defaultPort;

        Security(int defaultPort) {
            this.defaultPort = defaultPort;
        }
    }

    static final int DEFAULT_TIMEOUT_SECONDS = 30;

    static MailSettings read(ChannelSettings settings) {
        SettingsReader r = new SettingsReader(settings);
        String host = r.required("host", "the SMTP server's name (host = smtp.example.org)");
        Security security = r.choice(
                "security",
                Security.STARTTLS,
                Map.of("starttls", Security.STARTTLS, "smtps", Security.SMTPS, "none", Security.NONE),
                "starttls, smtps or none");
        int port = r.integer("port", security.defaultPort, 1, 65535);
        Optional<String> username = r.optional("username");
        Optional<String> password = SecretSetting.read(r, "password");
        if (username.isPresent()
                && password.isEmpty()
                && r.optional("passwordFile").isEmpty()) {
            r.problem("password (or passwordFile) is missing: username is set");
        }
        if (username.isEmpty() && password.isPresent()) {
            r.problem("username is missing: a password is set");
        }
        InternetAddress from =
                address(r, "from", r.required("from", "the sender's address (from = labwatch@example.org)"));
        List<InternetAddress> to = addresses(r, r.required("to", "one or more addresses, comma-separated"));
        String subjectPrefix = r.optional("subjectPrefix").orElse("[labwatch]");
        boolean html = r.bool("html", false);
        Duration timeout = r.timeout(DEFAULT_TIMEOUT_SECONDS);
        KeyStore trustStore = trustStore(r);
        return new MailSettings(
                host,
                port,
                security,
                username,
                password,
                from,
                to,
                subjectPrefix,
                html,
                timeout,
                trustStore,
                r.problems());
    }

    private static InternetAddress address(SettingsReader r, String key, String value) {
        if (value.isEmpty()) {
            return null;
        }
        try {
            InternetAddress a = new InternetAddress(value, true);
            a.validate();
            return a;
        } catch (AddressException e) {
            r.problem(key + " is not an email address: '" + value + "' (" + e.getMessage() + ")");
            return null;
        }
    }

    private static List<InternetAddress> addresses(SettingsReader r, String value) {
        if (value.isEmpty()) {
            return List.of();
        }
        List<InternetAddress> list = new ArrayList<>();
        try {
            for (InternetAddress a : InternetAddress.parse(value, true)) {
                try {
                    a.validate();
                    list.add(a);
                } catch (AddressException e) {
                    r.problem("to has an address that is not valid: '" + a + "' (" + e.getMessage() + ")");
                }
            }
        } catch (AddressException e) {
            r.problem("to is not a comma-separated list of email addresses (" + e.getMessage() + ")");
        }
        if (list.isEmpty() && r.problems().stream().noneMatch(p -> p.startsWith("to "))) {
            r.problem("to has no address");
        }
        return List.copyOf(list);
    }

    /** The certificates to trust instead of the JVM's (PKCS12 or JKS, told apart by content). */
    private static KeyStore trustStore(SettingsReader r) {
        Optional<String> file = r.optional("trustStore");
        if (file.isEmpty()) {
            return null;
        }
        char[] password =
                r.optional("trustStorePassword").map(String::toCharArray).orElse(null);
        try {
            return KeyStore.getInstance(Path.of(file.get()).toFile(), password);
        } catch (IOException | GeneralSecurityException | IllegalArgumentException e) {
            r.problem("trustStore " + file.get() + " cannot be used: " + e.getMessage());
            return null;
        }
    }

    /** What must never appear in a reason. */
    List<String> secrets() {
        List<String> s = new ArrayList<>();
        password.ifPresent(s::add);
        return s;
    }
}

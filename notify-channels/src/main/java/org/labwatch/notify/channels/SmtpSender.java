package org.labwatch.notify.channels;

import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import java.security.GeneralSecurityException;
import java.util.Date;
import java.util.Properties;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.eclipse.angus.mail.smtp.SMTPSSLTransport;
import org.eclipse.angus.mail.smtp.SMTPTransport;
import org.labwatch.spi.Delivery;

/**
 * Sends one email over SMTP with Angus Mail: STARTTLS (required, so a login never travels in the
 * clear) or SMTPS, the server's name checked against its certificate, the channel's timeout on
 * connecting, reading and writing.
 */
final class SmtpSender {

    Delivery send(MailSettings s, MailText text) {
        String server = s.host() + ":" + s.port();
        try {
            return MailClassLoader.INSTANCE.run(() -> {
                Session session = Session.getInstance(properties(s));
                MimeMessage message = message(session, s, text);
                // The transport class itself, not session.getTransport(): no provider look-up to go wrong.
                SMTPTransport transport = s.security() == MailSettings.Security.SMTPS
                        ? new SMTPSSLTransport(session, null)
                        : new SMTPTransport(session, null);
                try {
                    transport.connect(
                            s.host(),
                            s.port(),
                            s.username().orElse(null),
                            s.password().orElse(null));
                    transport.sendMessage(message, message.getAllRecipients());
                } finally {
                    try {
                        transport.close();
                    } catch (MessagingException e) {
                        // sent (or failed) already; QUIT is a courtesy
                    }
                }
                return Delivery.sent();
            });
        } catch (MessagingException e) {
            Delivery d = SmtpFailures.of(e, server, s.to().size());
            return new Delivery(d.outcome(), d.retryAfter(), Secrets.scrub(d.reason(), s.secrets()));
        } catch (GeneralSecurityException e) {
            return Delivery.failed("trustStore cannot be used: " + e.getMessage());
        } catch (Exception e) {
            return Delivery.failed(Secrets.scrub("sending through " + server + " failed: " + e, s.secrets()));
        }
    }

    private static Properties properties(MailSettings s) throws GeneralSecurityException {
        String protocol = s.security() == MailSettings.Security.SMTPS ? "smtps" : "smtp";
        String p = "mail." + protocol + ".";
        String ms = String.valueOf(s.timeout().toMillis());
        Properties props = new Properties();
        // The Message-ID's domain: the sender's, not "localhost", which spam filters hold against a mail.
        props.put("mail.from", s.from().getAddress());
        props.put(p + "connectiontimeout", ms);
        props.put(p + "timeout", ms);
        props.put(p + "writetimeout", ms);
        props.put(p + "auth", String.valueOf(s.username().isPresent()));
        // One refused address does not keep the message from the others (SmtpFailures says who).
        props.put(p + "sendpartial", "true");
        if (s.security() == MailSettings.Security.STARTTLS) {
            props.put(p + "starttls.enable", "true");
            props.put(p + "starttls.required", "true");
        }
        if (s.security() != MailSettings.Security.NONE) {
            props.put(p + "ssl.checkserveridentity", "true");
            if (s.trustStore() != null) {
                TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                tmf.init(s.trustStore());
                SSLContext context = SSLContext.getInstance("TLS");
                context.init(null, tmf.getTrustManagers(), null);
                props.put(p + "ssl.socketFactory", context.getSocketFactory());
            }
        }
        return props;
    }

    private static MimeMessage message(Session session, MailSettings s, MailText text) throws MessagingException {
        MimeMessage m = new MimeMessage(session);
        m.setFrom(s.from());
        m.setRecipients(Message.RecipientType.TO, s.to().toArray(new InternetAddress[0]));
        m.setSubject(text.subject(), "UTF-8");
        m.setSentDate(new Date());
        // RFC 3834: out-of-office replies and the like are not sent back to a machine.
        m.setHeader("Auto-Submitted", "auto-generated");
        if (s.html()) {
            MimeBodyPart plain = new MimeBodyPart();
            plain.setText(text.plain(), "UTF-8");
            MimeBodyPart html = new MimeBodyPart();
            html.setText(text.html(), "UTF-8", "html");
            MimeMultipart alternative = new MimeMultipart("alternative", plain, html);
            m.setContent(alternative);
        } else {
            m.setText(text.plain(), "UTF-8");
        }
        m.saveChanges();
        return m;
    }
}

package org.labwatch.notify.channels;

import jakarta.mail.Address;
import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.MessagingException;
import jakarta.mail.SendFailedException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLException;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.labwatch.spi.Delivery;

/**
 * What an SMTP failure means for a delivery. SMTP says it in its reply codes: 4xx is "not now"
 * (try again), 5xx "never" (a refused address or sender, a refused login). Without a reply (no
 * connection, a timeout) the server may be back later; a certificate that is not trusted or a
 * server without the STARTTLS the channel requires stays so until the lab changes something.
 */
final class SmtpFailures {

    private SmtpFailures() {}

    static Delivery of(MessagingException e, String server, int recipients) {
        if (e instanceof AuthenticationFailedException) {
            String reply = oneLine(e.getMessage());
            if (reply.startsWith("4")) {
                return Delivery.retry(null, "login to " + server + " not possible now: " + reply);
            }
            return Delivery.failed("login to " + server + " refused (check username and password): " + reply);
        }
        if (e instanceof SendFailedException) {
            return sendFailed((SendFailedException) e, server, recipients);
        }
        if (e.getMessage() != null && e.getMessage().startsWith("STARTTLS is required")) {
            return Delivery.failed(server + " does not offer STARTTLS, so nothing was sent (the login would travel"
                    + " unencrypted): use security = smtps or another port, or none only for a trusted relay");
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SSLException) {
                return Delivery.failed("TLS with " + server + " failed (a certificate not trusted, or a name that"
                        + " does not match?): " + oneLine(t.getMessage()));
            }
        }
        for (Throwable t = e.getCause(); t != null; t = t.getCause()) {
            if (t instanceof IOException) {
                return Delivery.retry(
                        null,
                        "cannot reach " + server + ": " + t.getClass().getSimpleName() + " " + oneLine(t.getMessage()));
            }
        }
        // A bad greeting (421 busy), a dropped connection: nothing says it will stay so.
        return Delivery.retry(null, server + ": " + oneLine(e.getMessage()));
    }

    /**
     * Refused addresses or a refused message. When some recipients took it, it was sent: another try
     * would send it to them again.
     */
    private static Delivery sendFailed(SendFailedException e, String server, int recipients) {
        List<String> refused = new ArrayList<>();
        boolean temporary = false;
        for (Exception x = e;
                x != null;
                x = x instanceof MessagingException ? ((MessagingException) x).getNextException() : null) {
            if (x instanceof SMTPAddressFailedException) {
                SMTPAddressFailedException a = (SMTPAddressFailedException) x;
                refused.add(a.getAddress() + " (" + oneLine(a.getMessage()) + ")");
                temporary |= a.getReturnCode() / 100 == 4;
            } else if (x instanceof SMTPSendFailedException) {
                SMTPSendFailedException f = (SMTPSendFailedException) x;
                temporary |= f.getReturnCode() / 100 == 4;
            }
        }
        Address[] sent = e.getValidSentAddresses();
        if (sent != null && sent.length > 0) {
            return new Delivery(
                    Delivery.Outcome.SENT,
                    null,
                    "sent to " + sent.length + " of " + recipients + " recipients; " + server + " refused "
                            + String.join(", ", refused));
        }
        String what = refused.isEmpty()
                ? "refused the message: " + oneLine(e.getMessage())
                : "refused " + String.join(", ", refused);
        return temporary ? Delivery.retry(null, server + " " + what) : Delivery.failed(server + " " + what);
    }

    private static String oneLine(String s) {
        return s == null ? "" : s.strip().replaceAll("\\s+", " ");
    }
}

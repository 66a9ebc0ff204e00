package org.labwatch.notify.channels;

import java.util.List;
import org.labwatch.spi.ChannelSettings;
import org.labwatch.spi.Delivery;
import org.labwatch.spi.Notification;
import org.labwatch.spi.Notifier;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;

/** {@code type = email}: one email per notification through the lab's SMTP server. */
@Component(
        service = Notifier.class,
        configurationPolicy = ConfigurationPolicy.IGNORE,
        property = Notifier.TYPE + "=email")
public class EmailNotifier implements Notifier {

    private final SmtpSender sender = new SmtpSender();

    @Override
    public List<String> check(ChannelSettings settings) {
        return MailSettings.read(settings).problems();
    }

    @Override
    public Delivery deliver(ChannelSettings settings, Notification notification) {
        MailSettings s = MailSettings.read(settings);
        if (!s.problems().isEmpty()) {
            return Delivery.failed(String.join("; ", s.problems()));
        }
        return sender.send(s, MailText.of(notification, s.subjectPrefix(), settings.name()));
    }
}

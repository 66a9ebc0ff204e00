package org.labwatch.notify;

import java.util.Map;
import org.osgi.service.component.ComponentConstants;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;

/**
 * One notification channel per factory configuration {@code org.labwatch.notify} (File Install makes
 * one of each {@code etc/org.labwatch.notify-<name>.cfg}): it exists while its file does, takes a
 * change in place, and hands everything to the {@link NotifyEngine}. A bad configuration is logged
 * naming the file and the setting, and touches no other channel.
 */
@Designate(ocd = ChannelConfig.class, factory = true)
@Component(
        name = ChannelConfig.FACTORY_PID,
        configurationPid = ChannelConfig.FACTORY_PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE,
        service = {})
public final class ChannelComponent {

    private final NotifyEngine engine;
    private final Channel channel;

    @Activate
    public ChannelComponent(
            @Reference(name = "engine") NotifyEngine engine, ChannelConfig config, Map<String, Object> properties) {
        this.engine = engine;
        this.channel = engine.open(ChannelSpec.of(config, properties));
    }

    @Modified
    void modified(ChannelConfig config, Map<String, Object> properties) {
        engine.update(channel, ChannelSpec.of(config, properties));
    }

    /**
     * Only a deleted configuration deletes the channel's outbox: at a shutdown or a bundle update
     * what waits there is sent after the restart.
     */
    @Deactivate
    void deactivate(int reason) {
        engine.close(channel, reason == ComponentConstants.DEACTIVATION_REASON_CONFIGURATION_DELETED);
    }
}

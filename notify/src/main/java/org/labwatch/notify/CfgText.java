package org.labwatch.notify;

import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Map;

/**
 * A channel's cfg text as its typed {@link ChannelConfig} outside a container, converted as SCR
 * converts it: declared defaults for what is absent, and a value that is not a number throws when
 * the setting is read (which {@link Rules} turns into a sentence naming the setting).
 */
final class CfgText {

    private CfgText() {}

    static ChannelConfig channelConfig(Map<String, ?> settings) {
        return (ChannelConfig) Proxy.newProxyInstance(
                ChannelConfig.class.getClassLoader(), new Class<?>[] {ChannelConfig.class}, (self, m, args) -> {
                    switch (m.getName()) {
                        case "annotationType":
                            return ChannelConfig.class;
                        case "toString":
                            return "ChannelConfig" + settings.keySet();
                        case "hashCode":
                            return System.identityHashCode(self);
                        case "equals":
                            return self == args[0];
                        default:
                            return value(m, settings.get(m.getName()));
                    }
                });
    }

    private static Object value(Method m, Object raw) {
        if (raw == null) {
            return m.getDefaultValue();
        }
        String text = raw.toString().trim();
        Class<?> type = m.getReturnType();
        try {
            if (type == long.class) {
                return Long.parseLong(text);
            }
            if (type == int.class) {
                return Integer.parseInt(text);
            }
            if (type == double.class) {
                return Double.parseDouble(text);
            }
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' is not a number");
        }
        return raw.toString();
    }
}

package org.labwatch.internal.config;

import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Map;

/**
 * Builds a typed DS configuration ({@code @interface}) outside a container: its declared defaults,
 * optionally overridden by name. Lets one component class serve OSGi (SCR passes the config),
 * {@link java.util.ServiceLoader} (defaults) and plain unit tests (overrides).
 */
public final class Configs {

    private Configs() {
    }

    public static <A extends Annotation> A defaults(Class<A> type) {
        return of(type, Map.of());
    }

    /**
     * @param overrides values by method name; a value of the wrong type fails when the component reads it
     * @throws IllegalArgumentException for an override that names no method of {@code type}
     */
    public static <A extends Annotation> A of(Class<A> type, Map<String, ?> overrides) {
        for (String key : overrides.keySet()) {
            try {
                type.getMethod(key);
            } catch (NoSuchMethodException e) {
                throw new IllegalArgumentException(type.getName() + " has no setting '" + key + "'");
            }
        }
        Object proxy = Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[]{type},
                (self, method, args) -> answer(type, overrides, self, method, args));
        return type.cast(proxy);
    }

    private static Object answer(Class<?> type, Map<String, ?> overrides, Object self, Method method, Object[] args) {
        String name = method.getName();
        switch (name) {
            case "annotationType":
                return type;
            case "toString":
                return type.getSimpleName() + overrides;
            case "hashCode":
                return System.identityHashCode(self);
            case "equals":
                return self == args[0];
            default:
                if (overrides.containsKey(name)) {
                    return overrides.get(name);
                }
                Object value = method.getDefaultValue();
                if (value == null) {
                    throw new IllegalStateException(type.getName() + "." + name + " has no default and was not set");
                }
                return value;
        }
    }
}

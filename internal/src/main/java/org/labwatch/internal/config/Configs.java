package org.labwatch.internal.config;

import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Builds a typed DS configuration ({@code @interface}) outside a container: its declared defaults,
 * optionally overridden by name. Lets one component class serve OSGi (SCR passes the config),
 * {@link java.util.ServiceLoader} (defaults) and plain unit tests (overrides).
 */
public final class Configs {

    private Configs() {}

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
        Object proxy = Proxy.newProxyInstance(
                type.getClassLoader(),
                new Class<?>[] {type},
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
                    return coerce(method.getReturnType(), overrides.get(name));
                }
                Object value = method.getDefaultValue();
                if (value == null) {
                    throw new IllegalStateException(type.getName() + "." + name + " has no default and was not set");
                }
                return value;
        }
    }

    /**
     * A setting of a typed configuration, or {@code fallback} when the configuration holds a value
     * its type cannot take, after telling {@code problem} why. SCR converts text to an enum by the
     * exact name of a constant and throws only when the setting is read (Felix SCR 2.2: a
     * {@code ComponentException} naming the text), as does {@link #of} here; without this a typo
     * in a cfg file would fail the component's activation or a request, far from the cause.
     *
     * @param fallback what to use instead; may be {@code null} when the caller treats that as "refuse"
     * @param problem  told the reason, to be logged with the setting's name and accepted values
     */
    public static <T> T orElse(Supplier<T> setting, T fallback, Consumer<String> problem) {
        T value;
        try {
            value = setting.get();
        } catch (RuntimeException e) {
            problem.accept(String.valueOf(e.getMessage()));
            return fallback;
        }
        if (value == null) {
            problem.accept("no value");
            return fallback;
        }
        return value;
    }

    /** Text to an enum as SCR does it: by the exact constant name, failing when read. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Object coerce(Class<?> type, Object value) {
        if (type.isEnum() && value instanceof String text) {
            return Enum.valueOf((Class<? extends Enum>) type, text);
        }
        return value;
    }
}

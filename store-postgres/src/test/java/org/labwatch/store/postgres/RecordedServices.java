package org.labwatch.store.postgres;

import java.util.Collections;
import java.util.Dictionary;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/** A test's service registry: what the store registered, with its properties, and what it took back. */
final class RecordedServices implements Registrar {

    static final class Service implements Registrar.Registration {
        final Class<?> type;
        final Object service;
        volatile Map<String, Object> properties;
        volatile boolean unregistered;

        Service(Class<?> type, Object service, Dictionary<String, Object> properties) {
            this.type = type;
            this.service = service;
            setProperties(properties);
        }

        @Override
        public void setProperties(Dictionary<String, Object> p) {
            Map<String, Object> copy = new java.util.HashMap<>();
            for (String k : Collections.list(p.keys())) {
                copy.put(k, p.get(k));
            }
            properties = Map.copyOf(copy);
        }

        @Override
        public void unregister() {
            unregistered = true;
        }
    }

    final List<Service> all = new CopyOnWriteArrayList<>();

    @Override
    public <S> Registration register(Class<S> type, S service, Dictionary<String, Object> properties) {
        Service s = new Service(type, service, properties);
        all.add(s);
        return s;
    }

    /** The registered (not unregistered) service of this type, if any. */
    Optional<Service> live(Class<?> type) {
        return all.stream().filter(s -> s.type == type && !s.unregistered).findFirst();
    }

    <S> S service(Class<S> type) {
        return type.cast(live(type).orElseThrow().service);
    }
}

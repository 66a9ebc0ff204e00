package org.labwatch.store.postgres;

import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import org.osgi.framework.Constants;

/**
 * The store's services, registered while the database holds the schema this labwatch runs on:
 * each with its type property ({@code labwatch.store.type=postgres} or
 * {@code labwatch.sink.type=postgres}) and {@code service.ranking} from the configuration.
 */
final class StoreServices implements AutoCloseable {

    private record Registered(Registrar.Registration registration, String typeKey) {}

    private final Registrar registrar;
    private final List<Registered> registered = new ArrayList<>();
    /** The services that hold threads or connections, closed after they are unregistered. */
    private final java.util.Set<AutoCloseable> owned =
            java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());

    private int ranking;

    StoreServices(Registrar registrar, int ranking) {
        this.registrar = registrar;
        this.ranking = ranking;
    }

    /** @param typeKey the property that selects the implementation: {@code StatusStore.TYPE}, {@code LogSink.TYPE} */
    synchronized <S> void register(Class<S> type, S service, String typeKey) {
        registered.add(new Registered(registrar.register(type, service, properties(typeKey)), typeKey));
        if (service instanceof AutoCloseable c) {
            owned.add(c);
        }
    }

    /** A new ranking, in place: consumers keep their service. */
    synchronized void rank(int newRanking) {
        if (newRanking == ranking) {
            return;
        }
        ranking = newRanking;
        for (Registered r : registered) {
            r.registration().setProperties(properties(r.typeKey()));
        }
    }

    private Dictionary<String, Object> properties(String typeKey) {
        Hashtable<String, Object> p = new Hashtable<>();
        p.put(typeKey, PostgresStore.TYPE);
        p.put(Constants.SERVICE_RANKING, ranking);
        return p;
    }

    @Override
    public synchronized void close() {
        for (Registered r : registered) {
            r.registration().unregister();
        }
        registered.clear();
        for (AutoCloseable c : owned) {
            try {
                c.close();
            } catch (Exception e) {
                System.getLogger(StoreServices.class.getName())
                        .log(System.Logger.Level.WARNING, "closing " + c + ": " + e, e);
            }
        }
        owned.clear();
    }
}

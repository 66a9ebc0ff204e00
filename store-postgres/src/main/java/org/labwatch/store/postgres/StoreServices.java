package org.labwatch.store.postgres;

import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceRegistration;

/**
 * The store's services, registered while the database holds the schema this labwatch runs on:
 * each with its type property ({@code labwatch.store.type=postgres} or
 * {@code labwatch.sink.type=postgres}) and {@code service.ranking} from the configuration.
 */
final class StoreServices implements AutoCloseable {

    private record Registered(ServiceRegistration<?> registration, String typeKey) {}

    private final BundleContext context;
    private final List<Registered> registered = new ArrayList<>();
    private int ranking;

    StoreServices(BundleContext context, int ranking) {
        this.context = context;
        this.ranking = ranking;
    }

    /** @param typeKey the property that selects the implementation: {@code StatusStore.TYPE}, {@code LogSink.TYPE} */
    synchronized <S> void register(Class<S> type, S service, String typeKey) {
        registered.add(new Registered(context.registerService(type, service, properties(typeKey)), typeKey));
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
            try {
                r.registration().unregister();
            } catch (IllegalStateException alreadyGone) {
                // the bundle is stopping
            }
        }
        registered.clear();
    }
}

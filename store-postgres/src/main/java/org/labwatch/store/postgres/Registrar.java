package org.labwatch.store.postgres;

import java.util.Dictionary;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;

/**
 * Where the store's services are registered: the bundle's service registry, or a test's record of
 * what would be registered (the store's opening and refusing are tested without a framework).
 */
interface Registrar {

    /** One registered service. */
    interface Registration {
        void setProperties(Dictionary<String, Object> properties);

        void unregister();
    }

    <S> Registration register(Class<S> type, S service, Dictionary<String, Object> properties);

    static Registrar of(BundleContext context) {
        return new Registrar() {
            @Override
            public <S> Registration register(Class<S> type, S service, Dictionary<String, Object> properties) {
                ServiceRegistration<S> r = context.registerService(type, service, properties);
                return new Registration() {
                    @Override
                    public void setProperties(Dictionary<String, Object> p) {
                        r.setProperties(p);
                    }

                    @Override
                    public void unregister() {
                        try {
                            r.unregister();
                        } catch (IllegalStateException alreadyGone) {
                            // the bundle is stopping
                        }
                    }
                };
            }
        };
    }
}

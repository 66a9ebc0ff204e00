package org.labwatch.web.auth;

import java.security.Principal;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import javax.security.auth.Subject;
import javax.security.auth.callback.Callback;
import javax.security.auth.callback.NameCallback;
import javax.security.auth.callback.PasswordCallback;
import javax.security.auth.callback.UnsupportedCallbackException;
import javax.security.auth.login.Configuration;
import javax.security.auth.login.LoginContext;
import javax.security.auth.login.LoginException;

/**
 * A JAAS login against a named realm. In Karaf the JVM-wide {@link Configuration} is Karaf's own
 * (its jaas bundle installs it with {@code Configuration.setConfiguration} and answers with the
 * {@code JaasRealm} services, e.g. {@code karaf} over {@code etc/users.properties}), so a plain
 * {@link LoginContext} sees the same users as the shell and the web console.
 */
final class RealmLogin {

    /** Karaf's role principal; compared by name so this bundle needs no Karaf import. */
    static final String KARAF_ROLE_PRINCIPAL = "org.apache.karaf.jaas.boot.principal.RolePrincipal";

    private final Supplier<Configuration> configuration;

    RealmLogin(Supplier<Configuration> configuration) {
        this.configuration = configuration;
    }

    /**
     * @return the user's roles
     * @throws LoginException {@link javax.security.auth.login.FailedLoginException} and the other
     *     {@link javax.security.auth.login.AccountException}/{@link javax.security.auth.login.CredentialException}
     *     subclasses for credentials the realm refused; any other for a realm that could not decide
     */
    Set<String> login(String realm, BasicCredentials credentials) throws LoginException {
        Subject subject = new Subject();
        Thread thread = Thread.currentThread();
        ClassLoader caller = thread.getContextClassLoader();
        // LoginContext loads the realm's module class (Karaf's ProxyLoginModule from lib/boot) through the
        // context class loader, which under Pax Web is the web context's. This bundle's loader reaches it by
        // Karaf's boot delegation of org.apache.karaf.jaas.boot.
        thread.setContextClassLoader(RealmLogin.class.getClassLoader());
        try {
            LoginContext context =
                    new LoginContext(realm, subject, callbacks -> answer(callbacks, credentials), configuration.get());
            context.login();
            Set<String> roles = new TreeSet<>();
            for (Principal p : subject.getPrincipals()) {
                if (p.getClass().getName().equals(KARAF_ROLE_PRINCIPAL)) {
                    roles.add(p.getName());
                }
            }
            context.logout();
            return roles;
        } finally {
            thread.setContextClassLoader(caller);
        }
    }

    private static void answer(Callback[] callbacks, BasicCredentials credentials) throws UnsupportedCallbackException {
        for (Callback c : callbacks) {
            if (c instanceof NameCallback name) {
                name.setName(credentials.user());
            } else if (c instanceof PasswordCallback password) {
                password.setPassword(credentials.password());
            } else {
                throw new UnsupportedCallbackException(c, "a Basic login has only a user name and a password");
            }
        }
    }
}

package org.labwatch.web.auth;

import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import javax.security.auth.login.AccountException;
import javax.security.auth.login.Configuration;
import javax.security.auth.login.CredentialException;
import javax.security.auth.login.FailedLoginException;
import javax.security.auth.login.LoginException;
import org.labwatch.internal.config.Configs;
import org.labwatch.web.config.Auth;
import org.labwatch.web.config.WebConfig;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;

/**
 * Who may read the dashboard and the API: everyone ({@code auth = none}), or users the JAAS realm
 * accepts over HTTP Basic ({@code auth = basic}), optionally only with a role.
 *
 * <p>A component of its own, consulted by {@link org.labwatch.web.ReadAuthFilter} on each request,
 * rather than settings on the filter (the {@code org.labwatch.web} package-info says why): here an
 * edit of {@code etc/org.labwatch.web.cfg} only replaces a field, and applies to the next request.
 */
@Component(name = "org.labwatch.web.access", service = ReadAccess.class, configurationPid = WebConfig.PID)
public final class ReadAccess {

    private static final System.Logger LOG = System.getLogger(ReadAccess.class.getName());

    /** What a request gets: through, or an answer with this status and a message that names no user or reason. */
    public record Decision(int status, String message) {
        static final Decision ALLOW = new Decision(200, null);
        static final Decision ASK = new Decision(401, "authentication required");
        static final Decision FORBIDDEN = new Decision(403, "this user may not read labwatch");
        public static final Decision UNAVAILABLE =
                new Decision(503, "authentication is not available; the server log says why");

        public boolean allowed() {
            return status == 200;
        }
    }

    /** @param mode {@code null} when the configured value is not one labwatch knows: every read is refused */
    private record Policy(Auth mode, String realm, String role) {}

    private final RealmLogin login;
    private volatile Policy policy;
    private String lastProblem;

    @Activate
    public ReadAccess(WebConfig config) {
        this(config, Configuration::getConfiguration);
    }

    ReadAccess(WebConfig config, Supplier<Configuration> jaas) {
        this.login = new RealmLogin(jaas);
        modified(config);
    }

    @Modified
    void modified(WebConfig config) {
        // Not a guess at what a misspelt value meant: refusing reads is the safe way to be wrong.
        Auth mode = Configs.orElse(
                config::auth,
                null,
                problem -> LOG.log(
                        System.Logger.Level.ERROR,
                        WebConfig.PID
                                + ": auth is neither 'none' nor 'basic', written exactly so, in lower case (" + problem
                                + "); every read is refused with 503 until it is fixed"));
        String realm = config.realm() == null || config.realm().isBlank()
                ? "karaf"
                : config.realm().trim();
        String role = config.role() == null ? "" : config.role().trim();
        policy = new Policy(mode, realm, role);
        if (mode != null) {
            LOG.log(
                    System.Logger.Level.INFO,
                    WebConfig.PID + ": read access "
                            + (mode == Auth.none
                                    ? "open to everyone"
                                    : "needs a user of JAAS realm '" + realm + "'"
                                            + (role.isEmpty() ? "" : " with role '" + role + "'")));
        }
    }

    public Decision check(String authorizationHeader) {
        Policy p = policy;
        if (p.mode() == null) {
            return Decision.UNAVAILABLE;
        }
        if (p.mode() == Auth.none) {
            return Decision.ALLOW;
        }
        Optional<BasicCredentials> credentials = BasicCredentials.of(authorizationHeader);
        if (credentials.isEmpty()) {
            return Decision.ASK;
        }
        Set<String> roles;
        try {
            roles = login.login(p.realm(), credentials.get());
        } catch (FailedLoginException | AccountException | CredentialException e) {
            LOG.log(
                    System.Logger.Level.DEBUG,
                    () -> "realm '" + p.realm() + "' refused user '"
                            + printable(credentials.get().user()) + "': " + e.getMessage());
            return Decision.ASK;
        } catch (LoginException | RuntimeException e) {
            // LoginException: no such realm, or a module that failed (unreadable users file, LDAP down...);
            // SecurityException: the JVM has no JAAS configuration at all.
            problem("JAAS realm '" + p.realm() + "' could not check a login, so reads are refused with 503: " + e);
            return Decision.UNAVAILABLE;
        }
        recovered();
        if (!p.role().isEmpty() && !roles.contains(p.role())) {
            return Decision.FORBIDDEN;
        }
        return Decision.ALLOW;
    }

    /** Once per distinct problem, not once per request: a dashboard polls, and the log would fill. */
    private synchronized void problem(String text) {
        if (!text.equals(lastProblem)) {
            lastProblem = text;
            LOG.log(System.Logger.Level.ERROR, text);
        }
    }

    private synchronized void recovered() {
        if (lastProblem != null) {
            lastProblem = null;
            LOG.log(System.Logger.Level.INFO, "JAAS realm '" + policy.realm() + "' checks logins again");
        }
    }

    /** A user name as typed by anyone on the network, safe for one log line. */
    private static String printable(String s) {
        StringBuilder out = new StringBuilder(Math.min(s.length(), 64));
        for (int i = 0; i < s.length() && out.length() < 64; i++) {
            char c = s.charAt(i);
            out.append(Character.isISOControl(c) ? '?' : c);
        }
        return out.toString();
    }
}

package org.labwatch.webconsole;

/**
 * The two settings of {@code org.labwatch.web} this page needs, so that it calls the same runs
 * stale as the dashboard. The metatype of that PID is the web bundle's; this is only a view of it.
 */
@interface ConsoleConfig {

    long staleAfterSeconds() default 30;

    long staleWithoutHeartbeatAfterSeconds() default 300;
}

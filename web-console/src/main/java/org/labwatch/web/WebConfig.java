package org.labwatch.web;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Settings of {@code org.labwatch.web} ({@code etc/org.labwatch.web.cfg}; {@code ./labwatch} writes them from its flags). */
@ObjectClassDefinition(id = WebConfig.PID, name = "labwatch web",
        description = "Which experiment directories the labwatch server shows")
@interface WebConfig {

    String PID = "org.labwatch.web";

    @AttributeDefinition(description = "Experiment directory whose monitoring/{logs,status,plots} the server shows"
            + " (relative paths are relative to the Karaf base directory)")
    String dataDir() default "labwatch-data";

    @AttributeDefinition(description = "Further status directories to watch, e.g. a Python notebook's, comma-separated")
    String statusDirs() default "";

    @AttributeDefinition(description = "Further log directories to watch, comma-separated")
    String logDirs() default "";

    @AttributeDefinition(description = "Further plot directories to watch, comma-separated")
    String plotsDirs() default "";

    @AttributeDefinition(description = "A running experiment with a heartbeat is shown as stale after this many seconds"
            + " without one (3 x labwatch's 10 s heartbeat)")
    long staleAfterSeconds() default 30;

    @AttributeDefinition(description = "A running experiment without heartbeat (e.g. written by the seed's Python tool)"
            + " is shown as stale after this many seconds without an update")
    long staleWithoutHeartbeatAfterSeconds() default 300;

    @AttributeDefinition(description = "Experiments per page of /api/experiments when the request says no limit")
    int pageSize() default 100;

    @AttributeDefinition(description = "Events kept for clients that reconnect with Last-Event-ID")
    int eventReplay() default 1000;

    @AttributeDefinition(description = "Seconds between keep-alive comments on /api/events (proxies close silent streams)")
    int keepAliveSeconds() default 15;

    @AttributeDefinition(description = "Who may read the dashboard and API: none (everyone) or basic (HTTP Basic against"
            + " the JAAS realm; /api/health stays open for monitoring probes)")
    Auth auth() default Auth.none;

    @AttributeDefinition(description = "JAAS realm that checks users for auth = basic (karaf: etc/users.properties)")
    String realm() default "karaf";

    @AttributeDefinition(description = "Role a user needs for auth = basic (e.g. viewer); empty: any user of the realm")
    String role() default "";
}

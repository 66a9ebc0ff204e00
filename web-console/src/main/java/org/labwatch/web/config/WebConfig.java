package org.labwatch.web.config;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/** Settings of {@code org.labwatch.web} ({@code etc/org.labwatch.web.cfg}; the directories and staleness thresholds are the index's, {@code org.labwatch.index}). */
@ObjectClassDefinition(
        id = WebConfig.PID,
        name = "labwatch web",
        description =
                "How the labwatch dashboard and HTTP API answer (the directories and staleness are org.labwatch.index)")
public @interface WebConfig {

    String PID = "org.labwatch.web";

    @AttributeDefinition(description = "Experiments per page of /api/experiments when the request says no limit")
    int pageSize() default 100;

    @AttributeDefinition(description = "Events kept for clients that reconnect with Last-Event-ID")
    int eventReplay() default 1000;

    @AttributeDefinition(
            description = "Seconds between keep-alive comments on /api/events (proxies close silent streams)")
    int keepAliveSeconds() default 15;

    @AttributeDefinition(
            description = "Who may read the dashboard and API: none (everyone) or basic (HTTP Basic against"
                    + " the JAAS realm; /api/health stays open for monitoring probes)")
    Auth auth() default Auth.none;

    @AttributeDefinition(description = "JAAS realm that checks users for auth = basic (karaf: etc/users.properties)")
    String realm() default "karaf";

    @AttributeDefinition(description = "Role a user needs for auth = basic (e.g. viewer); empty: any user of the realm")
    String role() default "";
}

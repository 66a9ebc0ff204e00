package org.labwatch.index;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Settings of {@code org.labwatch.index} ({@code etc/org.labwatch.index.cfg}; {@code ./labwatch} writes
 * the directories from its flags). Servers set up before the index had its own configuration kept
 * these keys in {@code etc/org.labwatch.web.cfg}; {@link MovedWebSettings} says so when it finds them.
 */
@ObjectClassDefinition(
        id = IndexConfig.PID,
        name = "labwatch index",
        description = "Which experiment directories the labwatch server shows, and when a running experiment is stale")
@interface IndexConfig {

    String PID = "org.labwatch.index";
    /** Where these keys lived before {@link #PID}. */
    String LEGACY_PID = "org.labwatch.web";

    @AttributeDefinition(
            description = "Experiment directory whose monitoring/{logs,status,plots} the server shows"
                    + " (relative paths are relative to the Karaf base directory)")
    String dataDir() default "labwatch-data";

    @AttributeDefinition(description = "Further status directories to watch, e.g. a Python notebook's, comma-separated")
    String statusDirs() default "";

    @AttributeDefinition(description = "Further log directories to watch, comma-separated")
    String logDirs() default "";

    @AttributeDefinition(description = "Further plot directories to watch, comma-separated")
    String plotsDirs() default "";

    @AttributeDefinition(
            description = "Where runs shipped from other machines are kept, <source>/<root>/monitoring/..."
                    + " (empty: <dataDir>/remote; relative paths are relative to dataDir)")
    String remoteDir() default "";

    @AttributeDefinition(
            description = "A running experiment with a heartbeat is shown as stale after this many seconds"
                    + " without one (3 x labwatch's 10 s heartbeat)")
    long staleAfterSeconds() default 30;

    @AttributeDefinition(
            description = "A running experiment without heartbeat (e.g. written by the seed's Python tool)"
                    + " is shown as stale after this many seconds without an update")
    long staleWithoutHeartbeatAfterSeconds() default 300;

    @AttributeDefinition(
            description = "Seconds between full listings of the status directories, a safety net for"
                    + " changes a store's watch did not report")
    long relistSeconds() default 60;
}

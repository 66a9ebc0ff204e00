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
}

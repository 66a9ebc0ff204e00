/**
 * The service provider interface: what a log sink, status store, plot store or dashboard
 * panel implements. In Karaf these are OSGi services chosen by service properties; outside
 * a container they are found with {@link java.util.ServiceLoader}.
 */
@Export
@Version("3.2.0")
package org.labwatch.spi;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;

/**
 * The client API of labwatch: what an experiment calls to report logs, steps, plots and
 * its outcome, and the immutable model of an experiment's status as stored on disk.
 */
@Export
@Version("1.2.0")
package org.labwatch.api;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;

/**
 * {@code /api/experiments} and everything below it (list, one experiment, its log, its plots, its
 * metrics, its raw files), answered from the experiment index (and the bound log source, plot store
 * and metric source): {@link org.labwatch.web.api.ExperimentsApi}
 * routes, the other classes each answer one kind of resource. Read-only; paths are checked
 * before anything is looked up in a directory.
 */
package org.labwatch.web.api;

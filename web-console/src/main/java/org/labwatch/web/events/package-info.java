/**
 * The Server-Sent Events of {@code /api/events}: {@link org.labwatch.web.events.EventHub} numbers,
 * keeps and sends the events to each client; the index's watch feeds it runs that were added,
 * changed or removed, and {@link org.labwatch.web.events.LogFollower}, driven by a {@link
 * org.labwatch.web.events.LogDirectoryWatch}, the records that runs append to their logs;
 * {@link org.labwatch.web.events.MetricEvents}, driven by the metric source's watch, which runs'
 * metrics grew (at most 4 events a second per run); {@link org.labwatch.web.events.StoreState},
 * looked at every second, whether a store that can be away (a database) went away or came back.
 */
package org.labwatch.web.events;

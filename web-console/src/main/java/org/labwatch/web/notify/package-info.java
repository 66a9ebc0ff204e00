/**
 * {@code /api/notify/channels}: the notification channels as the dashboard's notifications page shows
 * them, read from the {@code NotificationChannels} service of the notify feature (503 without it).
 * Read-only; no secret is ever in it, since the service carries none.
 */
package org.labwatch.web.notify;

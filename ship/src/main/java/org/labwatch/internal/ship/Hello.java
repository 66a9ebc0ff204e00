package org.labwatch.internal.ship;

/** The server's answer to {@code GET /api/ingest/v1/}: which source the token writes, and the limits. */
record Hello(int protocol, String source, Limits limits) {}

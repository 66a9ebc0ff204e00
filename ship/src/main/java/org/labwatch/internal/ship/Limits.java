package org.labwatch.internal.ship;

/** The sizes the server accepts ({@code GET /api/ingest/v1/}), in bytes. */
record Limits(long chunkBytes, long statusBytes, long plotBytes) {}

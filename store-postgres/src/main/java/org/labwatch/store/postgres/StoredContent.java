package org.labwatch.store.postgres;

/** A whole-content file (status, plot) with its bytes and their SHA-256. */
record StoredContent(FileRow row, byte[] content, byte[] sha256) {}

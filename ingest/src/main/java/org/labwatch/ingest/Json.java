package org.labwatch.ingest;

import com.fasterxml.jackson.databind.ObjectMapper;

/** The one JSON mapper of the bundle: answers and the per-root state files. */
final class Json {

    static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {}
}

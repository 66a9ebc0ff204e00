package org.labwatch.index;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/** The status file of the seed's Python tool, from its guide's example. */
final class Seed {

    private Seed() {}

    static String example() throws IOException {
        try (InputStream in = Seed.class.getResourceAsStream("/seed_example_status.json")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}

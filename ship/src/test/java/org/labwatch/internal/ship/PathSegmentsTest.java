package org.labwatch.internal.ship;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class PathSegmentsTest {

    @Test
    void encodesEverythingButUnreservedCharacters() {
        assertEquals("run_1-a.b~c", PathSegments.encode("run_1-a.b~c"));
        assertEquals("a%20b%2Bc%2Fd%25", PathSegments.encode("a b+c/d%"));
        assertEquals("K%C3%A4lte", PathSegments.encode("Kälte"));
    }

    @Test
    void namesTheServerWouldRefuse() {
        assertNull(PathSegments.problem("qubit 1 (cold).log"));
        assertNotNull(PathSegments.problem(""));
        assertNotNull(PathSegments.problem(".x_status.json.1a2b.tmp"));
        assertNotNull(PathSegments.problem(".."));
        assertNotNull(PathSegments.problem("a/b"));
        assertNotNull(PathSegments.problem("a\\b"));
        assertNotNull(PathSegments.problem("a\nb"));
        assertNotNull(Shipper.rootProblem("."));
        assertNotNull(PathSegments.problem("ä".repeat(128)), "256 bytes in UTF-8");
        assertNull(PathSegments.problem("a".repeat(255)));
    }
}

package org.labwatch.internal.ship;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {

    @Test
    void readsTheManifestShape() {
        Map<String, Object> m = Json.parseObject(
                "{\"logs\": {\"a b.log\": 12}, \"status\": {\"x_status.json\": {\"version\": 1733300000000000,"
                        + " \"sha256\": \"ab\"}}, \"plots\": {}, \"list\": [1, -2.5e3, true, false, null, \"\\u00e9\\n\"]}");
        assertEquals(Map.of("a b.log", new BigDecimal("12")), m.get("logs"));
        @SuppressWarnings("unchecked")
        Map<String, Object> status = (Map<String, Object>) ((Map<String, Object>) m.get("status")).get("x_status.json");
        assertEquals(new BigDecimal("1733300000000000"), status.get("version"));
        List<?> list = (List<?>) m.get("list");
        assertEquals(new BigDecimal("-2.5e3"), list.get(1));
        assertEquals("é\n", list.get(5));
        assertEquals(null, list.get(4));
    }

    @Test
    void refusesWhatIsNotStrictJson() {
        for (String bad : List.of(
                "",
                "<html>502 Bad Gateway</html>",
                "{\"a\": 1} trailing",
                "{\"a\": 1, \"a\": 2}",
                "{'a': 1}",
                "{\"a\": 01}",
                "{\"a\": \"\\x\"}",
                "{\"a\": \"tab\there\"}",
                "{\"a\": [1, ]}",
                "[1]".repeat(1) + "x",
                "[".repeat(100) + "]".repeat(100))) {
            assertThrows(IllegalArgumentException.class, () -> Json.parseObject(bad), bad);
        }
        assertThrows(IllegalArgumentException.class, () -> Json.parseObject("[1]"), "an array is not an object");
    }
}

package org.labwatch.internal.status;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class TimestampsTest {

    @Test
    void handBuiltTextEqualsTheFormatter() {
        for (OffsetDateTime t : new OffsetDateTime[] {
            OffsetDateTime.of(2025, 1, 1, 12, 0, 0, 0, ZoneOffset.UTC),
            OffsetDateTime.of(2026, 11, 28, 9, 5, 7, 1_000_000, ZoneOffset.ofHours(1)),
            OffsetDateTime.of(999, 12, 31, 23, 59, 59, 999_999_999, ZoneOffset.ofHoursMinutes(-9, -30)),
            OffsetDateTime.of(2024, 2, 29, 0, 0, 0, 120_000_000, ZoneOffset.ofHoursMinutes(5, 45))
        }) {
            assertEquals(Timestamps.WRITE.format(t), Timestamps.format(t));
        }
        assertEquals(
                "2025-01-01T12:00:00.000Z",
                Timestamps.format(OffsetDateTime.of(2025, 1, 1, 12, 0, 0, 0, ZoneOffset.UTC)));
    }
}

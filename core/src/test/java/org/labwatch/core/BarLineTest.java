package org.labwatch.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The console line, character for character, for fixed counts and clock values. */
class BarLineTest {

    @Test
    void knownTotalLooksLikeTqdm() {
        // 45 of 100 after 12.26 s: rate 3.67/s, 55 left -> 15 s
        assertEquals(
                "desc:  45%|████▌     | 45/100 [00:12<00:14,  3.67it/s]", BarLine.format("desc", 45, 100, 12.26, null));
    }

    @Test
    void startFinishAndPostfix() {
        assertEquals(
                "Running experiments:   0%|          | 0/100 [00:00<?, ?it/s]",
                BarLine.format("Running experiments", 0, 100, 0, null));
        assertEquals(
                "sweep: 100%|██████████| 10/10 [01:40<00:00, 10.00s/it]", BarLine.format("sweep", 10, 10, 100, null));
        assertEquals(
                "fit:  50%|█████     | 1/2 [00:02<00:02,  2.00s/it, chi2=1.3]",
                BarLine.format("fit", 1, 2, 2, "chi2=1.3"));
    }

    @Test
    void unknownTotalShowsCountElapsedAndRate() {
        assertEquals("shots: 1500it [00:03, 500.00it/s]", BarLine.format("shots", 1500, 0, 3, null));
        assertEquals("1500it [1:00:00,  2.40s/it]", BarLine.format("", 1500, -1, 3600, null));
    }

    @Test
    void eighthBlocksAndOverrun() {
        assertEquals("x:  52%|█████▏    | 52/100 [00:01<00:00, 52.00it/s]", BarLine.format("x", 52, 100, 1, null));
        assertEquals("x:  50%|█████     | 50/100 [00:01<00:01, 50.00it/s]", BarLine.format("x", 50, 100, 1, null));
        assertEquals("x: 100%|██████████| 120/100 [00:01<00:00, 120.00it/s]", BarLine.format("x", 120, 100, 1, null));
    }
}

package org.labwatch.web;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class HealthTest {

    @Test
    void upWhenEveryServiceIsBound() {
        Health health = new Health(true, 2, true, true, "0.1.0-SNAPSHOT");
        assertEquals(200, health.httpStatus());
        assertEquals("{\"status\":\"UP\",\"monitorFactory\":true,\"logSinks\":2,\"statusStore\":true,"
                + "\"plotStore\":true,\"version\":\"0.1.0-SNAPSHOT\"}", health.json());
    }

    @Test
    void downNamesWhatIsMissing() {
        Health health = new Health(true, 0, false, true, "1\"x");
        assertEquals(503, health.httpStatus());
        assertEquals("{\"status\":\"DOWN\",\"monitorFactory\":true,\"logSinks\":0,\"statusStore\":false,"
                + "\"plotStore\":true,\"version\":\"1\\\"x\",\"missing\":[\"logSinks\",\"statusStore\"]}", health.json());
    }

    @Test
    void upWhileTheIndexIsStillReadingSaysHowFarItGot() {
        Health health = new Health(true, 1, true, true, "v", new org.labwatch.spi.IndexProgress(false, 41234));
        assertEquals(200, health.httpStatus());
        assertEquals("{\"status\":\"UP\",\"monitorFactory\":true,\"logSinks\":1,\"statusStore\":true,"
                + "\"plotStore\":true,\"version\":\"v\",\"indexing\":{\"complete\":false,\"experiments\":41234}}",
                health.json());
    }
}

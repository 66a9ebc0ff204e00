package org.labwatch.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import java.util.ArrayList;
import java.util.List;
import org.labwatch.spi.IndexProgress;
import org.labwatch.web.events.StoreState;
import org.labwatch.web.http.Json;
import org.labwatch.web.http.Reply;

/**
 * What {@code /api/health} answers: UP only when every service an experiment needs is bound, so a
 * readiness check (a launcher, systemd, a test) waits for exactly what makes the server useful.
 * {@code store} says whether a store that can be away (a database) is reachable; it is not part of
 * "up": the server still answers with what it last read, and every server sharing that store has
 * the same outage, so a load balancer that took them out would only hide the dashboard's word of it.
 * Written by {@link Json#MAPPER} as the rest of {@code /api}, so its fields are snake_case too;
 * {@code missing} names the fields that are false or zero, and is left out when nothing is.
 */
record Health(
        String status,
        boolean monitorFactory,
        int logSinks,
        boolean statusStore,
        boolean plotStore,
        String version,
        @JsonInclude(JsonInclude.Include.NON_NULL) IndexProgress indexing,
        @JsonInclude(JsonInclude.Include.NON_NULL) StoreState store,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> missing) {

    /**
     * @param indexing how far the index got, left out when no index is bound; not part of "up": a
     *                 server indexing 100,000 runs answers, and its list fills in meanwhile
     * @param store    what stores that can be away say, left out when none is bound; not part of "up"
     */
    static Health of(
            boolean monitorFactory,
            int logSinks,
            boolean statusStore,
            boolean plotStore,
            String version,
            IndexProgress indexing,
            StoreState store) {
        List<String> missing = new ArrayList<>(4);
        if (!monitorFactory) {
            missing.add("monitor_factory");
        }
        if (logSinks == 0) {
            missing.add("log_sinks");
        }
        if (!statusStore) {
            missing.add("status_store");
        }
        if (!plotStore) {
            missing.add("plot_store");
        }
        return new Health(
                missing.isEmpty() ? "UP" : "DOWN",
                monitorFactory,
                logSinks,
                statusStore,
                plotStore,
                version,
                indexing,
                store,
                List.copyOf(missing));
    }

    boolean up() {
        return missing.isEmpty();
    }

    int httpStatus() {
        return up() ? 200 : 503;
    }

    /** The answer, never cached: a probe must see the state of now. */
    Reply reply() {
        try {
            return Reply.bytes(httpStatus(), Reply.JSON, Json.MAPPER.writeValueAsBytes(this))
                    .header("Cache-Control", "no-store");
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a record of strings, booleans and numbers is always serialisable", e);
        }
    }
}

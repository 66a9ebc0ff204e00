package org.labwatch.notify;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.labwatch.api.RunState;
import org.labwatch.spi.DeliveryClaims;

/**
 * Two servers on one shared store see the same runs end; with the store's claims each
 * notification goes out once, from one of them. (The PostgreSQL store's claims are tested against
 * a real database in store-postgres; here a table in memory plays the shared store.)
 */
class SharedStoreTest {

    private static final Duration SOON = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    private Lab lab;

    /** channel|key → the server that claimed it, as the shared store keeps it. */
    private final Map<String, String> table = new ConcurrentHashMap<>();

    private volatile boolean storeAway;

    @BeforeEach
    void start() throws Exception {
        lab = new Lab(dir);
    }

    @AfterEach
    void stop() {
        lab.close();
    }

    private DeliveryClaims claimsOf(String server) {
        return new DeliveryClaims() {
            @Override
            public Set<String> claim(String channel, Collection<String> keys) throws IOException {
                if (storeAway) {
                    throw new IOException("the store is away");
                }
                Set<String> mine = new HashSet<>();
                for (String key : keys) {
                    if (server.equals(table.putIfAbsent(channel + "|" + key, server))
                            || server.equals(table.get(channel + "|" + key))) {
                        mine.add(key);
                    }
                }
                return mine;
            }
        };
    }

    private void complete(String name) {
        lab.write(name, b -> b);
        lab.write(name, lab.ended(RunState.COMPLETED, name + " done"));
    }

    @Test
    void twoServersOnOneStoreSendEachNotificationOnce() {
        NotifyEngine a = lab.engine(dir.resolve("server a"));
        NotifyEngine b = lab.engine(dir.resolve("server b"));
        a.bindClaims(claimsOf("a"));
        b.bindClaims(claimsOf("b"));
        lab.hook(a, "hook");
        lab.hook(b, "hook");
        complete("run1");
        complete("run2");
        complete("run3");
        await().atMost(SOON)
                .until(() ->
                        lab.state(a, "hook").pending() + lab.state(b, "hook").pending() == 0
                                && lab.receiver.events().size() >= 3);
        await().during(Duration.ofSeconds(2))
                .atMost(SOON)
                .until(() -> lab.receiver.events().size() == 3);
        assertEquals(
                List.of("completed run1", "completed run2", "completed run3"),
                lab.receiver.eventLines().stream().sorted().toList());
    }

    @Test
    void withoutClaimsEachServerSendsItsOwn() {
        // What the claims prevent: two servers, no shared claims, every notification twice.
        NotifyEngine a = lab.engine(dir.resolve("server a"));
        NotifyEngine b = lab.engine(dir.resolve("server b"));
        lab.hook(a, "hook");
        lab.hook(b, "hook");
        complete("run1");
        await().atMost(SOON).until(() -> lab.receiver.events().size() == 2);
    }

    @Test
    void claimsUnreachableHoldTheEventsUntilTheStoreIsBack() {
        NotifyEngine a = lab.engine(dir.resolve("server a"));
        a.bindClaims(claimsOf("a"));
        lab.hook(a, "hook");
        storeAway = true;
        complete("held");
        await().atMost(SOON)
                .until(() -> String.valueOf(lab.state(a, "hook").lastOutcome())
                        .startsWith("cannot claim the events from the shared store"));
        assertEquals(1, lab.state(a, "hook").pending());
        assertEquals(0, lab.receiver.requests().size());
        storeAway = false;
        lab.clock.shift(Duration.ofMinutes(1));
        await().atMost(SOON).until(() -> lab.receiver.events().size() == 1);
        assertEquals(List.of("completed held"), lab.receiver.eventLines());
        assertEquals(0, lab.state(a, "hook").pending());
    }
}

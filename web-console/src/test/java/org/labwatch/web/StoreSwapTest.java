package org.labwatch.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.labwatch.index.StatusIndex;
import org.labwatch.internal.config.Configs;
import org.labwatch.status.JsonStatusStore;
import org.labwatch.web.config.WebConfig;
import org.labwatch.web.events.ReceivedEvents;

/**
 * The status store restarted or replaced under an open dashboard (a bundle restart, a new store
 * feature, or a first boot, where the feature's cfg reaches the store after it started): the
 * index and the read side (with its event hub) as DS wires them, real files, one SSE client. Clients
 * hear what changed meanwhile and nothing else: no reset, no repeated 'added'.
 */
class StoreSwapTest {

    @TempDir
    Path data;

    private Path statusDir;
    private StatusIndex index;
    private ReadSide readSide;
    private final ReceivedEvents client = new ReceivedEvents();

    @BeforeEach
    void open() throws Exception {
        statusDir = Files.createDirectories(data.resolve("monitoring/status"));
        write("steady", "running", 3);
        write("edited", "running", 1);
        write("deleted", "running", 1);
        // DS order: the index gets its store, the read side is built on the index.
        JsonStatusStore first = new JsonStatusStore();
        index = StatusIndex.of(first, Map.of("dataDir", data.toString()));
        readSide = new ReadSide(index, Configs.defaults(WebConfig.class));
        readSide.events().attach(client, null);
        current = first;
    }

    private JsonStatusStore current;

    @AfterEach
    void close() {
        readSide.deactivate();
        index.close();
    }

    private void write(String id, String state, int step) throws Exception {
        Path tmp = statusDir.resolve("." + id + ".tmp");
        Files.writeString(
                tmp,
                "{\"experiment_name\":\"" + id + "\",\"status\":\"" + state + "\",\"current_step\":" + step
                        + ",\"total_steps\":10,\"last_update\":\"2025-01-01T12:00:0" + step + "\"}");
        Files.move(
                tmp,
                statusDir.resolve(id + "_status.json"),
                StandardCopyOption.ATOMIC_MOVE,
                StandardCopyOption.REPLACE_EXISTING);
    }

    /** Events after the ones already received, as "kind id" lines. */
    private static List<String> events(String text) {
        Matcher m = Pattern.compile("event: (\\w+)\\ndata: (?:\\{\"id\":\"([^\"]*)\")?")
                .matcher(text);
        List<String> out = new java.util.ArrayList<>();
        while (m.find()) {
            out.add(m.group(1) + (m.group(2) != null ? " " + m.group(2) : ""));
        }
        return out;
    }

    @Test
    void aStoreRestartedWhileFilesChangeTellsClientsExactlyWhatChanged() throws Exception {
        write("marker", "running", 1);
        client.await("{\"id\":\"marker\"");
        int seen = events(client.text()).size();

        // bundle:restart of the store: unbound, files change meanwhile, a new instance is bound.
        index.unbindStore(current);
        assertTrue(
                index.experiments().stream().anyMatch(r -> r.id().equals("steady")),
                "while no store is bound the list keeps its last view");
        write("edited", "completed", 9);
        Files.delete(statusDir.resolve("deleted_status.json"));
        write("born", "running", 2);
        JsonStatusStore restarted = new JsonStatusStore();
        index.bindStore(restarted);
        write("after", "running", 1);

        client.await("{\"id\":\"after\"");
        List<String> after =
                events(client.text()).subList(seen, events(client.text()).size());
        assertTrue(after.contains("changed edited"), after.toString());
        assertTrue(after.contains("removed deleted"), after.toString());
        assertTrue(after.contains("added born"), after.toString());
        assertFalse(after.contains("reset"), "open pages keep their place: " + after);
        assertFalse(
                after.stream().anyMatch(e -> e.endsWith(" steady")), "an unchanged run is not sent again: " + after);
        assertFalse(
                after.stream().anyMatch(e -> e.endsWith(" marker")), "an unchanged run is not sent again: " + after);
        assertTrue(client.text().contains("\"state\":\"completed\""), "the edit's content arrived");
        assertEquals(
                List.of("after", "born", "edited", "marker", "steady"),
                index.experiments().stream().map(r -> r.id()).sorted().toList());
    }

    @Test
    void aReplacementStoreBoundBeforeTheOldOneLeavesChangesNothingForClients() throws Exception {
        write("marker", "running", 1);
        client.await("{\"id\":\"marker\"");
        int seen = events(client.text()).size();

        // A higher-ranked store arrives (greedy reference): bound first, the old one unbound after.
        JsonStatusStore replacement = new JsonStatusStore();
        index.bindStore(replacement);
        index.unbindStore(current);
        write("edited", "failed", 4);

        client.await("\"state\":\"failed\"");
        List<String> after =
                events(client.text()).subList(seen, events(client.text()).size());
        assertEquals(List.of("changed edited"), after, "only the edit made after the swap");
    }
}

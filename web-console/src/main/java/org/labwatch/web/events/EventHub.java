package org.labwatch.web.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BiFunction;
import org.labwatch.api.RunState;
import org.labwatch.spi.ExperimentSummary;
import org.labwatch.spi.LogChunk;
import org.labwatch.spi.StatusEvent;
import org.labwatch.spi.StatusReading;
import org.labwatch.web.api.LogView;

/**
 * The Server-Sent Events of {@code /api/events}: {@code added}, {@code changed} and
 * {@code removed} with the experiment's summary as data, and {@code reset} (reload everything)
 * when the watched directories change or a client asks to resume from further back than is kept;
 * {@code log} when an experiment's log grew: {@code {"id", "file", "from", "next_offset",
 * "restarted", "entries"}} with the entries as {@code ?after=from} would answer them, so a page
 * whose log ends at {@code from} appends them and one that does not asks {@code ?after=} itself;
 * {@code metric} when a run's metrics file grew: {@code {"id", "names"}}, at most 4 a second per
 * run ({@link MetricEvents}), so that a chart reloads the named series; {@code store} when a store
 * that can be away (a database) went away or came back ({@link StoreState}). A client that
 * connects while a store is away is told so first, by a {@code store} event without an id.
 *
 * <p>Ids increase by one per event and start from the clock in microseconds, so that an id from
 * before a server restart is older than every id after it and gets a {@code reset}, never a
 * wrong replay. The last {@code replay} events are kept for {@code Last-Event-ID}.
 *
 * <p>Each client has its own queue, written by a pool thread: a client on a slow phone network
 * never holds up the status watch or other clients; one that falls {@link #MAX_QUEUED} events
 * behind is closed and resumes with {@code Last-Event-ID} when it reconnects.
 */
public final class EventHub implements AutoCloseable {

    static final int MAX_QUEUED = 10_000;
    private static final byte[] KEEP_ALIVE = ": keep-alive\n\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] RETRY = "retry: 3000\n\n".getBytes(StandardCharsets.US_ASCII);
    private static final System.Logger LOG = System.getLogger(EventHub.class.getName());

    /** Where a client's bytes go: a servlet's async response, or a test's HTTP exchange. */
    public interface Stream {
        /** Writes and flushes; blocking is fine, it runs on the hub's pool. */
        void write(byte[] bytes) throws IOException;

        /** Ends the response; called once. */
        void close();
    }

    private record Frame(long id, byte[] bytes) {}

    private record Known(StatusReading reading, String state) {}

    /** One connected client and what it has not been sent yet. */
    public final class Client {
        private final Stream stream;
        private final ArrayDeque<byte[]> queue = new ArrayDeque<>();
        private boolean draining;
        private boolean closed;

        private Client(Stream stream) {
            this.stream = stream;
        }

        private void offer(byte[] bytes) {
            synchronized (this) {
                if (closed) {
                    return;
                }
                if (queue.size() >= MAX_QUEUED) {
                    LOG.log(
                            System.Logger.Level.INFO,
                            "an event client fell " + MAX_QUEUED + " events behind; closing it");
                    closeLater();
                    return;
                }
                queue.add(bytes);
                if (draining) {
                    return;
                }
                draining = true;
            }
            writer.execute(this::drain);
        }

        private void drain() {
            while (true) {
                byte[] next;
                synchronized (this) {
                    next = closed ? null : queue.poll();
                    if (next == null) {
                        draining = false;
                        return;
                    }
                }
                try {
                    stream.write(next);
                } catch (IOException | RuntimeException e) {
                    LOG.log(System.Logger.Level.DEBUG, "event client gone: " + e);
                    close();
                    return;
                }
            }
        }

        private void closeLater() {
            closed = true;
            queue.clear();
            clients.remove(this);
            writer.execute(stream::close);
        }

        synchronized boolean isClosed() {
            return closed;
        }

        /** Detaches the client and ends its response; harmless twice. */
        public void close() {
            synchronized (this) {
                if (closed) {
                    return;
                }
                closed = true;
                queue.clear();
            }
            clients.remove(this);
            stream.close();
        }
    }

    private final ObjectMapper mapper;
    private final Clock clock;
    private int replay;
    private final ArrayDeque<Frame> ring = new ArrayDeque<>();
    private final Map<Path, Known> known = new HashMap<>();
    private final Set<Client> clients = new CopyOnWriteArraySet<>();
    private final ExecutorService writer;
    private final BiFunction<StatusReading, Instant, ExperimentSummary> summaries;
    private long nextId;
    /** What the stores said last; null while none can be away. */
    private StoreState store;

    /** {@code summaries} gives a reading's list line, by the index's one staleness rule. */
    public EventHub(
            ObjectMapper mapper,
            Clock clock,
            int replay,
            BiFunction<StatusReading, Instant, ExperimentSummary> summaries) {
        this.mapper = mapper;
        this.clock = clock;
        this.replay = Math.max(1, replay);
        this.summaries = summaries;
        this.nextId = clock.millis() * 1000;
        this.writer = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "labwatch-events");
            t.setDaemon(true);
            return t;
        });
    }

    /** A new {@code eventReplay}: a smaller one drops the oldest kept events at the next event. */
    public synchronized void replay(int events) {
        replay = Math.max(1, events);
    }

    /**
     * The status watch's listener. A file clients already have that is reported as added again
     * arrives as {@code changed}, and not at all when it is the same file version they have: a new
     * watch (a store restarted or replaced, its settings changed) reports every file as added, and
     * open pages need hear only what differs. A {@code changed} always goes out: the watch sends it
     * only for a real change, which may lie in what a summary does not show (a new message, which
     * the experiment page shows).
     */
    public void statusChanged(StatusEvent event) {
        StatusReading r = event.reading();
        ExperimentSummary summary = summaries.apply(r, clock.instant());
        synchronized (this) {
            String kind;
            if (event.kind() == StatusEvent.Kind.REMOVED) {
                known.remove(r.file());
                kind = "removed";
            } else {
                Known before = known.put(r.file(), new Known(r, summary.state()));
                if (event.kind() == StatusEvent.Kind.ADDED && before != null && sameVersion(before.reading(), r)) {
                    return;
                }
                kind = before == null ? "added" : "changed";
            }
            publish(kind, json(summary));
        }
    }

    /** The file not written since (time and size) and read the same: readings may be list views. */
    private static boolean sameVersion(StatusReading a, StatusReading b) {
        return a.size() == b.size()
                && java.util.Objects.equals(a.modified(), b.modified())
                && java.util.Objects.equals(a.status(), b.status())
                && java.util.Objects.equals(a.problem(), b.problem());
    }

    /** New records of an experiment's log, from {@link LogFollower}. */
    void logAppended(String id, String file, long from, LogChunk chunk) {
        ObjectNode data = mapper.createObjectNode();
        data.put("id", id);
        data.put("file", file);
        data.put("from", from);
        data.put("next_offset", chunk.nextOffset());
        data.put("restarted", chunk.restarted());
        LogView.entries(data, chunk.entries());
        String json;
        try {
            json = mapper.writeValueAsString(data);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a tree of strings and numbers is always serialisable", e);
        }
        synchronized (this) {
            publish("log", json);
        }
    }

    /** New values of a run's metrics, from {@link MetricEvents}: {@code {"id", "names"}}, names sorted. */
    void metricGrew(String id, java.util.Collection<String> names) {
        ObjectNode data = mapper.createObjectNode();
        data.put("id", id);
        com.fasterxml.jackson.databind.node.ArrayNode list = data.putArray("names");
        new java.util.TreeSet<>(names).forEach(list::add);
        String json;
        try {
            json = mapper.writeValueAsString(data);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a tree of strings is always serialisable", e);
        }
        synchronized (this) {
            publish("metric", json);
        }
    }

    /**
     * A run goes stale by saying nothing, so no file event tells: this looks at the running ones
     * again and sends {@code changed} for each whose state flipped. Called every few seconds.
     */
    public synchronized void recheck() {
        for (Map.Entry<Path, Known> e : known.entrySet()) {
            StatusReading r = e.getValue().reading();
            if (!r.readable() || r.status().status() != RunState.RUNNING) {
                continue;
            }
            ExperimentSummary now = summaries.apply(r, clock.instant());
            if (!now.state().equals(e.getValue().state())) {
                e.setValue(new Known(r, now.state()));
                publish("changed", json(now));
            }
        }
    }

    /**
     * What the stores say of themselves now ({@link StoreState#of}), called every second or so: a
     * {@code store} event when one went away (or another outage began) and when it came back,
     * nothing while the state stays. A store that can be away and goes (uninstalled while away)
     * is told as back, so no page keeps a banner for it.
     */
    public synchronized void storeState(StoreState now) {
        boolean away = now != null && !now.ok();
        boolean wasAway = store != null && !store.ok();
        StoreState before = store;
        store = now;
        if (away ? wasAway && before.sameAs(now) : !wasAway) {
            return;
        }
        publish("store", json(now != null ? now : new StoreState(true, before.store(), null, null)));
    }

    /** A dashboard panel came or went: open experiment pages fetch their sections again. */
    public synchronized void panelsChanged(String panelId) {
        try {
            publish("panels", mapper.writeValueAsString(java.util.Map.of("id", String.valueOf(panelId))));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a string map is always serialisable", e);
        }
    }

    /** The watched directories changed: clients reload the whole list. */
    synchronized void reset() {
        known.clear();
        publish("reset", "{}");
    }

    /**
     * Connects a client: the retry hint, then what it missed since {@code lastEventId} (or a
     * {@code reset} when that is no longer kept), then live events.
     */
    public synchronized Client attach(Stream stream, String lastEventId) {
        Client client = new Client(stream);
        client.offer(RETRY);
        if (store != null && !store.ok()) {
            // Without an id: the client's Last-Event-ID stays where it was.
            client.offer(("event: store\ndata: " + json(store) + "\n\n").getBytes(StandardCharsets.UTF_8));
        }
        long last = parseId(lastEventId);
        if (last >= 0) {
            long newest = nextId - 1;
            long oldestKept = ring.isEmpty() ? nextId : ring.peekFirst().id();
            if (last > newest || last < oldestKept - 1) {
                client.offer(frame(newest, "reset", "{}"));
            } else {
                for (Frame f : ring) {
                    if (f.id() > last) {
                        client.offer(f.bytes());
                    }
                }
            }
        }
        clients.add(client);
        // The replay above may already have failed on the writer thread and closed the client
        // before it was added: then its close() found nothing to remove.
        if (client.isClosed()) {
            clients.remove(client);
        }
        return client;
    }

    public void keepAlive() {
        for (Client c : clients) {
            c.offer(KEEP_ALIVE);
        }
    }

    int clientCount() {
        return clients.size();
    }

    synchronized long lastId() {
        return nextId - 1;
    }

    List<Client> clients() {
        return List.copyOf(clients);
    }

    @Override
    public void close() {
        for (Client c : clients) {
            c.close();
        }
        writer.shutdown();
    }

    private void publish(String kind, String data) {
        long id = nextId++;
        Frame f = new Frame(id, frame(id, kind, data));
        ring.addLast(f);
        while (ring.size() > replay) {
            ring.removeFirst();
        }
        for (Client c : clients) {
            c.offer(f.bytes());
        }
    }

    private static byte[] frame(long id, String kind, String data) {
        // Jackson writes JSON on one line (newlines inside strings are escaped), as one data: line needs.
        return ("id: " + id + "\nevent: " + kind + "\ndata: " + data + "\n\n").getBytes(StandardCharsets.UTF_8);
    }

    private String json(Object value) {
        try {
            return mapper.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a summary or a store's state is always serialisable", e);
        }
    }

    private static long parseId(String text) {
        if (text == null || text.isBlank()) {
            return -1;
        }
        try {
            return Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}

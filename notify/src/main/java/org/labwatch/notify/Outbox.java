package org.labwatch.notify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.labwatch.spi.Notification;

/**
 * A channel's durable memory, {@code <dir>/outbox.jsonl}: the events it has accepted and not yet
 * delivered, and the ones it has delivered or given up (so each run's event goes at most once, also
 * across restarts), one JSON line per change, written and forced to disk before the change counts:
 * <ul>
 * <li>{@code {"op":"pending","key","run","kind","created","due","errors_to","item":{...}}}: accepted;</li>
 * <li>{@code {"op":"sent"|"refused","key","run","at","errors_to"[,"reason"]}}: delivered, or given up;</li>
 * <li>{@code {"op":"seen","run","at","errors_to"}}: a run's errors up to this count are not to be sent
 * (they came before the channel existed).</li>
 * </ul>
 * {@code channel.json} holds when the channel was first configured: runs that ended before never notify.
 *
 * <p>A line cut short by a crash is skipped on reading (what it recorded had not counted yet), and
 * the journal is rewritten atomically (a new file moved over the old) when opened, daily, and
 * whenever it has grown to more than three times what it must remember; delivered and given-up
 * entries are remembered for {@code retention}, after which events that old are not sent anyway.
 *
 * <p>Thread-safe: the engine's thread adds, the channel's delivery thread marks.
 */
final class Outbox implements AutoCloseable {

    static final String JOURNAL = "outbox.jsonl";
    static final String CHANNEL = "channel.json";

    private static final System.Logger LOG = System.getLogger(Outbox.class.getName());
    private static final ObjectMapper MAPPER = new ObjectMapper();
    /** Also rewritten this often, so a server that runs for months forgets what is past the retention. */
    static final Duration COMPACT_EVERY = Duration.ofDays(1);

    /** One accepted event, with when it may go ({@code due}; later than {@code created} for an error summary). */
    record Pending(
            String key, String run, String kind, Instant created, Instant due, long errorsTo, Notification.Item item) {}

    private record Done(String run, Instant at, long errorsTo, boolean sent) {}

    private record Seen(long errorsTo, Instant at) {}

    private final Path dir;
    private final Clock clock;
    private final Duration retention;
    private final Instant configuredAt;
    private final Map<String, Pending> pending = new LinkedHashMap<>();
    private final Map<String, Done> done = new HashMap<>();
    private final Map<String, Seen> seen = new HashMap<>();
    /** Per run, the highest error count any remembered entry covers. */
    private final Map<String, Long> errorsTo = new HashMap<>();

    private FileChannel journal;
    private long lines;
    private Instant lastCompaction = Instant.MIN;
    private boolean closed;
    private boolean failing;

    private Outbox(Path dir, Clock clock, Duration retention, Instant configuredAt) {
        this.dir = dir;
        this.clock = clock;
        this.retention = retention;
        this.configuredAt = configuredAt;
    }

    /** Opens (or creates, remembering now as the time the channel was configured) the outbox in {@code dir}. */
    static Outbox open(Path dir, Clock clock, Duration retention) throws IOException {
        Files.createDirectories(dir);
        Instant configured = configuredAt(dir, clock);
        Outbox box = new Outbox(dir, clock, retention, configured);
        synchronized (box) {
            box.read();
            box.compact();
        }
        return box;
    }

    /**
     * An outbox that keeps nothing on disk, for a channel whose name cannot name a directory: it is
     * not used anyway (its name is a problem), but it is listed with its problems.
     */
    static Outbox inMemory(Clock clock) {
        return new Outbox(null, clock, Duration.ofDays(1), clock.instant());
    }

    private static Instant configuredAt(Path dir, Clock clock) throws IOException {
        Path file = dir.resolve(CHANNEL);
        if (Files.exists(file)) {
            try {
                return Instant.parse(
                        MAPPER.readTree(file.toFile()).path("configured_at").asText());
            } catch (IOException | RuntimeException e) {
                LOG.log(
                        System.Logger.Level.WARNING,
                        file + " is unreadable (" + e.getMessage() + "); the channel counts as configured now");
            }
        }
        Instant now = clock.instant();
        ObjectNode node = MAPPER.createObjectNode();
        node.put("configured_at", now.toString());
        writeAtomically(file, MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(node));
        return now;
    }

    Path directory() {
        return dir;
    }

    /** When this channel first appeared: runs that had ended before do not notify. */
    Instant configuredAt() {
        return configuredAt;
    }

    synchronized void add(Pending p) {
        if (closed) {
            return;
        }
        pending.put(p.key(), p);
        raise(p.run(), p.errorsTo());
        append(pendingLine(p));
    }

    /** Accepted, delivered or given up: such an event is not accepted again. */
    synchronized boolean knows(String key) {
        return pending.containsKey(key) || done.containsKey(key);
    }

    synchronized Pending pending(String key) {
        return pending.get(key);
    }

    /** Up to which count the run's errors have been sent, are waiting, or are not to be sent; 0 when none. */
    synchronized long errorsTo(String run) {
        return errorsTo.getOrDefault(run, 0L);
    }

    private void raise(String run, long to) {
        if (to > 0) {
            errorsTo.merge(run, to, Math::max);
        }
    }

    /** The run's errors up to {@code to} are not to be sent: they came before the channel existed. */
    synchronized void seen(String run, long to) {
        if (closed) {
            return;
        }
        Seen before = seen.get(run);
        if (before != null && before.errorsTo() >= to) {
            return;
        }
        Instant now = clock.instant();
        seen.put(run, new Seen(to, now));
        raise(run, to);
        ObjectNode line = MAPPER.createObjectNode();
        line.put("op", "seen");
        line.put("run", run);
        line.put("at", now.toString());
        line.put("errors_to", to);
        // Not forced: lost in a power cut, it only makes a later error message count a few old errors too.
        write(line);
    }

    /** Waiting events, oldest due first. */
    synchronized List<Pending> pending() {
        List<Pending> out = new ArrayList<>(pending.values());
        out.sort(Comparator.comparing(Pending::due).thenComparing(Pending::created));
        return out;
    }

    synchronized int size() {
        return pending.size();
    }

    /** The channel took these ({@code sent}) or they are given up; either way they are not sent again. */
    synchronized void done(Collection<Pending> items, boolean sent, String reason) {
        if (closed) {
            return;
        }
        Instant now = clock.instant();
        for (Pending p : items) {
            pending.remove(p.key());
            done.put(p.key(), new Done(p.run(), now, p.errorsTo(), sent));
            raise(p.run(), p.errorsTo());
            ObjectNode line = MAPPER.createObjectNode();
            line.put("op", sent ? "sent" : "refused");
            line.put("key", p.key());
            line.put("run", p.run());
            line.put("at", now.toString());
            line.put("errors_to", p.errorsTo());
            if (reason != null) {
                line.put("reason", reason);
            }
            write(line);
        }
        force(); // once for the whole message
        long live = pending.size() + done.size() + seen.size();
        if (lines > 3 * live + 1000 || !now.isBefore(lastCompaction.plus(COMPACT_EVERY))) {
            compact();
        }
    }

    /** The channel's configuration was deleted: its outbox goes with it. */
    synchronized void delete() {
        close();
        if (dir == null) {
            return;
        }
        try (var files = Files.list(dir)) {
            for (Path f : files.toList()) {
                Files.deleteIfExists(f);
            }
            Files.deleteIfExists(dir);
        } catch (NoSuchFileException e) {
            // already gone
        } catch (DirectoryNotEmptyException e) {
            LOG.log(System.Logger.Level.WARNING, dir + " was not removed: something else was written into it");
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, dir + " could not be removed: " + e);
        }
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (journal != null) {
            try {
                journal.close();
            } catch (IOException e) {
                LOG.log(System.Logger.Level.DEBUG, "closing " + dir.resolve(JOURNAL) + ": " + e);
            }
        }
    }

    private void read() throws IOException {
        Path file = dir.resolve(JOURNAL);
        if (!Files.exists(file)) {
            return;
        }
        int skipped = 0;
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            while ((line = in.readLine()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                try {
                    apply(MAPPER.readTree(line));
                } catch (IOException | RuntimeException e) {
                    skipped++;
                }
            }
        }
        if (skipped > 0) {
            // The last line of a crash is expected; more means someone edited the file.
            LOG.log(
                    skipped == 1 ? System.Logger.Level.INFO : System.Logger.Level.WARNING,
                    file + ": skipped " + skipped + " unreadable line(s)");
        }
    }

    private void apply(JsonNode line) {
        String op = line.path("op").asText();
        switch (op) {
            case "pending" -> {
                Pending p = new Pending(
                        text(line, "key"),
                        text(line, "run"),
                        text(line, "kind"),
                        Instant.parse(text(line, "created")),
                        Instant.parse(text(line, "due")),
                        line.path("errors_to").asLong(),
                        item(line.path("item")));
                if (!done.containsKey(p.key())) {
                    pending.put(p.key(), p);
                }
                raise(p.run(), p.errorsTo());
            }
            case "sent", "refused" -> {
                String key = text(line, "key");
                pending.remove(key);
                done.put(
                        key,
                        new Done(
                                text(line, "run"),
                                Instant.parse(text(line, "at")),
                                line.path("errors_to").asLong(),
                                op.equals("sent")));
                raise(text(line, "run"), line.path("errors_to").asLong());
            }
            case "seen" -> {
                seen.merge(
                        text(line, "run"),
                        new Seen(line.path("errors_to").asLong(), Instant.parse(text(line, "at"))),
                        (a, b) -> a.errorsTo() >= b.errorsTo() ? a : b);
                raise(text(line, "run"), line.path("errors_to").asLong());
            }
            default -> throw new IllegalArgumentException("unknown op " + op);
        }
    }

    /** Rewrites the journal with what it must remember, dropping what is older than the retention. */
    private void compact() {
        if (dir == null) {
            return;
        }
        lastCompaction = clock.instant();
        Instant horizon = lastCompaction.minus(retention);
        done.values().removeIf(d -> d.at().isBefore(horizon));
        seen.values().removeIf(s -> s.at().isBefore(horizon));
        errorsTo.clear();
        done.values().forEach(d -> raise(d.run(), d.errorsTo()));
        seen.forEach((run, s) -> raise(run, s.errorsTo()));
        pending.values().forEach(p -> raise(p.run(), p.errorsTo()));
        StringBuilder text = new StringBuilder();
        try {
            for (Map.Entry<String, Done> e : done.entrySet()) {
                Done d = e.getValue();
                ObjectNode line = MAPPER.createObjectNode();
                line.put("op", d.sent() ? "sent" : "refused");
                line.put("key", e.getKey());
                line.put("run", d.run());
                line.put("at", d.at().toString());
                line.put("errors_to", d.errorsTo());
                text.append(MAPPER.writeValueAsString(line)).append('\n');
            }
            for (Map.Entry<String, Seen> e : seen.entrySet()) {
                ObjectNode line = MAPPER.createObjectNode();
                line.put("op", "seen");
                line.put("run", e.getKey());
                line.put("at", e.getValue().at().toString());
                line.put("errors_to", e.getValue().errorsTo());
                text.append(MAPPER.writeValueAsString(line)).append('\n');
            }
            for (Pending p : pending.values()) {
                text.append(MAPPER.writeValueAsString(pendingLine(p))).append('\n');
            }
            if (journal != null) {
                journal.close();
            }
            Path file = dir.resolve(JOURNAL);
            writeAtomically(file, text.toString().getBytes(StandardCharsets.UTF_8));
            journal = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
            lines = pending.size() + done.size() + seen.size();
            recovered();
        } catch (IOException e) {
            failed("rewriting", e);
        }
    }

    /** One line, forced to disk before the change counts: an accepted event survives a power cut. */
    private void append(ObjectNode line) {
        write(line);
        force();
    }

    private void write(ObjectNode line) {
        if (dir == null) {
            return;
        }
        try {
            if (journal == null) {
                journal = FileChannel.open(
                        dir.resolve(JOURNAL),
                        StandardOpenOption.CREATE,
                        StandardOpenOption.WRITE,
                        StandardOpenOption.APPEND);
            }
            ByteBuffer bytes =
                    ByteBuffer.wrap((MAPPER.writeValueAsString(line) + "\n").getBytes(StandardCharsets.UTF_8));
            while (bytes.hasRemaining()) {
                journal.write(bytes);
            }
            lines++;
        } catch (IOException e) {
            failed("writing", e);
        }
    }

    /** Sent events are forced too: one sent before a power cut is not sent again after it. */
    private void force() {
        if (journal == null) {
            return;
        }
        try {
            journal.force(false);
            recovered();
        } catch (IOException e) {
            failed("writing", e);
        }
    }

    /** Logged once until writing works again; the change is kept in memory meanwhile, so nothing is lost while the server runs. */
    private void failed(String doing, IOException e) {
        if (!failing) {
            failing = true;
            LOG.log(
                    System.Logger.Level.WARNING,
                    "notify outbox " + dir + ": " + doing + " failed (" + e
                            + "); deliveries go on, but what is pending now is not kept across a restart");
        }
        if (journal != null) {
            try {
                journal.close();
            } catch (IOException ignored) {
                // reopened at the next append
            }
            journal = null;
        }
    }

    private void recovered() {
        if (failing) {
            failing = false;
            LOG.log(System.Logger.Level.INFO, "notify outbox " + dir + ": writing works again");
        }
    }

    private static ObjectNode pendingLine(Pending p) {
        ObjectNode line = MAPPER.createObjectNode();
        line.put("op", "pending");
        line.put("key", p.key());
        line.put("run", p.run());
        line.put("kind", p.kind());
        line.put("created", p.created().toString());
        line.put("due", p.due().toString());
        line.put("errors_to", p.errorsTo());
        line.set("item", itemNode(p.item()));
        return line;
    }

    static ObjectNode itemNode(Notification.Item i) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("event", i.event());
        n.put("experiment", i.experiment());
        n.put("id", i.id());
        n.put("state", i.state());
        n.put("message", i.message());
        n.put("host", i.host());
        n.put("time", i.time() == null ? null : i.time().toString());
        if (i.ran() == null) {
            n.putNull("ran_ms");
        } else {
            n.put("ran_ms", i.ran().toMillis());
        }
        n.put("count", i.count());
        n.put("url", i.url());
        return n;
    }

    static Notification.Item item(JsonNode n) {
        return new Notification.Item(
                text(n, "event"),
                text(n, "experiment"),
                text(n, "id"),
                text(n, "state"),
                text(n, "message"),
                text(n, "host"),
                n.hasNonNull("time") ? OffsetDateTime.parse(n.get("time").asText()) : null,
                n.hasNonNull("ran_ms") ? Duration.ofMillis(n.get("ran_ms").asLong()) : null,
                n.path("count").asInt(1),
                text(n, "url"));
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    /** A new file moved over the old one: a reader sees the old or the new content, never a part. */
    static void writeAtomically(Path file, byte[] bytes) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (FileChannel out = FileChannel.open(
                tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            while (buffer.hasRemaining()) {
                out.write(buffer);
            }
            out.force(true);
        }
        try {
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}

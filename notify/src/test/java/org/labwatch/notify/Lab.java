package org.labwatch.notify;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.apache.felix.scr.impl.inject.internal.Annotations;
import org.labwatch.api.ErrorRecord;
import org.labwatch.api.ExperimentStatus;
import org.labwatch.api.RunState;
import org.labwatch.index.StatusIndex;
import org.labwatch.spi.ChannelState;
import org.labwatch.spi.Notifier;
import org.labwatch.status.JsonStatusStore;

/**
 * A lab for the tests: a data directory with real status files written by the real JSON store, the
 * real index over it, a clock the test can move, a webhook receiver, and engines over one outbox
 * directory (a second engine on it is the server after a restart). Channels are configured from the
 * text of a cfg file, converted by the SCR Karaf runs.
 */
final class Lab implements AutoCloseable {

    final Path data;
    final Path outboxes;
    final JsonStatusStore store = new JsonStatusStore();
    final StatusIndex index;
    final ShiftedClock clock = new ShiftedClock(ZoneId.of("Europe/Zurich"));
    final Receiver receiver;
    private final List<NotifyEngine> engines = new ArrayList<>();
    private final Map<String, OffsetDateTime> starts = new java.util.concurrent.ConcurrentHashMap<>();
    private final List<LogRecord> logged = new CopyOnWriteArrayList<>();
    private final Logger logger = Logger.getLogger("org.labwatch.notify");
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord r) {
            logged.add(r);
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    };

    Lab(Path dir) throws IOException {
        this.data = dir.resolve("lab data");
        this.outboxes = data.resolve("notify");
        // There before the index watches it: a missing directory is looked for every 2 s.
        java.nio.file.Files.createDirectories(data.resolve("monitoring/status"));
        this.index = StatusIndex.of(store, Map.of("dataDir", data.toString(), "staleAfterSeconds", 30L));
        this.receiver = new Receiver();
        logger.setLevel(Level.ALL);
        logger.addHandler(capture);
    }

    /** A server's engine; each call is the server (re)started over the same outboxes. */
    NotifyEngine engine() {
        return engine(outboxes);
    }

    /** A server's engine with outboxes of its own: another server on the same runs. */
    NotifyEngine engine(Path outboxes) {
        NotifyEngine e = new NotifyEngine(index, outboxes, clock, Duration.ofMillis(100), Duration.ofDays(7));
        e.bindNotifier(new WebhookNotifier(), Map.of(Notifier.TYPE, "webhook", "service.id", 1L));
        engines.add(e);
        return e;
    }

    /** {@code etc/org.labwatch.notify-<name>.cfg} with these lines ({@code key = value}), as SCR hands it over. */
    static ChannelSpec spec(String name, String... lines) {
        Map<String, Object> properties = new HashMap<>();
        for (String line : lines) {
            int eq = line.indexOf('=');
            properties.put(line.substring(0, eq).trim(), line.substring(eq + 1).trim());
        }
        properties.put("felix.fileinstall.filename", "file:/opt/labwatch/etc/org.labwatch.notify-" + name + ".cfg");
        properties.put("service.pid", "org.labwatch.notify~" + name);
        properties.put("service.factoryPid", "org.labwatch.notify");
        // SCR hands a component its declared defaults under the configuration's values.
        for (java.lang.reflect.Method m : ChannelConfig.class.getDeclaredMethods()) {
            if (m.getDefaultValue() != null) {
                properties.putIfAbsent(m.getName(), m.getDefaultValue());
            }
        }
        return ChannelSpec.of(Annotations.toObject(ChannelConfig.class, properties, null, true), properties);
    }

    /** A webhook channel to the receiver, with more lines. */
    Channel hook(NotifyEngine engine, String name, String... lines) {
        List<String> all = new ArrayList<>(List.of("type = webhook", "url = " + receiver.url()));
        all.addAll(List.of(lines));
        return engine.open(spec(name, all.toArray(String[]::new)));
    }

    ChannelState state(NotifyEngine engine, String name) {
        return engine.channels().stream()
                .filter(c -> c.name().equals(name))
                .findFirst()
                .orElseThrow();
    }

    Path statusFile(String name) {
        return data.resolve("monitoring/status").resolve(name + "_status.json");
    }

    /**
     * Writes a run's status file through the real store: running, started a minute before its first
     * write (the same run until {@link #newRun}), alive now, unless {@code change} says otherwise.
     */
    void write(String name, UnaryOperator<ExperimentStatus.Builder> change) {
        OffsetDateTime now = OffsetDateTime.now(clock);
        ExperimentStatus.Builder b = ExperimentStatus.builder(name)
                .startTime(starts.computeIfAbsent(name, n -> now.minusMinutes(1).withNano(0)))
                .lastUpdate(now)
                .heartbeat(now)
                .status(RunState.RUNNING)
                .host("fridge-pc")
                .totalSteps(10);
        try {
            store.write(statusFile(name), change.apply(b).build());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The next write of the experiment is a new run of it, started {@code ago} before now. */
    void newRun(String name, Duration ago) {
        starts.put(name, OffsetDateTime.now(clock).minus(ago).withNano(0));
    }

    /** The run ends now in {@code state} with {@code message}. */
    UnaryOperator<ExperimentStatus.Builder> ended(RunState state, String message) {
        return b -> b.status(state).message(message).completedTime(OffsetDateTime.now(clock));
    }

    ErrorRecord error(String message, String trace) {
        return new ErrorRecord(OffsetDateTime.now(clock), message, trace);
    }

    /** What was logged at WARNING or above, as text. */
    List<String> warnings() {
        return logged.stream()
                .filter(r -> r.getLevel().intValue() >= Level.WARNING.intValue())
                .map(LogRecord::getMessage)
                .toList();
    }

    List<String> logged() {
        return logged.stream().map(LogRecord::getMessage).toList();
    }

    @Override
    public void close() {
        engines.forEach(NotifyEngine::close);
        index.close();
        receiver.close();
        logger.removeHandler(capture);
    }
}

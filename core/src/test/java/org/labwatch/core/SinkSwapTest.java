package org.labwatch.core;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.labwatch.api.Monitor;
import org.labwatch.spi.LogRecord;
import org.labwatch.spi.LogSink;
import org.labwatch.spi.RunInfo;

/**
 * Sinks unbound and bound while a run logs, as Karaf does on a bundle restart, a feature swap or
 * a cfg change: the real file sink (a new instance stands for the restarted bundle's) next to a
 * second kind of sink that keeps what it gets in memory.
 */
class SinkSwapTest {

    private static final Pattern RECORD = Pattern.compile(" - INFO - record (\\d+)$", Pattern.MULTILINE);

    @TempDir
    Path expt;

    @Test
    void fileSinkRestartedWhileAnotherSinkStaysBoundMissesNothing() throws IOException {
        try (TestEngines t = new TestEngines()) {
            RecordsInMemory other = new RecordsInMemory();
            t.engine.bindSink(other);
            try (Monitor m = t.engine.create(expt, "restart")) {
                log(m, 1, 100);
                t.engine.unbindSink(t.sink);
                log(m, 101, 200);
                t.engine.bindSink(restartedFileSink());
                log(m, 201, 300);
                m.complete("done");
            }
            assertEquals(range(1, 300), fileRecords("restart"));
            assertEquals(range(1, 300), other.numbers());
        }
    }

    @Test
    void allSinksGoneThenEachComesBackInAnyOrder() throws IOException {
        try (TestEngines t = new TestEngines()) {
            RecordsInMemory other = new RecordsInMemory();
            t.engine.bindSink(other);
            try (Monitor m = t.engine.create(expt, "both")) {
                log(m, 1, 50);
                t.engine.unbindSink(t.sink);
                log(m, 51, 100);
                t.engine.unbindSink(other);
                log(m, 101, 150);
                RecordsInMemory otherAgain = new RecordsInMemory();
                t.engine.bindSink(otherAgain);
                log(m, 151, 200);
                t.engine.bindSink(restartedFileSink());
                log(m, 201, 250);
                m.complete("done");
                assertEquals(range(101, 250), otherAgain.numbers(), "the in-memory sink came back first");
            }
            assertEquals(range(1, 250), fileRecords("both"));
            assertEquals(range(1, 100), other.numbers());
            assertTrue(t.console().contains("no log sink is bound"), t.console());
        }
    }

    @Test
    void aDifferentKindReplacingTheOnlySinkGetsWhatWaited() throws IOException {
        try (TestEngines t = new TestEngines()) {
            try (Monitor m = t.engine.create(expt, "replaced")) {
                log(m, 1, 10);
                t.engine.unbindSink(t.sink);
                log(m, 11, 20);
                RecordsInMemory replacement = new RecordsInMemory();
                t.engine.bindSink(replacement);
                log(m, 21, 30);
                m.complete("done");
                assertEquals(range(11, 30), replacement.numbers());
                assertTrue(
                        replacement.messages().stream().anyMatch(s -> s.contains("no log sink was bound from")),
                        "the replacement's log says records waited: " + replacement.messages());
            }
        }
    }

    @Test
    void aSinkThatNeverComesBackIsGivenUpAfterTheGraceWhileAnotherIsBound() throws IOException {
        try (TestEngines t = new TestEngines(Map.of("sinkReturnGraceMs", 200L, "retryIntervalMs", 50L))) {
            RecordsInMemory other = new RecordsInMemory();
            t.engine.bindSink(other);
            try (Monitor m = t.engine.create(expt, "gone")) {
                log(m, 1, 10);
                t.engine.unbindSink(t.sink);
                log(m, 11, 20);
                await("the departed file sink given up")
                        .atMost(Duration.ofSeconds(10))
                        .untilAsserted(() -> assertTrue(
                                t.console()
                                        .contains(
                                                "came back within 200 ms; 10 record(s) it missed are in the other sinks' logs only"),
                                () -> "stderr: " + t.console()));
                t.engine.bindSink(restartedFileSink());
                log(m, 21, 30);
                m.complete("done");
            }
            List<Integer> file = fileRecords("gone");
            assertEquals(range(1, 10), file.subList(0, 10));
            assertFalse(file.contains(15), "given up records must not reappear: " + file);
            assertEquals(range(21, 30), file.subList(10, file.size()));
            assertEquals(range(1, 30), other.numbers());
        }
    }

    @Test
    void aRunStartedBeforeAnySinkBoundGetsItsRecordsToTheFirstSink() throws IOException {
        try (TestEngines t = new TestEngines()) {
            t.engine.unbindSink(t.sink);
            try (Monitor m = t.engine.create(expt, "early")) {
                log(m, 1, 10);
                t.engine.bindSink(restartedFileSink());
                log(m, 11, 20);
                m.complete("done");
            }
            assertEquals(range(1, 20), fileRecords("early"));
            // 10 records and the line the monitor logs when the run starts
            assertNote("early", 11, "no log sink was bound from ");
        }
    }

    /**
     * Input: 5 records with the file sink bound, 12 logged while no sink at all is bound (its bundle
     * restarting), then the sink binds again. The old note said "0 held record(s)" and "no log sink
     * is bound failed from".
     */
    @Test
    void aShortTimeWithoutAnySinkIsNotedWithEveryRecordItHeld() throws IOException {
        try (TestEngines t = new TestEngines()) {
            try (Monitor m = t.engine.create(expt, "short")) {
                log(m, 1, 5);
                t.engine.unbindSink(t.sink);
                log(m, 6, 17);
                t.engine.bindSink(restartedFileSink());
                log(m, 18, 20);
                m.complete("done");
            }
            assertEquals(range(1, 20), fileRecords("short"));
            String text = fileText("short");
            String note = assertNote("short", 12, "no log sink was bound from ");
            assertTrue(
                    text.indexOf("record 17\n") < text.indexOf(note)
                            && text.indexOf(note) < text.indexOf("record 18\n"),
                    "the note comes after the held records and before newer ones:\n" + text);
            assertTrue(
                    t.console().contains("labwatch: log of 'short': no log sink is bound; holding records"),
                    t.console());
        }
    }

    /** Input: 3 records written, 7 refused by the only sink (an IOException each), then it writes again. */
    @Test
    void aFailingSinkIsNotedWithEveryRecordItHeld() throws IOException {
        try (TestEngines t = new TestEngines(Map.of("retryIntervalMs", 20L))) {
            RecordsInMemory flaky = new RecordsInMemory();
            t.engine.bindSink(flaky);
            t.engine.unbindSink(t.sink);
            try (Monitor m = t.engine.create(expt, "flaky")) {
                log(m, 1, 3);
                flaky.failing = true;
                log(m, 4, 10);
                flaky.failing = false;
                await("the held records written")
                        .atMost(Duration.ofSeconds(10))
                        .untilAsserted(() -> assertTrue(
                                flaky.messages().stream().anyMatch(s -> s.contains("written late")),
                                "got " + flaky.messages()));
                m.complete("done");
            }
            String note = flaky.messages().stream()
                    .filter(s -> s.contains("written late"))
                    .findFirst()
                    .orElseThrow();
            assertTrue(
                    note.matches("labwatch: writing the log of 'flaky' to RecordsInMemory failed from \\S+ for \\d+ s "
                            + "\\(IOException: refused\\); 7 held record\\(s\\) were written late"),
                    note);
            assertEquals(range(1, 10), flaky.numbers());
        }
    }

    /** The outage note in a run's log file, checked for its count and wording; returns its message. */
    private String assertNote(String name, int held, String wording) throws IOException {
        String text = fileText(name);
        Matcher note = Pattern.compile(" - WARNING - (labwatch: log of '" + name + "': .*)$", Pattern.MULTILINE)
                .matcher(text);
        assertTrue(note.find(), "a note in the log:\n" + text);
        String message = note.group(1);
        assertTrue(message.contains(wording), message);
        assertTrue(message.endsWith("; " + held + " held record(s) were written late"), message);
        assertFalse(message.contains("failed"), message);
        return message;
    }

    private String fileText(String name) throws IOException {
        StringBuilder out = new StringBuilder();
        try (Stream<Path> logs = Files.list(expt.resolve("monitoring/logs"))) {
            for (Path log : logs.filter(p -> p.getFileName().toString().startsWith(name + "_"))
                    .sorted()
                    .toList()) {
                out.append(Files.readString(log));
            }
        }
        return out.toString();
    }

    private static LogSink restartedFileSink() {
        return ServiceLoader.load(LogSink.class).findFirst().orElseThrow();
    }

    private static void log(Monitor m, int from, int to) {
        for (int i = from; i <= to; i++) {
            m.log("record " + i);
        }
    }

    private static List<Integer> range(int from, int to) {
        List<Integer> out = new ArrayList<>();
        for (int i = from; i <= to; i++) {
            out.add(i);
        }
        return out;
    }

    private List<Integer> fileRecords(String name) throws IOException {
        List<Integer> out = new ArrayList<>();
        try (Stream<Path> logs = Files.list(expt.resolve("monitoring/logs"))) {
            for (Path log : logs.filter(p -> p.getFileName().toString().startsWith(name + "_"))
                    .sorted()
                    .toList()) {
                Matcher matcher = RECORD.matcher(Files.readString(log));
                while (matcher.find()) {
                    out.add(Integer.parseInt(matcher.group(1)));
                }
            }
        }
        return out;
    }

    /** A second kind of sink, as a lab's own bundle would add one. */
    private static final class RecordsInMemory implements LogSink {
        private final List<String> messages = new ArrayList<>();
        volatile boolean failing;

        @Override
        public synchronized void append(RunInfo run, LogRecord record) throws IOException {
            if (failing) {
                throw new IOException("refused");
            }
            messages.add(record.message());
        }

        @Override
        public void runEnded(RunInfo run) {}

        synchronized List<String> messages() {
            return List.copyOf(messages);
        }

        synchronized List<Integer> numbers() {
            List<Integer> out = new ArrayList<>();
            for (String s : messages) {
                if (s.startsWith("record ")) {
                    out.add(Integer.parseInt(s.substring(7)));
                }
            }
            return out;
        }
    }
}

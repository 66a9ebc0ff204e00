package org.labwatch.itests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * An experiment bundle dropped into {@code deploy/} logs 20,000 numbered records through the
 * {@code MonitorFactory} service while the test swaps everything under it, through the Karaf shell
 * as an operator would: the file-sink bundle restarted three times, the Karaf-log forwarder
 * installed and uninstalled, the file sink's cfg edited. Then the log must hold every number once,
 * in order. The shell commands are checked on the same container afterwards.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HotSwapIT {

    private static final String EXPERIMENT = "numbered_records";
    private static final int RECORDS = 20_000;
    /** 40 s of run: the swaps below take 10-20 s on a quiet 2-core machine. */
    private static final int RECORDS_PER_SECOND = 500;

    private static final Pattern RECORD_LINE = Pattern.compile(" - INFO - record (\\d+)$", Pattern.MULTILINE);
    /** Karaf's log layout prints the last segment of the logger name, here of labwatch.numbered_records. */
    private static final Pattern FORWARDED =
            Pattern.compile("\\|\\s*" + EXPERIMENT + "\\s*\\|.*\\| record (\\d+)$", Pattern.MULTILINE);

    private static final Pattern STATUS = Pattern.compile("\"status\"\\s*:\\s*\"(\\w+)\"");
    private static final Duration SHELL = Duration.ofSeconds(30);

    @TempDir
    static Path work;

    static Distribution server;
    static KarafShell shell;
    static Path dataDir;

    @BeforeAll
    static void bootAndDeployTheExperiment() throws Exception {
        server = Distribution.unpack(work.resolve("server"));
        KarafShell.addTestUser(server.home);
        dataDir = work.resolve("data");
        server.writeEtc("org.labwatch.index.cfg", "dataDir = " + dataDir + "\n");
        server.writeEtc(
                "org.labwatch.itests.experiment.cfg",
                "dataDir = " + dataDir + "\nexperimentName = " + EXPERIMENT + "\nrecords = " + RECORDS
                        + "\nrecordsPerSecond = " + RECORDS_PER_SECOND + "\n");
        server.start();
        server.awaitHealthy(Duration.ofSeconds(60));
        shell = new KarafShell(server.home, server.sshPort);
        shell.awaitOutput("labwatch", SHELL, "feature:list -i");

        Path bundle = Path.of(System.getProperty("labwatch.experimentBundle"));
        // Into deploy/ in one rename, so File Install never picks up half a jar.
        Path staged = Files.copy(bundle, work.resolve("experiment.jar"));
        Files.move(
                staged, server.home.resolve("deploy/labwatch-itests-experiment.jar"), StandardCopyOption.ATOMIC_MOVE);
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.close();
            server.keepForReview("hot-swap", dataDir);
        }
    }

    @Test
    @Order(1)
    void everyRecordArrivesOnceInOrderWhileSinksAreSwapped() throws IOException {
        awaitRecords(1);

        for (int restart = 1; restart <= 3; restart++) {
            String before = fileSinkServiceId();
            int seen = records().size();
            shell.run("bundle:restart org.labwatch.logsink");
            String after = Conditions.await(
                    "a new file sink service after restart " + restart,
                    SHELL,
                    () -> {
                        String id = fileSinkServiceId();
                        return id != null && !id.equals(before) ? id : null;
                    },
                    () -> shell.run("labwatch:sinks"));
            assertFalse(after.equals(before));
            awaitRecords(seen + 250);
        }

        shell.run("feature:install labwatch-log-karaf");
        // Watched in karaf.log, not with log:display: records logged while log:display runs were
        // missing from karaf.log (measured on Karaf 4.4.10, with or without labwatch's sinks swapping).
        int forwardedSoFar = Conditions.await(
                "records forwarded to karaf.log",
                SHELL,
                () -> {
                    int n = forwarded().size();
                    return n >= 100 ? n : null;
                },
                () -> forwarded().size() + " forwarded records");
        assertTrue(forwardedSoFar >= 100);
        shell.run("feature:uninstall -c labwatch-log-karaf");
        Conditions.await(
                "the Karaf-log forwarder to go with its configuration",
                SHELL,
                () -> shell.run("labwatch:sinks").contains("karaf") ? null : true,
                () -> shell.run("labwatch:sinks"));
        assertFalse(
                Files.exists(server.home.resolve("etc/org.labwatch.logsink.karaflog.cfg")),
                "feature:uninstall -c left etc/org.labwatch.logsink.karaflog.cfg");
        // Only now: nothing is forwarded any more, so log:display cannot cost karaf.log a record.
        String display = shell.run("log:display labwatch." + EXPERIMENT);
        assertTrue(display.contains("record "), "log:display of the forwarded records:\n" + display);

        int beforeCfg = records().size();
        server.writeEtc("org.labwatch.logsink.file.cfg", "fsync = ALWAYS\n");
        shell.awaitOutput("fsync=ALWAYS", SHELL, "labwatch:sinks");
        awaitRecords(beforeCfg + 250);

        String state = state();
        assertEquals(
                "running",
                state,
                "the run ended before the swaps did; the test swapped nothing under it. "
                        + "Raise RECORDS or lower RECORDS_PER_SECOND");

        Conditions.await(
                "the experiment to complete",
                Duration.ofSeconds(3L * RECORDS / RECORDS_PER_SECOND),
                () -> "completed".equals(state()) ? true : null,
                HotSwapIT::state);
        List<Integer> numbers = records();
        assertEquals(
                RECORDS, numbers.size(), "records in the log (first gaps/duplicates: " + firstProblems(numbers) + ")");
        for (int i = 0; i < RECORDS; i++) {
            assertEquals(
                    i + 1, numbers.get(i), "record at line " + (i + 1) + " of the records; " + firstProblems(numbers));
        }

        List<Integer> forwarded = forwarded();
        assertFalse(forwarded.isEmpty(), "no record reached karaf.log while labwatch-log-karaf was installed");
        for (int i = 1; i < forwarded.size(); i++) {
            assertEquals(forwarded.get(i - 1) + 1, forwarded.get(i), "karaf.log records: " + firstProblems(forwarded));
        }
        assertTrue(
                forwarded.get(forwarded.size() - 1) < RECORDS,
                "records still reached karaf.log after feature:uninstall -c labwatch-log-karaf");
    }

    @Test
    @Order(2)
    void shellCommandsDescribeTheRun() {
        String list = shell.awaitOutput(EXPERIMENT, SHELL, "labwatch:list");
        assertTrue(
                list.matches("(?s).*" + EXPERIMENT
                        + "\\s*\\|\\s*completed\\s*\\|\\s*20/20 records 19001\\+\\s*\\|\\s*100\\.0%.*"),
                list);

        String show = shell.run("labwatch:show " + EXPERIMENT);
        assertTrue(show.contains(EXPERIMENT + "  [completed]  100.0%"), show);
        assertTrue(show.contains("completed: all 20000 records written"), show);
        assertTrue(show.contains("20. records 19001+"), show);
        assertTrue(show.contains("record 20000"), show);
        assertTrue(show.contains("Errors: 0"), show);

        String tail = shell.run("labwatch:tail -n 2 " + EXPERIMENT);
        assertTrue(tail.contains("- INFO - record 20000"), tail);
        assertTrue(tail.contains("all 20000 records written"), tail);
        assertFalse(tail.contains("record 19990"), tail);

        String unknown = shell.run("labwatch:show no_such_run");
        assertTrue(
                unknown.contains("no experiment 'no_such_run' in [" + dataDir.resolve("monitoring/status")
                        + "]; known: " + EXPERIMENT),
                unknown);
        assertEquals(1, unknown.strip().lines().count(), "one line for an unknown experiment:\n" + unknown);

        String sinks = shell.run("labwatch:sinks");
        assertTrue(sinks.contains("file (fsync=ALWAYS)"), sinks);
        assertTrue(sinks.contains("org.labwatch.status (active)"), sinks);
        assertTrue(sinks.contains("org.labwatch.plots (active)"), sinks);
        assertTrue(sinks.contains("org.labwatch.core (active)"), sinks);
    }

    private static void awaitRecords(int atLeast) {
        Conditions.await(
                atLeast + " records in the log",
                Duration.ofSeconds(60),
                () -> records().size() >= atLeast ? true : null,
                () -> records().size() + " records, state " + state());
    }

    /** The service id of the bound file sink in {@code labwatch:sinks}, or null when none is bound. */
    private static String fileSinkServiceId() {
        Matcher m = Pattern.compile("log sink\\s*\\|\\s*file\\s*\\|\\s*-?\\d+\\s*\\|\\s*(\\d+)\\s*\\|")
                .matcher(shell.run("labwatch:sinks"));
        return m.find() ? m.group(1) : null;
    }

    /** Record numbers in the run's log files, in file order. */
    private static List<Integer> records() {
        try (Stream<Path> files = Files.list(dataDir.resolve("monitoring/logs"))) {
            List<Integer> all = new ArrayList<>();
            for (Path log : files.filter(p -> p.getFileName().toString().startsWith(EXPERIMENT + "_"))
                    .sorted()
                    .toList()) {
                all.addAll(numbers(RECORD_LINE, Files.readString(log)));
            }
            return all;
        } catch (IOException e) {
            return List.of();
        }
    }

    private static List<Integer> numbers(Pattern pattern, String text) {
        List<Integer> numbers = new ArrayList<>();
        Matcher m = pattern.matcher(text);
        while (m.find()) {
            numbers.add(Integer.parseInt(m.group(1)));
        }
        return numbers;
    }

    private static List<Integer> forwarded() {
        try {
            return numbers(FORWARDED, Files.readString(server.karafLog()));
        } catch (IOException e) {
            return List.of();
        }
    }

    private static String state() {
        try {
            Matcher m = STATUS.matcher(
                    Files.readString(dataDir.resolve("monitoring/status/" + EXPERIMENT + "_status.json")));
            return m.find() ? m.group(1) : "(no status field)";
        } catch (IOException e) {
            return "(no status file: " + e + ")";
        }
    }

    private static String firstProblems(List<Integer> numbers) {
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < numbers.size() && problems.size() < 5; i++) {
            int expected = i == 0 ? numbers.get(0) : numbers.get(i - 1) + 1;
            if (numbers.get(i) != expected) {
                problems.add(
                        "#" + (i + 1) + " is " + numbers.get(i) + " after " + (i == 0 ? "start" : numbers.get(i - 1)));
            }
        }
        return problems.isEmpty() ? "none" : String.join("; ", problems);
    }
}

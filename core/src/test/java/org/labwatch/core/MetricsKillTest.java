package org.labwatch.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGKILL while a child JVM records metrics at full speed: every value recorded more than 200 ms
 * (plus {@link MetricsTest#SCHEDULING_MARGIN_MS}) before the kill is in the metrics file, and the
 * file parses: a header and whole lines, but for a last line without {@code \n} when the kill cut
 * a write short (Linux stops a large write between pages for a fatal signal).
 */
class MetricsKillTest {

    private static final int KILLS = 5;

    @TempDir
    Path root;

    @Test
    void aKilledJvmLosesAtMostItsLast200MillisecondsOfValues() throws Exception {
        Random random = new Random();
        long seed = random.nextLong();
        random.setSeed(seed);
        for (int run = 0; run < KILLS; run++) {
            Path expt = root.resolve("run" + run);
            long runFor = 300 + random.nextInt(1500);
            Process child = start(expt);
            long[] times = new long[1 << 20];
            int acked = 0;
            long killedAt;
            try (BufferedReader out =
                    new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
                String first = out.readLine();
                assertTrue(first != null, "child printed nothing; see " + expt.resolve("child.err"));
                long deadline = System.currentTimeMillis() + runFor;
                for (String line = first; line != null; line = out.readLine()) {
                    int comma = line.indexOf(',');
                    int i = Integer.parseInt(line.substring(0, comma));
                    if (i >= times.length) {
                        times = java.util.Arrays.copyOf(times, times.length * 2);
                    }
                    times[i] = Long.parseLong(line.substring(comma + 1));
                    acked = i + 1;
                    if (System.currentTimeMillis() >= deadline) {
                        break;
                    }
                }
                killedAt = System.currentTimeMillis();
                child.destroyForcibly(); // SIGKILL on Linux
            }
            assertTrue(child.waitFor(30, TimeUnit.SECONDS), "child did not die");

            // A batch's write that the kill cut short leaves a last line without \n, which readers ignore.
            List<MetricsCsv.Line> lines = MetricsCsv.read(MetricsCsv.onlyFile(expt), true);
            BitSet inFile = new BitSet();
            long last = -1;
            for (MetricsCsv.Line l : lines) {
                int i = (int) l.value();
                assertTrue(i > last, "in recording order, each once: " + l + " after " + last + " (seed " + seed + ")");
                last = i;
                inFile.set(i);
                assertEquals(i / 3, l.step(), "steps count per metric: " + l);
            }
            long limit = killedAt - 200 - MetricsTest.SCHEDULING_MARGIN_MS;
            List<String> missing = new ArrayList<>();
            int checked = 0;
            for (int i = 0; i < acked; i++) {
                if (times[i] < limit) {
                    checked++;
                    if (!inFile.get(i) && missing.size() < 5) {
                        missing.add(i + " (recorded " + (killedAt - times[i]) + " ms before the kill)");
                    }
                }
            }
            assertTrue(
                    missing.isEmpty(),
                    "run " + run + " (seed " + seed + "): values missing from the file: " + missing + "; "
                            + lines.size() + " lines, " + acked + " acknowledged, stderr: "
                            + Files2.text(expt.resolve("child.err")));
            assertTrue(checked > 0, "nothing was recorded early enough to check (run " + run + ")");
            System.out.println("metrics kill run " + run + ": " + acked + " values acknowledged in " + runFor + " ms, "
                    + checked + " checked, " + lines.size() + " in the file");
        }
    }

    private static Process start(Path expt) throws IOException {
        Files.createDirectories(expt);
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xshare:auto",
                "-Djava.awt.headless=true",
                "-Dlabwatch.core.echo=false",
                "-cp",
                System.getProperty("java.class.path"),
                MetricsChild.class.getName(),
                expt.toString()));
        return new ProcessBuilder(cmd)
                .redirectError(new File(expt.resolve("child.err").toString()))
                .start();
    }
}

package org.labwatch.bench;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.FileAppender;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.logging.FileHandler;
import java.util.logging.SimpleFormatter;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.logging.log4j.core.config.Configurator;
import org.apache.logging.log4j.core.config.builder.api.ConfigurationBuilder;
import org.apache.logging.log4j.core.config.builder.api.ConfigurationBuilderFactory;
import org.apache.logging.log4j.core.config.builder.impl.BuiltConfiguration;
import org.labwatch.api.Monitor;
import org.labwatch.api.Monitors;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One log call that has reached the OS (a write system call) before it returns, so a killed JVM
 * loses nothing already logged: labwatch's guarantee, and each library configured for the same.
 * With 1 and with 4 threads calling. Result = calls per second (all threads together).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(
        value = 1,
        jvmArgsAppend = {
            "-Dlabwatch.core.echo=false",
            "-Dlabwatch.core.progressConsole=off",
            "-Dlog4j2.statusLoggerLevel=ERROR"
        })
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class KillSafeLoggingBench {

    static final String PATTERN = "%d{yyyy-MM-dd HH:mm:ss,SSS} - %p - %m%n";
    private static final Pattern MEASURED_LINE =
            Pattern.compile("\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2},\\d{3} - INFO - measured point \\d+");

    private Path dir;
    private Monitor monitor;
    private org.apache.logging.log4j.core.LoggerContext log4jContext;
    private org.apache.logging.log4j.Logger log4j;
    private LoggerContext logbackContext;
    private ch.qos.logback.classic.Logger logback;
    private java.util.logging.Logger jul;
    private FileHandler julHandler;

    /** Per-thread message numbers, so the counter is not what is measured. */
    @State(Scope.Thread)
    public static class Counter {
        long n;
    }

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        dir = TempDirs.create("labwatch-bench");
        monitor = Monitors.create(dir, "logging_bench");

        ConfigurationBuilder<BuiltConfiguration> b = ConfigurationBuilderFactory.newConfigurationBuilder();
        b.add(b.newAppender("file", "File")
                .addAttribute("fileName", dir.resolve("log4j2.log").toString())
                .addAttribute("immediateFlush", true)
                .add(b.newLayout("PatternLayout").addAttribute("pattern", PATTERN)));
        b.add(b.newRootLogger(org.apache.logging.log4j.Level.INFO).add(b.newAppenderRef("file")));
        log4jContext = Configurator.initialize(b.build());
        log4j = log4jContext.getLogger("bench");

        logbackContext = new LoggerContext();
        // Without an MDC adapter (normally set by Logback's SLF4J provider) every append fails
        // with a NullPointerException that Logback only reports in its status list.
        logbackContext.setMDCAdapter(new LogbackMDCAdapter());
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(logbackContext);
        // Logback splits %d options at commas, so its date pattern is quoted.
        encoder.setPattern("%d{\"yyyy-MM-dd HH:mm:ss,SSS\"} - %level - %msg%n");
        encoder.start();
        FileAppender<ILoggingEvent> appender = new FileAppender<>();
        appender.setContext(logbackContext);
        appender.setFile(dir.resolve("logback.log").toString());
        appender.setEncoder(encoder);
        appender.setImmediateFlush(true);
        appender.start();
        logback = logbackContext.getLogger("bench");
        logback.addAppender(appender);
        logback.setAdditive(false);

        // FileHandler flushes after every record.
        System.setProperty("java.util.logging.SimpleFormatter.format", "%1$tF %1$tT,%1$tL - %4$s - %5$s%n");
        julHandler = new FileHandler(dir.resolve("jul.log").toString(), true);
        julHandler.setFormatter(new SimpleFormatter());
        jul = java.util.logging.Logger.getLogger("bench");
        jul.setUseParentHandlers(false);
        jul.addHandler(julHandler);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        monitor.close();
        Configurator.shutdown(log4jContext);
        logbackContext.stop();
        julHandler.close();
        try (Stream<Path> files = Files.walk(dir)) {
            int measured = 0;
            for (Path f : files.filter(f -> f.toString().endsWith(".log")).toList()) {
                measured += endsInMeasuredLines(f) ? 1 : 0;
            }
            if (measured != 1) {
                throw new IllegalStateException(measured + " log files hold the measured calls, expected 1");
            }
        } finally {
            TempDirs.delete(dir);
        }
    }

    /**
     * A logger that wrote nothing, or another format, would make its number meaningless: the file
     * that got the measured calls must end in lines of the shared format.
     */
    private static boolean endsInMeasuredLines(Path file) throws IOException {
        long size = Files.size(file);
        byte[] tail = new byte[(int) Math.min(size, 4096)];
        try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
            in.seek(size - tail.length);
            in.readFully(tail);
        }
        // The first line of the tail may be cut; labwatch's last line is its own close notice.
        List<String> lines = new String(tail, StandardCharsets.UTF_8)
                .lines()
                .skip(1)
                .filter(l -> l.contains("measured point"))
                .toList();
        if (lines.isEmpty()) {
            return false;
        }
        for (String line : lines) {
            if (!MEASURED_LINE.matcher(line).matches()) {
                throw new IllegalStateException(file + " has a measured line in another format: " + line);
            }
        }
        return true;
    }

    @Benchmark
    @Threads(1)
    public void labwatch1Thread(Counter c) {
        monitor.log("measured point " + c.n++);
    }

    @Benchmark
    @Threads(4)
    public void labwatch4Threads(Counter c) {
        monitor.log("measured point " + c.n++);
    }

    @Benchmark
    @Threads(1)
    public void log4j2ImmediateFlush1Thread(Counter c) {
        log4j.info("measured point " + c.n++);
    }

    @Benchmark
    @Threads(4)
    public void log4j2ImmediateFlush4Threads(Counter c) {
        log4j.info("measured point " + c.n++);
    }

    @Benchmark
    @Threads(1)
    public void logbackImmediateFlush1Thread(Counter c) {
        logback.info("measured point " + c.n++);
    }

    @Benchmark
    @Threads(4)
    public void logbackImmediateFlush4Threads(Counter c) {
        logback.info("measured point " + c.n++);
    }

    @Benchmark
    @Threads(1)
    public void julFileHandler1Thread(Counter c) {
        jul.info("measured point " + c.n++);
    }

    @Benchmark
    @Threads(4)
    public void julFileHandler4Threads(Counter c) {
        jul.info("measured point " + c.n++);
    }
}

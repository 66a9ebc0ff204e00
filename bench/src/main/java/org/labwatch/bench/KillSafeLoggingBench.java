package org.labwatch.bench;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.FileAppender;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.logging.FileHandler;
import java.util.logging.SimpleFormatter;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * One log call that has reached the OS (a write system call) before it returns, so a killed JVM
 * loses nothing already logged: labwatch's guarantee, and each library configured for the same.
 * Run with {@code -t 1} and {@code -t 4}. Result = calls per second (all threads).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Dlabwatch.core.echo=false", "-Dlabwatch.core.progressConsole=off",
        "-Dlog4j2.statusLoggerLevel=ERROR"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class KillSafeLoggingBench {

    static final String PATTERN = "%d{yyyy-MM-dd HH:mm:ss,SSS} - %p - %m%n";

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
    public void tearDown() {
        monitor.close();
        Configurator.shutdown(log4jContext);
        logbackContext.stop();
        julHandler.close();
        TempDirs.delete(dir);
    }

    @Benchmark
    public void labwatch(Counter c) {
        monitor.log("measured point " + c.n++);
    }

    @Benchmark
    public void log4j2ImmediateFlush(Counter c) {
        log4j.info("measured point " + c.n++);
    }

    @Benchmark
    public void logbackImmediateFlush(Counter c) {
        logback.info("measured point " + c.n++);
    }

    @Benchmark
    public void julFileHandler(Counter c) {
        jul.info("measured point " + c.n++);
    }
}

package org.labwatch.logsink.file;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.labwatch.internal.config.Configs;
import org.labwatch.spi.MirrorOffsetException;

/** {@link FileLogSink#appendMirrored}: copies of logs shipped from other machines, appended by offset. */
class MirroredLogTest {

    @TempDir
    Path dir;

    private final FileLogSink sink = new FileLogSink();

    @Test
    void aMissingCopyHasLengthZeroAndTheFirstChunkCreatesItAndItsDirectories() throws IOException {
        Path file = dir.resolve("remote/pc/qubit1/monitoring/logs/rabi_20250101_120000.log");
        assertEquals(0, sink.mirroredLength(file));
        assertFalse(Files.exists(file.getParent()));

        assertEquals(6, sink.appendMirrored(file, 0, "line1\n".getBytes(UTF_8)));
        assertEquals(12, sink.appendMirrored(file, 6, "line2\n".getBytes(UTF_8)));

        assertEquals("line1\nline2\n", Files.readString(file));
        assertEquals(12, sink.mirroredLength(file));
    }

    @Test
    void bytesAtAnotherOffsetThanTheLengthAreRefusedWithTheLengthAndNothingIsWritten() throws IOException {
        Path file = dir.resolve("logs/a.log");
        sink.appendMirrored(file, 0, "0123456789".getBytes(UTF_8));

        // a resent chunk (offset behind the end) and a chunk after a gap (offset beyond it)
        for (long offset : new long[] {0, 4, 11, 1_000}) {
            MirrorOffsetException e = assertThrows(
                    MirrorOffsetException.class, () -> sink.appendMirrored(file, offset, "XYZ".getBytes(UTF_8)));
            assertEquals(10, e.storedLength(), "offset " + offset);
            assertTrue(e.getMessage().contains("send from 10"), e.getMessage());
        }
        assertEquals("0123456789", Files.readString(file));
        MirrorOffsetException missing = assertThrows(
                MirrorOffsetException.class,
                () -> sink.appendMirrored(dir.resolve("logs/none.log"), 5, "x".getBytes(UTF_8)));
        assertEquals(0, missing.storedLength());
        assertFalse(Files.exists(dir.resolve("logs/none.log")));
    }

    @Test
    void anEmptyChunkAtTheLengthChangesNothingAndAnswersTheLength() throws IOException {
        Path file = dir.resolve("logs/a.log");
        sink.appendMirrored(file, 0, "abc".getBytes(UTF_8));
        assertEquals(3, sink.appendMirrored(file, 3, new byte[0]));
        assertEquals("abc", Files.readString(file));
    }

    @Test
    void bytesAreCopiedAsTheyAreNotReformatted() throws IOException {
        Path file = dir.resolve("logs/raw.log");
        byte[] raw = {'a', '\r', '\n', 0, (byte) 0xff, (byte) 0xc3, '\t', 'z'};
        sink.appendMirrored(file, 0, raw);
        assertArrayEquals(raw, Files.readAllBytes(file));
    }

    @Test
    void eightWritersOfTheSameChunkAtTheSameOffsetAppendItOnceAndLeaveNoLocksBehind() throws Exception {
        Path file = dir.resolve("logs/race.log");
        byte[] chunk = "one chunk of a shipped log\n".getBytes(UTF_8);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Boolean>> tries = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                tries.add(() -> {
                    try {
                        sink.appendMirrored(file, 0, chunk);
                        return true;
                    } catch (MirrorOffsetException e) {
                        return false;
                    }
                });
            }
            int appended = 0;
            for (Future<Boolean> f : pool.invokeAll(tries)) {
                appended += f.get() ? 1 : 0;
            }
            assertEquals(1, appended);
        } finally {
            pool.shutdownNow();
        }
        assertArrayEquals(chunk, Files.readAllBytes(file));
        assertEquals(0, sink.mirrored().lockedFiles());
    }

    @Test
    void theSinksFsyncPolicyAppliesToShippedBytes() throws IOException {
        String info = "2025-01-01 12:00:00,000 - INFO - fine\n";
        String error = "2025-01-01 12:00:01,000 - ERROR - fridge warm\n";
        Map<FileLogSink.FsyncPolicy, Long> expected = Map.of(
                FileLogSink.FsyncPolicy.NEVER, 0L,
                FileLogSink.FsyncPolicy.ON_ERROR, 1L,
                FileLogSink.FsyncPolicy.ALWAYS, 2L);
        for (var policy : expected.entrySet()) {
            FileLogSink s = new FileLogSink(Configs.of(FileLogSink.Config.class, Map.of("fsync", policy.getKey())));
            Path file = dir.resolve(policy.getKey() + ".log");
            long length = s.appendMirrored(file, 0, info.getBytes(UTF_8));
            s.appendMirrored(file, length, error.getBytes(UTF_8));
            assertEquals(
                    policy.getValue(), s.mirrored().syncs(), policy.getKey().toString());
        }
    }
}

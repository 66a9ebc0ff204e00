package org.labwatch.store.postgres;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.labwatch.spi.MirrorOffsetException;

class StoredFilesTest {

    @RegisterExtension
    static final TestDatabases pg = new TestDatabases();

    private final Path root = Path.of("/srv/lab/data");
    private final Path statusDir = root.resolve("monitoring/status");
    private final Path logs = root.resolve("monitoring/logs");
    private String name;
    private Database db;
    private StoredFiles files;

    @BeforeEach
    void database() throws Exception {
        name = pg.create();
        db = pg.database(name, "files");
        files = new StoredFiles(db, new PathKeys(root));
    }

    @AfterEach
    void close() {
        db.close();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aReplacedFileReadsAsItsLastWholeContent() throws Exception {
        Path a = statusDir.resolve("a_status.json");
        FileRow first = files.replace(a, FileKind.STATUS, bytes("{\"v\":1}"));
        FileRow second = files.replace(a, FileKind.STATUS, bytes("{\"v\":22}"));
        assertEquals(first.id(), second.id(), "one row per path");
        assertTrue(second.seq() > first.seq(), "each change takes a new sequence number");
        assertArrayEquals(bytes("{\"v\":22}"), files.content(a));
        assertEquals(8, files.length(a));
        assertArrayEquals(bytes("v\":2"), files.read(a, 2, 4));
        assertArrayEquals(new byte[0], files.read(a, 8, 10), "nothing past the end");
        assertEquals("monitoring/status/a_status.json", second.key());
        assertEquals(a, second.path());
        assertEquals(
                "\\x" + hex(StoredFiles.sha256(bytes("{\"v\":22}"))),
                pg.cluster.sql(name, "SELECT sha256 FROM labwatch_file WHERE id = " + second.id()));
        assertThrows(NoSuchFileException.class, () -> files.content(statusDir.resolve("none_status.json")));
        assertThrows(IllegalArgumentException.class, () -> files.replace(a, FileKind.LOG, bytes("x")));
    }

    @Test
    void appendsAreChunkedAndReadBackFromAnyOffset() throws Exception {
        Path log = logs.resolve("a_20261204_101010.log");
        byte[] big = new byte[StoredFiles.CHUNK_BYTES * 2 + 12345];
        new Random(7).nextBytes(big);
        assertEquals(5, files.append(log, FileKind.LOG, bytes("head\n")));
        assertEquals(5 + big.length, files.append(log, FileKind.LOG, big));
        assertEquals(5 + big.length + 5, files.append(log, FileKind.LOG, bytes("tail\n")));
        assertEquals(
                "5", pg.cluster.sql(name, "SELECT count(*) FROM labwatch_chunk"), "the big append as three chunks");

        byte[] whole = files.content(log);
        assertEquals(5 + big.length + 5, whole.length);
        assertArrayEquals(bytes("head\n"), Arrays.copyOfRange(whole, 0, 5));
        assertArrayEquals(big, Arrays.copyOfRange(whole, 5, 5 + big.length));
        // across the boundaries of the first append and the big one's chunks
        long at = StoredFiles.CHUNK_BYTES - 10;
        assertArrayEquals(Arrays.copyOfRange(whole, (int) at, (int) at + 40), files.read(log, at, 40));
        assertArrayEquals(Arrays.copyOfRange(whole, 3, 9), files.read(log, 3, 6));
        assertArrayEquals(bytes("ail\n"), files.read(log, whole.length - 4, 100));
        assertEquals(
                List.of(log),
                files.list(logs, FileKind.LOG).stream().map(FileRow::path).toList());
        assertThrows(IllegalArgumentException.class, () -> files.append(log, FileKind.STATUS, bytes("x")));
    }

    @Test
    void anAppendAtAnyOffsetButTheLengthIsRefusedAndWritesNothing() throws Exception {
        Path mirrored = root.resolve("remote/pc/calib/monitoring/logs/r_20261204_101010.log");
        assertThrows(
                MirrorOffsetException.class,
                () -> files.append(mirrored, FileKind.LOG, 3, bytes("x")),
                "a new file starts at 0");
        assertEquals(4, files.append(mirrored, FileKind.LOG, 0, bytes("one\n")));
        // the shipper's retry after a lost answer: the same bytes at the same offset again
        MirrorOffsetException again = assertThrows(
                MirrorOffsetException.class, () -> files.append(mirrored, FileKind.LOG, 0, bytes("one\n")));
        assertEquals(4, again.storedLength());
        MirrorOffsetException gap =
                assertThrows(MirrorOffsetException.class, () -> files.append(mirrored, FileKind.LOG, 9, bytes("x\n")));
        assertEquals(4, gap.storedLength());
        assertEquals(8, files.append(mirrored, FileKind.LOG, 4, bytes("two\n")));
        assertArrayEquals(bytes("one\ntwo\n"), files.content(mirrored), "no line doubled, no gap");
    }

    @Test
    void aFileCopiedOrMovedKeepsItsBytesAndTime() throws Exception {
        Path a = statusDir.resolve("a_status.json");
        Path kept = statusDir.resolve("a_20261204_101010_status.json");
        FileRow original = files.replace(a, FileKind.STATUS, bytes("{\"run\":1}"));
        FileRow moved = files.copy(a, kept, true).orElseThrow();
        assertEquals(original.modified(), moved.modified());
        assertArrayEquals(bytes("{\"run\":1}"), files.content(kept));
        assertEquals(Optional.empty(), files.file(a), "moved away");
        assertThrows(NoSuchFileException.class, () -> files.content(a));
        assertEquals(Optional.empty(), files.copy(a, statusDir.resolve("b_status.json"), false));

        files.replace(a, FileKind.STATUS, bytes("{\"run\":2}"));
        assertThrows(FileAlreadyExistsException.class, () -> files.copy(a, kept, false));
        assertArrayEquals(bytes("{\"run\":1}"), files.content(kept), "an existing file is not overwritten");

        Path log = logs.resolve("a.log");
        files.append(log, FileKind.LOG, bytes("line\n"));
        files.copy(log, logs.resolve("a-copy.log"), false);
        assertArrayEquals(bytes("line\n"), files.content(logs.resolve("a-copy.log")));
        assertArrayEquals(bytes("line\n"), files.content(log));
    }

    @Test
    void aRemovedFileLeavesATombstoneAndCanBeWrittenAgain() throws Exception {
        Path log = logs.resolve("gone.log");
        files.append(log, FileKind.LOG, bytes("old\n"));
        long before = files.lastSeq();
        assertTrue(files.remove(log));
        assertFalse(files.remove(log), "removed already");
        List<FileRow> changes = files.changedSince(before, 10);
        assertEquals(1, changes.size());
        assertTrue(changes.get(0).removed(), "watchers on other nodes learn of it from the tombstone");
        assertEquals(List.of(), files.list(logs, FileKind.LOG));
        assertThrows(NoSuchFileException.class, () -> files.length(log));
        assertThrows(
                MirrorOffsetException.class,
                () -> files.append(log, FileKind.LOG, 4, bytes("x")),
                "a file written again starts empty");
        assertEquals(4, files.append(log, FileKind.LOG, 0, bytes("new\n")));
        assertArrayEquals(bytes("new\n"), files.content(log));
    }

    @Test
    void directoriesBelowNameEveryStatusDirectoryThatHeldAFile() throws Exception {
        Path remote = root.resolve("remote");
        files.replace(remote.resolve("pc1/calib/monitoring/status/a_status.json"), FileKind.STATUS, bytes("{}"));
        files.replace(remote.resolve("pc2/sweep/monitoring/status/b_status.json"), FileKind.STATUS, bytes("{}"));
        files.append(remote.resolve("pc3/x/monitoring/logs/c.log"), FileKind.LOG, bytes("l\n"));
        files.replace(statusDir.resolve("local_status.json"), FileKind.STATUS, bytes("{}"));
        Path outside = Path.of("/home/lab/nb/monitoring/status/n_status.json");
        files.replace(outside, FileKind.STATUS, bytes("{}"));
        assertEquals(
                List.of(remote.resolve("pc1/calib/monitoring/status"), remote.resolve("pc2/sweep/monitoring/status")),
                files.directoriesBelow(remote, FileKind.STATUS));
        assertEquals(
                List.of(Path.of("/home/lab/nb/monitoring/status")),
                files.directoriesBelow(Path.of("/home/lab"), FileKind.STATUS));
        assertEquals(List.of(), files.directoriesBelow(root.resolve("nothing"), FileKind.STATUS));
        assertEquals(3, files.directoriesBelow(root, FileKind.STATUS).size(), "below root: the relative keys only");
    }

    @Test
    void changesCommitInSequenceOrder() throws Exception {
        long start = files.lastSeq();
        for (int i = 0; i < 5; i++) {
            files.replace(statusDir.resolve("r" + i + "_status.json"), FileKind.STATUS, bytes("{}"));
        }
        List<FileRow> changes = files.changedSince(start, 3);
        assertEquals(3, changes.size(), "at most the limit");
        List<FileRow> rest = files.changedSince(changes.get(2).seq(), 10);
        assertEquals(2, rest.size());
        assertEquals("r4_status.json", rest.get(1).name());
        assertEquals(rest.get(1).seq(), files.lastSeq());
    }

    private static String hex(byte[] b) {
        StringBuilder s = new StringBuilder();
        for (byte x : b) {
            s.append(String.format("%02x", x));
        }
        return s.toString();
    }
}

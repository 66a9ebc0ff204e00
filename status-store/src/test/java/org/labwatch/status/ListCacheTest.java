package org.labwatch.status;

import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The watch keeps no attributes of its own: a full pass skips a file while the store's list cache
 * still holds, for the file's current size, time and inode, the very list view the watch last got.
 * An experiment page reading the file (a whole read) must not make a newer version look seen.
 */
class ListCacheTest {

    @TempDir
    Path dir;

    private static BasicFileAttributes attrs(Path file) throws Exception {
        return Files.readAttributes(file, BasicFileAttributes.class);
    }

    @Test
    void aWholeReadKeepsTheWatchsViewAndANewerVersionIsNeverTakenForIt() throws Exception {
        JsonStatusStore store = new JsonStatusStore();
        Path file = dir.resolve("run_status.json");
        Files.writeString(file, SeedFormatTest.SEED_EXAMPLE);
        ListedReading watched = store.listed(file);
        assertSame(watched, store.listedIfUnchanged(file, attrs(file)));

        store.read(file);
        assertSame(watched, store.listedIfUnchanged(file, attrs(file)), "a whole read of the same version");

        Path tmp = dir.resolve(".run.tmp");
        Files.writeString(tmp, SeedFormatTest.SEED_EXAMPLE.replace("\"running\"", "\"completed\""));
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        store.read(file);
        assertNotSame(watched, store.listedIfUnchanged(file, attrs(file)), "a newer version read by a page");

        store.forget(file);
        assertNull(store.listedIfUnchanged(file, attrs(file)));
    }
}

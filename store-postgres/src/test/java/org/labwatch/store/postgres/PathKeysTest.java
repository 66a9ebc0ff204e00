package org.labwatch.store.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class PathKeysTest {

    private final PathKeys keys = new PathKeys(Path.of("/srv/labwatch/data/../data"));

    @Test
    void aPathUnderRootIsKeyedRelativeWithSlashes() {
        Path status = Path.of("/srv/labwatch/data/remote/fridge-pc/calib/monitoring/status/x_status.json");
        String key = keys.key(status);
        assertEquals("remote/fridge-pc/calib/monitoring/status/x_status.json", key);
        assertEquals(status, keys.path(key));
        assertEquals("remote/fridge-pc/calib/monitoring/status", PathKeys.dirOf(key));
        assertEquals("x_status.json", PathKeys.nameOf(key));
    }

    @Test
    void twoNodesWithOneRootShareKeysWhateverTheirInstance() {
        PathKeys other = new PathKeys(Path.of("/srv/labwatch/data"));
        Path file = Path.of("/srv/labwatch/data/monitoring/logs/../status/a_status.json");
        assertEquals("monitoring/status/a_status.json", other.key(file));
        assertEquals(keys.key(file), other.key(file));
    }

    @Test
    void aPathOutsideRootIsKeyedByItsAbsoluteForm() {
        Path elsewhere = Path.of("/home/lab/notebook/./monitoring/status/y_status.json");
        String key = keys.key(elsewhere);
        assertEquals("/home/lab/notebook/monitoring/status/y_status.json", key);
        assertEquals(elsewhere.normalize(), keys.path(key));
        assertEquals("/home/lab/notebook/monitoring/status", PathKeys.dirOf(key));
        // a sibling whose name starts like the root is outside it
        assertEquals("/srv/labwatch/data2/x", keys.key(Path.of("/srv/labwatch/data2/x")));
    }

    @Test
    void theRootAndFilesDirectlyInItHaveTheEmptyDirectory() {
        assertEquals("", keys.key(Path.of("/srv/labwatch/data")));
        assertEquals(Path.of("/srv/labwatch/data"), keys.path(""));
        assertEquals("", PathKeys.dirOf("notes.txt"));
        assertEquals("/", PathKeys.dirOf("/notes.txt"));
        assertEquals("", PathKeys.below(""));
        assertEquals("remote/", PathKeys.below("remote"));
    }
}

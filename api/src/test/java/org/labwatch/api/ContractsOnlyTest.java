package org.labwatch.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The API jar holds contracts: no class in it starts a thread, watches files or uses reflection.
 * Implementation there would be exported, versioned and impossible to change without a new
 * contract version; it belongs in a bundle or in {@code internal/}. Checked on the compiled classes:
 * a type a class uses is named in its constant pool.
 */
class ContractsOnlyTest {

    private static final List<String> IMPLEMENTATION = List.of(
            "java/lang/Thread",
            "java/nio/file/WatchService",
            "java/lang/reflect/",
            "java/util/concurrent/Executor",
            "java/util/Timer");

    @Test
    void noApiClassHasAThreadAFileWatchOrReflection() throws IOException {
        List<String> found = new ArrayList<>();
        int classes = 0;
        try (Stream<Path> files = Files.walk(Path.of("target/classes/org/labwatch"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                classes++;
                String constants = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
                for (String type : IMPLEMENTATION) {
                    if (constants.contains(type)) {
                        found.add(file.getFileName() + " uses " + type);
                    }
                }
            }
        }
        assertTrue(classes > 30, "compiled API classes found: " + classes);
        assertEquals(List.of(), found);
    }

    /** The check itself: the bytes of a class that does use a thread contain the name it looks for. */
    @Test
    void theCheckSeesAThreadInAClassThatHasOne() throws IOException {
        Path self = Path.of("target/test-classes/org/labwatch/api/ContractsOnlyTest$Starter.class");
        assertTrue(new String(Files.readAllBytes(self), StandardCharsets.ISO_8859_1).contains("java/lang/Thread"));
    }

    @SuppressWarnings("unused")
    private static final class Starter {
        void start() {
            new Thread(() -> {}).start();
        }
    }
}

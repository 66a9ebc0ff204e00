package org.labwatch.api;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import aQute.bnd.differ.Baseline;
import aQute.bnd.differ.DiffPluginImpl;
import aQute.bnd.osgi.Jar;
import aQute.bnd.osgi.Processor;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * bnd's baseline check of the exported packages ({@code org.labwatch.api}, {@code org.labwatch.spi})
 * against the last published contract in {@code api/baseline/}: a change that breaks or extends a
 * package without the matching {@code @Version} in its package-info fails the build, naming the
 * package and the version bnd asks for. Other bundles import a range from these versions, so a
 * wrong one lets a bundle resolve against an API it cannot use. Publishing a new contract means
 * copying the new jar there (docs/architecture.md, "Contracts and private code").
 */
class ExportedVersionsTest {

    /** What bnd-process left in target/classes: the classes and the bundle's manifest, read as a jar. */
    private static final Path BUILT = Path.of("target/classes");

    private static final Path BASELINE = Path.of("baseline/labwatch-api-baseline.jar");

    @Test
    void exportedPackageVersionsMatchWhatChangedSinceTheBaseline() throws Exception {
        assertTrue(Files.isRegularFile(BUILT.resolve("META-INF/MANIFEST.MF")), "no bundle manifest in " + BUILT);
        assertTrue(Files.isRegularFile(BASELINE), "no baseline jar at " + BASELINE.toAbsolutePath());
        try (Processor reporter = new Processor();
                Jar newer = new Jar(BUILT.toFile());
                Jar older = new Jar(BASELINE.toFile())) {
            Set<Baseline.Info> infos = new Baseline(reporter, new DiffPluginImpl()).baseline(newer, older, null);
            assertTrue(!infos.isEmpty(), "bnd compared no exported package");
            List<String> wrong = new ArrayList<>();
            for (Baseline.Info info : infos) {
                if (info.mismatch) {
                    wrong.add(info.packageName + ": " + info.packageDiff.getDelta() + " since " + info.olderVersion
                            + ", version is " + info.newerVersion + ", bnd asks for " + info.suggestedVersion);
                }
            }
            if (!wrong.isEmpty()) {
                fail("exported package versions do not match their changes:\n  " + String.join("\n  ", wrong)
                        + "\n(bnd errors: " + reporter.getErrors() + ")");
            }
        }
    }

    /** The check itself: the baseline against itself is clean, and it is a real bundle with both packages. */
    @Test
    void theBaselineIsTheApiBundle() throws Exception {
        try (Jar older = new Jar(new File(BASELINE.toString()))) {
            assertTrue(
                    older.getPackages().contains("org.labwatch.api")
                            && older.getPackages().contains("org.labwatch.spi"),
                    "packages in the baseline: " + older.getPackages());
        }
    }
}

package org.labwatch.web.panels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The panel tag allowlist is defined once ({@link PanelHtml#TAGS}); the README and the
 * {@code PanelContent} Javadoc, which panel authors read, must list exactly the same tags. Both are
 * read from the repository as they are, and a failure names the tags that differ.
 */
class PanelTagsDocumentedTest {

    /** The module's directory is the working directory of its tests; the repository is its parent. */
    private static final Path REPO = Path.of("").toAbsolutePath().getParent();

    @Test
    void theReadmeListsTheAllowedTags() throws IOException {
        String readme = Files.readString(REPO.resolve("README.md"));
        // "... to these tags: `table thead ...`" may wrap over lines inside the backticks.
        assertSameTags("README.md", listed(readme, Pattern.compile("these tags: `([^`]+)`")));
    }

    @Test
    void thePanelContentJavadocListsTheAllowedTags() throws IOException {
        String source = Files.readString(REPO.resolve("api/src/main/java/org/labwatch/spi/PanelContent.java"));
        String javadoc = source.replaceAll("(?m)^\\s*\\*", " ");
        assertSameTags("PanelContent.java", listed(javadoc, Pattern.compile("these tags: \\{@code ([^}]+)}")));
    }

    private static List<String> listed(String text, Pattern where) {
        Matcher m = where.matcher(text);
        assertTrue(m.find(), "no list of tags matching " + where + " found");
        return Arrays.asList(m.group(1).trim().split("\\s+"));
    }

    private static void assertSameTags(String document, List<String> documented) {
        Set<String> missing = new TreeSet<>(PanelHtml.TAGS);
        missing.removeAll(documented);
        Set<String> extra = new TreeSet<>(documented);
        PanelHtml.TAGS.forEach(extra::remove);
        assertEquals(
                "",
                (missing.isEmpty() ? "" : document + " leaves out " + missing + ". ")
                        + (extra.isEmpty() ? "" : document + " lists tags the server does not allow: " + extra + "."));
        assertEquals(PanelHtml.TAGS.size(), documented.size(), document + " lists a tag twice: " + documented);
    }
}

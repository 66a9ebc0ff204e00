package org.labwatch.plots;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.labwatch.internal.config.Configs;
import org.labwatch.spi.Plot;
import org.labwatch.spi.PlotStore;
import org.labwatch.spi.PlotType;

class PrepareTest {

    private static final String SVG =
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"10\" height=\"10\"><rect width=\"5\" height=\"5\"/></svg>";
    private static final byte[] PNG = Images.png(32, 1);

    private final PlotStore store = new FilePlotStore();

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "''                | it is empty",
                "a/b               | path separator",
                "a\\b              | path separator",
                "a..b              | '..'",
                ".hidden           | starts with '.'",
                "CON               | reserved device name",
                "nul.png           | reserved device name",
                "x<y               | is not allowed",
            })
    void badNamesAreRefusedSayingWhy(String name, String problem) {
        assertRefused(name, PNG, "plot name", problem);
    }

    @Test
    void tooLongNulAndControlCharactersAreRefused() {
        assertRefused("a".repeat(129), PNG, "129 characters");
        assertRefused("a\0b", PNG, "NUL character");
        assertRefused("a\u0007b", PNG, "control character U+0007");
        assertRefused("a\nb", PNG, "control character U+000A");
        assertRefused(null, PNG, "missing");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Résonateur (q0) - 2", "Qubit α_β 測定", "T1 decay (run 3)", "spectrum"})
    void unicodeNamesAreAccepted(String name) {
        Plot plot = store.prepare(name, PNG);
        assertEquals(name + ".png", plot.fileName());
        assertEquals(PlotType.PNG, plot.type());
        assertArrayEquals(PNG, plot.bytes());
    }

    @Test
    void enDashIsAccepted() {
        assertEquals(
                "Résonateur (q0) – 2.png",
                store.prepare("Résonateur (q0) – 2", PNG).fileName());
    }

    @Test
    void pngAndJpegFromImageIoAreRecognised() {
        assertEquals(PlotType.PNG, store.prepare("p", Images.png(64, 2)).type());
        Plot jpeg = store.prepare("j", Images.jpeg(64));
        assertEquals(PlotType.JPEG, jpeg.type());
        assertEquals("j.jpg", jpeg.fileName());
    }

    @Test
    void svgWithAndWithoutPrologIsRecognised() {
        String prolog = "<?xml version=\"1.0\" encoding=\"utf-8\" standalone=\"no\"?>\n"
                + "<!DOCTYPE svg PUBLIC \"-//W3C//DTD SVG 1.1//EN\"\n  \"http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd\">\n"
                + "<!-- Created with matplotlib (https://matplotlib.org/) -->\n";
        String[] documents = {
            SVG,
            prolog + SVG,
            "<?xml version=\"1.0\"?><svg>" + "</svg>",
            "\uFEFF  \n" + SVG,
            "\uFEFF<?xml version=\"1.0\"?>\r\n<!DOCTYPE svg [ <!ENTITY x \"<y>\"> ]>\n<!-- a > b -->\n" + SVG,
            "<?xml-stylesheet href=\"s.css\"?>\n<svg\n  width=\"1\"/>",
        };
        for (String document : documents) {
            Plot plot = store.prepare("diagram", document.getBytes(UTF_8));
            assertEquals(PlotType.SVG, plot.type(), document);
            assertEquals("diagram.svg", plot.fileName());
        }
    }

    @Test
    void otherContentIsRefusedShowingItsFirstBytes() {
        assertRefused(
                "report",
                "%PDF-1.7\n%\u00e2\u00e3".getBytes(UTF_8),
                "not a PNG, JPEG or SVG image",
                "25 50 44 46 2D 31 2E 37 ...");
        assertRefused(
                "page.svg",
                "<!DOCTYPE html><html><body><p>plot</p><svg></svg></body></html>".getBytes(UTF_8),
                "not a PNG");
        assertRefused("page", "<html><svg></svg></html>".getBytes(UTF_8), "not a PNG");
        assertRefused("xml", "<?xml version=\"1.0\"?><plot><svg/></plot>".getBytes(UTF_8), "not a PNG");
        assertRefused("svgish", "<svgfoo/>".getBytes(UTF_8), "not a PNG");
        assertRefused("cut", Arrays.copyOf(PNG, 5), "89 50 4E 47 0D");
        byte[] random = new byte[4096];
        new Random(42).nextBytes(random);
        random[0] = 0x00;
        assertRefused("noise", random, "not a PNG");
        assertRefused("empty", new byte[0], "empty");
        assertRefused("null", null, "empty");
    }

    @Test
    void sizeLimitComesFromTheConfiguration() {
        PlotStore small = new FilePlotStore(Configs.of(FilePlotStore.Config.class, Map.of("maxBytes", 1000L)));
        byte[] exact = Arrays.copyOf(PNG, 1000);
        assertEquals(PlotType.PNG, small.prepare("exact", exact).type());
        assertRefused(
                small,
                "big",
                Arrays.copyOf(PNG, 1001),
                "1001 bytes",
                "limit of 1000 bytes",
                "maxBytes",
                "org.labwatch.plots");
    }

    @Test
    void aChangedLimitAppliesToTheRunningStoreAndAWrongOneIsRefused() {
        FilePlotStore store = new FilePlotStore(Configs.of(FilePlotStore.Config.class, Map.of("maxBytes", 1000L)));
        store.modified(Configs.of(FilePlotStore.Config.class, Map.of("maxBytes", 2000L)));
        assertEquals(
                PlotType.PNG,
                store.prepare("now fits", Arrays.copyOf(PNG, 2000)).type());
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class,
                () -> store.modified(Configs.of(FilePlotStore.Config.class, Map.of("maxBytes", 0L))));
        assertTrue(e.getMessage().contains("maxBytes must be positive, got 0"), e.getMessage());
        assertRefused(store, "big", Arrays.copyOf(PNG, 2001), "limit of 2000 bytes");
    }

    @Test
    void defaultLimitIsFiftyMebibytes() {
        byte[] big = Arrays.copyOf(PNG, 50 * 1024 * 1024 + 1);
        assertRefused("huge", big, "52428801 bytes", "limit of 52428800 bytes");
        assertEquals(
                PlotType.PNG,
                store.prepare("huge", Arrays.copyOf(big, big.length - 1)).type());
    }

    @Test
    void extensionIsAddedOrMustMatchTheContent() {
        assertEquals("spectrum.png", store.prepare("spectrum", PNG).fileName());
        assertEquals("res.v2.png", store.prepare("res.v2", PNG).fileName());
        assertEquals("fit.PNG", store.prepare("fit.PNG", PNG).fileName());
        assertEquals("photo.jpeg", store.prepare("photo.jpeg", Images.jpeg(16)).fileName());
        assertEquals("d.Svg", store.prepare("d.Svg", SVG.getBytes(UTF_8)).fileName());
        assertRefused("x.png", Images.jpeg(16), "name says .png but the content is JPEG");
        assertRefused("x.svg", PNG, "name says .svg but the content is PNG");
        assertRefused("x.jpg", SVG.getBytes(UTF_8), "name says .jpg but the content is SVG");
        assertRefused("a".repeat(126), PNG, "extension added", "130 characters");
    }

    private void assertRefused(String name, byte[] bytes, String... fragments) {
        assertRefused(store, name, bytes, fragments);
    }

    private static void assertRefused(PlotStore store, String name, byte[] bytes, String... fragments) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> store.prepare(name, bytes));
        for (String fragment : fragments) {
            assertTrue(
                    e.getMessage().contains(fragment),
                    "message \"" + e.getMessage() + "\" should contain \"" + fragment + "\"");
        }
    }
}

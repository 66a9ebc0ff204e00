package org.labwatch.status;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.labwatch.spi.StatusReading;

/**
 * Lists parse a file without building its messages and errors (they are counted, not read): what
 * a list gets must be exactly the whole status's list view, for the seed's files and odd ones.
 */
class ListOnlyParseTest {

    @TempDir
    Path dir;

    private static final List<String> FILES = List.of(
            SeedFormatTest.SEED_EXAMPLE,
            // no counts: they come from the arrays; a nested array is not a record, null and strings are
            "{\"experiment_name\":\"x\",\"status\":\"completed\",\"messages\":[\"plain\",null,[1,2],{\"message\":\"m\"}],"
                    + "\"errors\":[{\"error\":\"e\",\"traceback\":\"t\"},\"boom\"]}",
            // counts given win over the arrays; messages not an array
            "{\"experiment_name\":\"x\",\"messages\":{\"a\":[1]},\"errors\":\"no\",\"message_count\":7,\"error_count\":\"3\"}",
            // a field twice: the last one counts, as in the whole parse
            "{\"experiment_name\":\"a\",\"messages\":[1,2,3],\"experiment_name\":\"b\",\"messages\":[1]}",
            // nested objects elsewhere, numbers as strings, null fields
            "{\"experiment_name\":null,\"current_step\":\"2\",\"steps\":[{\"name\":\"s\",\"step_number\":2}],"
                    + "\"progress_bars\":[{\"id\":\"b\",\"n\":3,\"total\":9,\"state\":\"running\"}],\"plots\":[\"p.png\"],"
                    + "\"extra\":{\"deep\":[{\"x\":[]}]}}",
            "{\"experiment_name\":\"x\"} trailing",
            "{\"experiment_name\":\"x\",\"messages\":[{\"message\":\"cut",
            "[1,2]",
            "   ");

    @Test
    void aListedFileIsTheWholeStatusListView() throws Exception {
        JsonStatusStore whole = new JsonStatusStore();
        for (int i = 0; i < FILES.size(); i++) {
            Path file = dir.resolve("f" + i + "_status.json");
            Files.writeString(file, FILES.get(i));
            StatusReading expected = whole.read(file).listView();
            StatusReading listed = new JsonStatusStore().listed(file).reading();
            assertEquals(expected, listed, FILES.get(i));
        }
    }

    @Test
    void bytesThatAreNotUtf8InAMessageMakeTheListedFileUnreadableToo() throws Exception {
        byte[] start = "{\"experiment_name\":\"x\",\"messages\":[{\"message\":\"".getBytes(StandardCharsets.UTF_8);
        byte[] end = "\"}]}".getBytes(StandardCharsets.UTF_8);
        byte[] bytes = new byte[start.length + 2 + end.length];
        System.arraycopy(start, 0, bytes, 0, start.length);
        bytes[start.length] = (byte) 0xC3;
        bytes[start.length + 1] = (byte) 0x28;
        System.arraycopy(end, 0, bytes, start.length + 2, end.length);
        Path file = dir.resolve("bad_status.json");
        Files.write(file, bytes);
        StatusReading listed = new JsonStatusStore().listed(file).reading();
        assertEquals(new JsonStatusStore().read(file).listView(), listed);
        assertEquals(false, listed.readable());
    }

    @Test
    void aListingOfUnchangedFilesParsesNothingAgain() throws Exception {
        JsonStatusStore store = new JsonStatusStore();
        for (int i = 0; i < 50; i++) {
            Files.writeString(dir.resolve("run" + i + "_status.json"), SeedFormatTest.SEED_EXAMPLE);
        }
        List<StatusReading> first = store.list(List.of(dir));
        List<StatusReading> again = store.list(List.of(dir));
        for (int i = 0; i < first.size(); i++) {
            assertSame(first.get(i), again.get(i));
        }
        assertEquals(true, JsonStatusStore.LISTED_CACHE_FILES >= 200_000, "room for the 100,000 runs measured");
    }

    @Test
    void theReaderGivesTheSameWithOrWithoutMessagesApartFromThem() throws Exception {
        org.labwatch.internal.status.StatusJsonReader reader =
                new org.labwatch.internal.status.StatusJsonReader(new com.fasterxml.jackson.databind.ObjectMapper());
        byte[] bytes = SeedFormatTest.SEED_EXAMPLE.getBytes(StandardCharsets.UTF_8);
        var all = reader.read(bytes, "id", ZoneOffset.UTC, false);
        var listed = reader.read(bytes, "id", ZoneOffset.UTC, true);
        assertEquals(all.toBuilder().messages(List.of()).errors(List.of()).build(), listed);
    }
}

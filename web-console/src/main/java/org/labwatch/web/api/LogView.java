package org.labwatch.web.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.labwatch.internal.time.IsoTimes;
import org.labwatch.spi.LogChunk;
import org.labwatch.spi.LogEntry;
import org.labwatch.spi.LogSource;

/**
 * {@code GET /api/experiments/{id}/log}: {@code ?tail=N} (default 200) gives the last N records;
 * {@code ?after=<offset>} the records from a byte offset on. Both answer
 * {@code {"file", "entries": [{"offset", "time", "level", "message"}], "next_offset", "restarted"}};
 * a client follows the log by asking {@code ?after=<next_offset>} again, and loads older records
 * by asking a longer tail and keeping those before its first offset.
 */
public final class LogView {

    static final int DEFAULT_TAIL = 200;
    static final int MAX_TAIL = 10_000;
    /** About how much one {@code ?after=} answer reads; the client asks again for more. */
    static final int CHUNK_BYTES = 256 * 1024;

    private LogView() {}

    static ObjectNode read(ObjectMapper mapper, LogSource source, Path log, Map<String, String> query)
            throws IOException, BadQuery {
        String after = query.get("after");
        ObjectNode root = mapper.createObjectNode();
        root.put("file", log.getFileName().toString());
        if (after != null) {
            long offset = number("after", after, Long.MAX_VALUE);
            LogChunk chunk = source.readAfter(log, offset, CHUNK_BYTES);
            entries(root, chunk.entries());
            root.put("next_offset", chunk.nextOffset());
            root.put("restarted", chunk.restarted());
            return root;
        }
        String tailText = query.get("tail");
        int tail =
                tailText == null ? DEFAULT_TAIL : (int) Math.min(MAX_TAIL, number("tail", tailText, Integer.MAX_VALUE));
        List<LogEntry> last = source.tail(log, tail);
        // tail() says nothing about where the file ends; reading on from its last record gives the
        // offset to follow from, and anything written in between.
        long from = last.isEmpty() ? 0 : last.get(last.size() - 1).offset();
        LogChunk rest = source.readAfter(log, from, CHUNK_BYTES);
        ArrayNode out = entries(root, last);
        for (LogEntry e : rest.entries()) {
            if (last.isEmpty() || e.offset() > from) {
                fill(out.addObject(), e);
            }
        }
        root.put("next_offset", rest.nextOffset());
        root.put("restarted", false);
        return root;
    }

    /** The {@code entries} array of a log answer, also the one of a {@code log} event. */
    public static ArrayNode entries(ObjectNode root, List<LogEntry> entries) {
        ArrayNode array = root.putArray("entries");
        for (LogEntry e : entries) {
            fill(array.addObject(), e);
        }
        return array;
    }

    private static void fill(ObjectNode n, LogEntry e) {
        n.put("offset", e.offset());
        n.put("time", IsoTimes.iso(e.time()));
        n.put("level", e.level() == null ? null : e.level().jsonName());
        n.put("message", e.message());
    }

    private static long number(String name, String text, long max) throws BadQuery {
        try {
            long v = Long.parseLong(text.trim());
            if (v < 0 || v > max) {
                throw new BadQuery(name + " must be between 0 and " + max + ", got " + text.trim());
            }
            return v;
        } catch (NumberFormatException e) {
            throw new BadQuery(name + " must be a whole number, got '" + text + "'");
        }
    }
}

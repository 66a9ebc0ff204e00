package org.labwatch.internal.status;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.labwatch.api.ErrorRecord;
import org.labwatch.api.ExperimentStatus;
import org.labwatch.api.Level;
import org.labwatch.api.MessageRecord;
import org.labwatch.api.MetricSummary;
import org.labwatch.api.PlotRecord;
import org.labwatch.api.ProgressBarRecord;
import org.labwatch.api.RunState;
import org.labwatch.api.StepRecord;

/**
 * Reads a status written by anyone: lenient about content (unknown fields ignored, missing ones
 * defaulted, numbers as strings accepted), strict about structure (it must be a JSON object).
 */
public final class StatusJsonReader {

    /** Why bytes are not a status; the message is shown to users as the "unreadable" reason. */
    public static final class NotAStatus extends Exception {
        private static final long serialVersionUID = 1L;

        NotAStatus(String reason) {
            super(reason);
        }
    }

    private final ObjectMapper mapper;

    public StatusJsonReader(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    /**
     * The mapper every status store reads with: a bare NaN or Infinity (Python's json.dump writes
     * them so by default) reads as that number instead of making the whole file unreadable;
     * labwatch itself writes them as strings.
     */
    public static ObjectMapper lenientMapper() {
        return JsonMapper.builder()
                .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
                .build();
    }

    /**
     * Why these bytes would not read as a status copied from another machine, or null when they
     * do: not empty, within {@code maxBytes}, UTF-8 as the format says (the reader would also take
     * what Jackson detects, UTF-16 too), and readable by this reader.
     *
     * @param limitSetting the setting that holds {@code maxBytes}, named in the message
     */
    public String copyProblem(byte[] json, String id, ZoneId zone, long maxBytes, String limitSetting) {
        if (json == null || json.length == 0) {
            return "empty file";
        }
        if (json.length > maxBytes) {
            return "it is " + json.length + " bytes, larger than the limit of " + maxBytes + " bytes (" + limitSetting
                    + ")";
        }
        String utf8 = Utf8.problem(json);
        if (utf8 != null) {
            return utf8;
        }
        try {
            read(json, id, zone, false);
            return null;
        } catch (NotAStatus e) {
            return e.getMessage();
        }
    }

    public ExperimentStatus read(byte[] bytes, String id, ZoneId zone) throws NotAStatus {
        return read(bytes, id, zone, false);
    }

    /**
     * @param listOnly leave out the messages and errors (their counts stay), as a list view does:
     *                 they are skipped while parsing instead of being built and dropped. Indexing
     *                 10,000 runs of 20 messages parsed 200,000 messages and their timestamps for nothing.
     */
    public ExperimentStatus read(byte[] bytes, String id, ZoneId zone, boolean listOnly) throws NotAStatus {
        if (bytes.length == 0 || isBlank(bytes)) {
            throw new NotAStatus("empty file");
        }
        if (listOnly) {
            ExperimentStatus listed = listOnly(bytes, id, zone);
            if (listed != null) {
                return listed;
            }
            // anything unusual: the whole parse below says what is wrong, in its words
        }
        JsonNode root;
        try {
            root = mapper.readTree(bytes);
        } catch (JsonEOFException e) {
            throw new NotAStatus("truncated JSON (the file ends in the middle of a value; was it being written "
                    + "without an atomic replace?): " + e.getOriginalMessage());
        } catch (JsonProcessingException e) {
            String m = e.getOriginalMessage();
            String where = e.getLocation() == null
                    ? ""
                    : " at line " + e.getLocation().getLineNr() + ", column "
                            + e.getLocation().getColumnNr();
            if (m != null && m.contains("UTF-8")) {
                throw new NotAStatus("not valid UTF-8" + where + ": " + m);
            }
            throw new NotAStatus("not valid JSON" + where + ": " + m);
        } catch (java.io.IOException e) {
            throw new NotAStatus("cannot be parsed: " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            throw new NotAStatus("the JSON is "
                    + (root == null ? "empty" : "a " + root.getNodeType().name().toLowerCase())
                    + ", not an object with experiment_name, status, ...");
        }
        List<MessageRecord> messages = messages(root.get("messages"), zone);
        List<ErrorRecord> errors = errors(root.get("errors"), zone);
        return status(root, id, zone, messages, errors, messages.size(), errors.size());
    }

    /** The status without messages and errors, or null when the bytes are not a plain JSON object. */
    private ExperimentStatus listOnly(byte[] bytes, String id, ZoneId zone) {
        try (JsonParser p = mapper.getFactory().createParser(bytes)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            ObjectNode root = mapper.createObjectNode();
            int messages = 0;
            int errors = 0;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                if (field.equals("messages") || field.equals("errors")) {
                    int n = countRecords(p, value);
                    if (field.equals("messages")) {
                        messages = n;
                    } else {
                        errors = n;
                    }
                    root.remove(field);
                } else {
                    root.set(field, value == JsonToken.VALUE_NULL ? root.nullNode() : mapper.readTree(p));
                }
            }
            if (p.currentToken() != JsonToken.END_OBJECT || p.nextToken() != null) {
                return null;
            }
            return status(root, id, zone, List.of(), List.of(), messages, errors);
        } catch (java.io.IOException | RuntimeException e) {
            return null;
        }
    }

    /** As many as {@link #messages} and {@link #errors} would build: objects and plain values, not arrays. */
    private static int countRecords(JsonParser p, JsonToken value) throws java.io.IOException {
        if (value != JsonToken.START_ARRAY) {
            p.skipChildren();
            return 0;
        }
        int n = 0;
        for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
            if (t == null) {
                throw new JsonEOFException(p, null, "the array ends early");
            }
            if (t != JsonToken.START_ARRAY) {
                n++;
            }
            p.skipChildren();
        }
        return n;
    }

    private static ExperimentStatus status(
            JsonNode root,
            String id,
            ZoneId zone,
            List<MessageRecord> messages,
            List<ErrorRecord> errors,
            int messagesFound,
            int errorsFound) {
        String name = text(root, "experiment_name");
        return ExperimentStatus.builder(name == null || name.isBlank() ? id : name)
                .formatVersion((int) number(root.get("format_version"), 0))
                .startTime(time(root, "start_time", zone))
                .lastUpdate(time(root, "last_update", zone))
                .currentStep((int) number(root.get("current_step"), 0))
                .totalSteps((int) number(root.get("total_steps"), 0))
                .progressPercent(decimal(root.get("progress_percent"), 0))
                .status(RunState.fromJson(text(root, "status")))
                .steps(steps(root.get("steps"), zone))
                .messages(messages)
                .errors(errors)
                .message(text(root, "message"))
                .completedTime(time(root, "completed_time", zone))
                .host(text(root, "host"))
                .pid(root.hasNonNull("pid") ? (Long) number(root.get("pid"), 0) : null)
                .heartbeat(time(root, "heartbeat", zone))
                .plots(plots(root.get("plots"), zone))
                .progressBars(bars(root.get("progress_bars"), zone))
                .messageCount(number(root.get("message_count"), messagesFound))
                .errorCount(number(root.get("error_count"), errorsFound))
                .logFile(text(root, "log_file"))
                .metrics(metrics(root.get("metrics"), zone))
                .build();
    }

    private static List<StepRecord> steps(JsonNode array, ZoneId zone) {
        List<StepRecord> out = new ArrayList<>();
        for (JsonNode n : elements(array)) {
            if (n.isObject()) {
                out.add(new StepRecord(
                        text(n, "name"),
                        (int) number(n.get("step_number"), 0),
                        time(n, "timestamp", zone),
                        text(n, "message"),
                        n.hasNonNull("duration_s") ? decimal(n.get("duration_s"), 0) : null));
            }
        }
        return out;
    }

    private static List<MessageRecord> messages(JsonNode array, ZoneId zone) {
        List<MessageRecord> out = new ArrayList<>();
        for (JsonNode n : elements(array)) {
            if (n.isObject()) {
                out.add(new MessageRecord(
                        time(n, "timestamp", zone), Level.fromJson(text(n, "level")), text(n, "message")));
            } else if (n.isValueNode()) {
                out.add(new MessageRecord(null, Level.INFO, n.asText()));
            }
        }
        return out;
    }

    private static List<ErrorRecord> errors(JsonNode array, ZoneId zone) {
        List<ErrorRecord> out = new ArrayList<>();
        for (JsonNode n : elements(array)) {
            if (n.isObject()) {
                String message = text(n, "message");
                out.add(new ErrorRecord(
                        time(n, "timestamp", zone),
                        message != null ? message : text(n, "error"),
                        n.hasNonNull("traceback") ? text(n, "traceback") : text(n, "stack_trace")));
            } else if (n.isValueNode()) {
                out.add(new ErrorRecord(null, n.asText(), null));
            }
        }
        return out;
    }

    private static List<PlotRecord> plots(JsonNode array, ZoneId zone) {
        List<PlotRecord> out = new ArrayList<>();
        for (JsonNode n : elements(array)) {
            if (n.isObject()) {
                out.add(new PlotRecord(
                        text(n, "name"),
                        text(n, "file"),
                        time(n, "timestamp", zone),
                        text(n, "media_type"),
                        number(n.get("bytes"), 0)));
            } else if (n.isTextual()) {
                out.add(new PlotRecord(n.asText(), n.asText(), null, null, 0));
            }
        }
        return out;
    }

    private static List<ProgressBarRecord> bars(JsonNode array, ZoneId zone) {
        List<ProgressBarRecord> out = new ArrayList<>();
        for (JsonNode n : elements(array)) {
            if (n.isObject()) {
                out.add(new ProgressBarRecord(
                        text(n, "id"),
                        text(n, "description"),
                        number(n.get("n"), 0),
                        number(n.get("total"), 0),
                        n.hasNonNull("percent") ? decimal(n.get("percent"), 0) : null,
                        decimal(n.get("rate"), 0),
                        decimal(n.get("elapsed_s"), 0),
                        n.hasNonNull("eta_s") ? decimal(n.get("eta_s"), 0) : null,
                        text(n, "message"),
                        ProgressBarRecord.State.fromJson(text(n, "state")),
                        time(n, "started", zone),
                        time(n, "updated", zone)));
            }
        }
        return out;
    }

    /** Entries without a name are skipped; {@code last} may be a number or "NaN", "Infinity", "-Infinity". */
    private static List<MetricSummary> metrics(JsonNode array, ZoneId zone) {
        List<MetricSummary> out = new ArrayList<>();
        for (JsonNode n : elements(array)) {
            String name = n.isObject() ? text(n, "name") : null;
            if (name != null) {
                out.add(new MetricSummary(
                        name,
                        number(n.get("count"), 0),
                        decimal(n.get("last"), Double.NaN),
                        number(n.get("last_step"), 0),
                        n.hasNonNull("min") ? decimal(n.get("min"), Double.NaN) : null,
                        n.hasNonNull("max") ? decimal(n.get("max"), Double.NaN) : null,
                        time(n, "updated", zone)));
            }
        }
        return out;
    }

    private static Iterable<JsonNode> elements(JsonNode array) {
        return array != null && array.isArray() ? array : List.of();
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() || v.isContainerNode() ? null : v.asText();
    }

    private static OffsetDateTime time(JsonNode node, String field, ZoneId zone) {
        return Timestamps.parse(text(node, field), zone);
    }

    private static long number(JsonNode v, long otherwise) {
        if (v == null || v.isNull()) {
            return otherwise;
        }
        if (v.isNumber()) {
            return v.asLong();
        }
        if (v.isTextual()) {
            try {
                return (long) Double.parseDouble(v.asText().trim());
            } catch (NumberFormatException e) {
                return otherwise;
            }
        }
        return otherwise;
    }

    private static double decimal(JsonNode v, double otherwise) {
        if (v == null || v.isNull()) {
            return otherwise;
        }
        if (v.isNumber()) {
            return v.asDouble();
        }
        if (v.isTextual()) {
            try {
                return Double.parseDouble(v.asText().trim());
            } catch (NumberFormatException e) {
                return otherwise;
            }
        }
        return otherwise;
    }

    private static boolean isBlank(byte[] bytes) {
        for (byte b : bytes) {
            if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
                return false;
            }
        }
        return true;
    }
}

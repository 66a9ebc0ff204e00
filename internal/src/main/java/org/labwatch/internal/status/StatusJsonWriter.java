package org.labwatch.internal.status;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import java.io.IOException;
import java.io.OutputStream;
import java.time.OffsetDateTime;
import org.labwatch.api.ErrorRecord;
import org.labwatch.api.ExperimentStatus;
import org.labwatch.api.MessageRecord;
import org.labwatch.api.MetricSummary;
import org.labwatch.api.PlotRecord;
import org.labwatch.api.ProgressBarRecord;
import org.labwatch.api.StepRecord;

/**
 * Writes a status in the seed's field names and order, extensions after, 2-space indented
 * (people {@code cat} these files). Streaming: the file is rewritten often and must stay cheap.
 */
public final class StatusJsonWriter {

    private final JsonFactory factory;
    private final DefaultPrettyPrinter printer;

    public StatusJsonWriter(JsonFactory factory) {
        this.factory = factory;
        DefaultIndenter indent = new DefaultIndenter("  ", "\n");
        this.printer = new DefaultPrettyPrinter()
                .withObjectIndenter(indent)
                .withArrayIndenter(indent)
                .withoutSpacesInObjectEntries();
    }

    /** The status as its bytes, for a store that keeps them whole. */
    public byte[] bytes(ExperimentStatus s) throws IOException {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(4096);
        write(s, out);
        return out.toByteArray();
    }

    public void write(ExperimentStatus s, OutputStream out) throws IOException {
        try (JsonGenerator g = factory.createGenerator(out)) {
            g.setPrettyPrinter(new DefaultPrettyPrinter(printer));
            g.writeStartObject();
            g.writeStringField("experiment_name", s.experimentName());
            time(g, "start_time", s.startTime());
            time(g, "last_update", s.lastUpdate());
            g.writeNumberField("current_step", s.currentStep());
            g.writeNumberField("total_steps", s.totalSteps());
            g.writeNumberField("progress_percent", s.progressPercent());
            g.writeStringField("status", s.status().jsonName());
            g.writeArrayFieldStart("steps");
            for (StepRecord step : s.steps()) {
                g.writeStartObject();
                g.writeStringField("name", step.name());
                g.writeNumberField("step_number", step.stepNumber());
                time(g, "timestamp", step.timestamp());
                string(g, "message", step.message());
                if (step.durationSeconds() != null) {
                    g.writeNumberField("duration_s", step.durationSeconds());
                }
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeArrayFieldStart("messages");
            for (MessageRecord m : s.messages()) {
                g.writeStartObject();
                time(g, "timestamp", m.timestamp());
                g.writeStringField("level", m.level().jsonName());
                string(g, "message", m.message());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeArrayFieldStart("errors");
            for (ErrorRecord e : s.errors()) {
                g.writeStartObject();
                time(g, "timestamp", e.timestamp());
                string(g, "message", e.message());
                string(g, "traceback", e.traceback());
                g.writeEndObject();
            }
            g.writeEndArray();
            string(g, "message", s.message());
            time(g, "completed_time", s.completedTime());
            g.writeNumberField("format_version", s.formatVersion());
            string(g, "host", s.host());
            if (s.pid() != null) {
                g.writeNumberField("pid", s.pid());
            }
            time(g, "heartbeat", s.heartbeat());
            g.writeArrayFieldStart("plots");
            for (PlotRecord p : s.plots()) {
                g.writeStartObject();
                string(g, "name", p.name());
                string(g, "file", p.file());
                time(g, "timestamp", p.timestamp());
                string(g, "media_type", p.mediaType());
                g.writeNumberField("bytes", p.bytes());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeArrayFieldStart("progress_bars");
            for (ProgressBarRecord b : s.progressBars()) {
                g.writeStartObject();
                string(g, "id", b.id());
                string(g, "description", b.description());
                g.writeNumberField("n", b.n());
                g.writeNumberField("total", b.total());
                number(g, "percent", b.percent());
                g.writeNumberField("rate", b.rate());
                g.writeNumberField("elapsed_s", b.elapsedSeconds());
                number(g, "eta_s", b.etaSeconds());
                string(g, "message", b.message());
                g.writeStringField("state", b.state().jsonName());
                time(g, "started", b.started());
                time(g, "updated", b.updated());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeNumberField("message_count", s.messageCount());
            g.writeNumberField("error_count", s.errorCount());
            string(g, "log_file", s.logFile());
            g.writeArrayFieldStart("metrics");
            for (MetricSummary m : s.metrics()) {
                g.writeStartObject();
                g.writeStringField("name", m.name());
                g.writeNumberField("count", m.count());
                value(g, "last", m.last());
                g.writeNumberField("last_step", m.lastStep());
                number(g, "min", m.min());
                number(g, "max", m.max());
                time(g, "updated", m.updated());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
            g.writeRaw('\n');
        }
    }

    private static void time(JsonGenerator g, String field, OffsetDateTime t) throws IOException {
        if (t != null) {
            g.writeStringField(field, Timestamps.format(t));
        }
    }

    private static void string(JsonGenerator g, String field, String value) throws IOException {
        if (value != null) {
            g.writeStringField(field, value);
        }
    }

    /** JSON has no NaN or infinities: those are written as the strings "NaN", "Infinity", "-Infinity". */
    private static void value(JsonGenerator g, String field, double value) throws IOException {
        if (Double.isFinite(value)) {
            g.writeNumberField(field, value);
        } else {
            g.writeStringField(field, Double.toString(value));
        }
    }

    private static void number(JsonGenerator g, String field, Double value) throws IOException {
        if (value != null) {
            g.writeNumberField(field, value);
        }
    }
}

package org.labwatch.web.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import org.labwatch.api.ErrorRecord;
import org.labwatch.api.ExperimentStatus;
import org.labwatch.api.MessageRecord;
import org.labwatch.api.PlotRecord;
import org.labwatch.api.ProgressBarRecord;
import org.labwatch.api.StepRecord;
import org.labwatch.internal.time.IsoTimes;
import org.labwatch.spi.ExperimentSummary;
import org.labwatch.spi.StatusReading;

/**
 * {@code GET /api/experiments/{id}}: {@code {"summary": ..., "status": ..., "log_file": ...}} where
 * {@code status} has the status file's fields under the file's own names (the seed's, then
 * labwatch's extensions), as read: times normalised to ISO-8601 with offset, levels and states in
 * lower case. {@code status} is null for an unreadable file; {@code summary.problem} says why.
 */
final class StatusView {

    private StatusView() {}

    static ObjectNode of(ObjectMapper mapper, StatusReading reading, ExperimentSummary summary, Path logFile) {
        ObjectNode root = mapper.createObjectNode();
        root.set("summary", mapper.valueToTree(summary));
        root.put("log_file", logFile == null ? null : logFile.getFileName().toString());
        root.set("status", reading.readable() ? status(mapper, reading.status()) : null);
        return root;
    }

    static ObjectNode status(ObjectMapper mapper, ExperimentStatus s) {
        ObjectNode o = mapper.createObjectNode();
        o.put("experiment_name", s.experimentName());
        o.put("start_time", IsoTimes.iso(s.startTime()));
        o.put("last_update", IsoTimes.iso(s.lastUpdate()));
        o.put("current_step", s.currentStep());
        o.put("total_steps", s.totalSteps());
        o.put("progress_percent", s.progressPercent());
        o.put("status", s.status().jsonName());
        ArrayNode steps = o.putArray("steps");
        for (StepRecord step : s.steps()) {
            ObjectNode n = steps.addObject();
            n.put("name", step.name());
            n.put("step_number", step.stepNumber());
            n.put("timestamp", IsoTimes.iso(step.timestamp()));
            n.put("message", step.message());
            n.put("duration_s", step.durationSeconds());
        }
        ArrayNode messages = o.putArray("messages");
        for (MessageRecord m : s.messages()) {
            ObjectNode n = messages.addObject();
            n.put("timestamp", IsoTimes.iso(m.timestamp()));
            n.put("level", m.level().jsonName());
            n.put("message", m.message());
        }
        ArrayNode errors = o.putArray("errors");
        for (ErrorRecord e : s.errors()) {
            ObjectNode n = errors.addObject();
            n.put("timestamp", IsoTimes.iso(e.timestamp()));
            n.put("message", e.message());
            n.put("traceback", e.traceback());
        }
        o.put("message", s.message());
        o.put("completed_time", IsoTimes.iso(s.completedTime()));
        o.put("format_version", s.formatVersion());
        o.put("host", s.host());
        o.put("pid", s.pid());
        o.put("heartbeat", IsoTimes.iso(s.heartbeat()));
        ArrayNode plots = o.putArray("plots");
        for (PlotRecord p : s.plots()) {
            ObjectNode n = plots.addObject();
            n.put("name", p.name());
            n.put("file", p.file());
            n.put("timestamp", IsoTimes.iso(p.timestamp()));
            n.put("media_type", p.mediaType());
            n.put("bytes", p.bytes());
        }
        ArrayNode bars = o.putArray("progress_bars");
        for (ProgressBarRecord b : s.progressBars()) {
            ObjectNode n = bars.addObject();
            n.put("id", b.id());
            n.put("description", b.description());
            n.put("n", b.n());
            n.put("total", b.total());
            n.put("percent", b.percent());
            n.put("rate", b.rate());
            n.put("elapsed_s", b.elapsedSeconds());
            n.put("eta_s", b.etaSeconds());
            n.put("message", b.message());
            n.put("state", b.state().jsonName());
            n.put("started", IsoTimes.iso(b.started()));
            n.put("updated", IsoTimes.iso(b.updated()));
        }
        o.put("message_count", s.messageCount());
        o.put("error_count", s.errorCount());
        o.put("log_file", s.logFile());
        return o;
    }
}

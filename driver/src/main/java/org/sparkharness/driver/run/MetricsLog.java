package org.sparkharness.driver.run;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.sparkharness.driver.rounds.Evaluation;
import org.sparkharness.driver.rounds.RoundEvent;

/**
 * {@code metrics.jsonl}: one JSON object per line, flushed after each so a crash loses at most the line being
 * written. On resume the lines of rounds after the checkpoint are dropped, so each round appears once.
 */
public final class MetricsLog implements AutoCloseable {
    /** The JSON mapper for run files (metrics, manifest, summary). */
    public static final ObjectMapper JSON = new ObjectMapper().disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);

    private final FSDataOutputStream out;

    private MetricsLog(FSDataOutputStream out) { this.out = out; }

    /** Opens the log, keeping existing lines whose {@code round} is at most {@code keepThroughRound}. */
    public static MetricsLog open(FileSystem fs, Path file, long keepThroughRound) {
        try {
            List<String> kept = new ArrayList<>();
            if (fs.exists(file)) {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(fs.open(file), StandardCharsets.UTF_8))) {
                    for (String line; (line = r.readLine()) != null; ) {
                        if (line.isBlank()) continue;
                        var node = JSON.readTree(line);
                        if (!node.has("round") || node.get("round").asLong() <= keepThroughRound) kept.add(line);
                    }
                }
            }
            FSDataOutputStream out = fs.create(file, true);
            for (String line : kept) out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            out.hflush();
            return new MetricsLog(out);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open metrics log " + file, e);
        }
    }

    /**
     * One round's line: the event's fields, the evaluation's (if any) with {@code eval_ms}, and {@code elapsed_s}
     * (wall seconds since the loop started).
     */
    public void write(RoundEvent event, Evaluation eval, double evalMs, double elapsedSeconds) {
        ObjectNode line = JSON.valueToTree(event);
        if (eval != null) {
            line.setAll((ObjectNode) JSON.valueToTree(eval));
            line.put("eval_ms", evalMs);
        }
        line.put("elapsed_s", elapsedSeconds);
        write(line);
    }

    private synchronized void write(Object event) {
        try {
            out.write((JSON.writeValueAsString(event) + "\n").getBytes(StandardCharsets.UTF_8));
            out.hflush();
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("metric event is not JSON-serialisable: " + event, e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write metrics", e);
        }
    }

    @Override
    public synchronized void close() {
        try {
            out.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close metrics log", e);
        }
    }
}

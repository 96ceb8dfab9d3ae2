package org.sparkharness.driver.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;
import org.apache.hadoop.fs.Path;
import org.sparkharness.driver.run.RunDirectory;
import org.sparkharness.driver.run.RunSetupException;

/**
 * Writes {@code report.html} into a run folder: summary, resolved config, and plots of training loss, test
 * accuracy against wall time, round times and backup workers per round, all from {@code metrics.jsonl}.
 */
public final class RunReport {
    private static final ObjectMapper JSON = new ObjectMapper();

    private RunReport() {}

    /** Builds the report for the run folder {@code runDir} (any Hadoop URI) and returns its path. */
    public static Path write(String runDir) {
        RunDirectory run = RunDirectory.at(runDir);
        String metrics = run.readText("metrics.jsonl");
        if (metrics == null) throw new RunSetupException(runDir + " has no metrics.jsonl: not a run folder?");
        List<JsonNode> rounds = parse(metrics);
        String html = html(run.root().getName(), rounds, run.readText("summary.json"), run.readText("config.yaml"));
        run.writeText("report.html", html);
        if (rounds.stream().anyMatch(e -> e.has("predicted_round_ms"))) {
            run.writeText("backup-workers.svg", backupChart(rounds));
            run.writeText("round-time-predicted.svg", predictedRoundTimeChart(rounds));
        }
        return run.file("report.html");
    }

    static String html(String name, List<JsonNode> rounds, String summary, String config) {
        if (rounds.stream().anyMatch(e -> e.has("strategy"))) return federatedHtml(name, rounds, summary, config);
        boolean regression = rounds.stream().anyMatch(e -> e.has("test_rmse"));
        String metric = regression ? "test_rmse" : "test_accuracy";
        List<JsonNode> evals = rounds.stream().filter(e -> e.has(metric)).toList();
        StringBuilder b = page(name);
        b.append("<h1>Run ").append(SvgChart.esc(name)).append("</h1>");
        b.append("<p>").append(rounds.size()).append(" rounds logged, ").append(evals.size()).append(" evaluations.</p>");
        b.append("<div class='grid'>");
        b.append(SvgChart.line("Training loss", "round", "loss", List.of(
                series("per round", rounds, "round", "loss", "#9ecae1"),
                new SvgChart.Series("moving mean (25)", column(rounds, e -> e.get("round").asDouble()),
                        movingMean(column(rounds, e -> e.get("loss").asDouble()), 25), "#08519c"))));
        b.append(regression
                ? SvgChart.line("Test RMSE", "elapsed seconds", "root mean squared error", List.of(
                        series("test RMSE", evals, "elapsed_s", metric, "#d94801")))
                : SvgChart.line("Test accuracy", "elapsed seconds", "accuracy", List.of(
                        series("test accuracy", evals, "elapsed_s", metric, "#d94801"))));
        b.append(SvgChart.line("Round time", "round", "ms", List.of(
                series("round", rounds, "round", "round_ms", "#41ab5d"),
                series("wait for k results", rounds, "round", "wait_ms", "#807dba"))));
        b.append(backupChart(rounds));
        if (rounds.stream().anyMatch(e -> e.has("predicted_round_ms"))) b.append(predictedRoundTimeChart(rounds));
        if (rounds.stream().anyMatch(RunReport::eventful)) b.append(workerFaultChart(rounds));
        b.append("</div>");
        return end(b, summary, config);
    }

    /**
     * A federated run: global and personalised accuracy by round and by bytes communicated (the FedPara view),
     * local and global training loss, and the client time distribution (stragglers show in its tail).
     */
    static String federatedHtml(String name, List<JsonNode> rounds, String summary, String config) {
        List<JsonNode> evals = rounds.stream().filter(e -> e.has("global_accuracy")).toList();
        StringBuilder b = page(name);
        b.append("<h1>Federated run ").append(SvgChart.esc(name)).append("</h1>");
        b.append("<p>").append(rounds.size()).append(" rounds logged, ").append(evals.size()).append(" evaluations. ")
                .append("Global accuracy: the global model on all clients' pooled test splits; personalised accuracy: ")
                .append("each client's own model on its own test split, unweighted mean over clients.</p>");
        b.append("<div class='grid'>");
        b.append(SvgChart.line("Test accuracy", "round", "accuracy", List.of(
                series("global", evals, "round", "global_accuracy", "#d94801"),
                series("personalised (mean over clients)", evals, "round", "personal_accuracy", "#08519c"))));
        List<JsonNode> mb = evals.stream().map(e -> (JsonNode) ((com.fasterxml.jackson.databind.node.ObjectNode) e.deepCopy())
                .put("mib_total", e.path("bytes_total").asDouble() / 1048576.0)).toList();
        b.append(SvgChart.line("Accuracy against communication", "MiB sent and received", "accuracy", List.of(
                series("global", mb, "mib_total", "global_accuracy", "#d94801"),
                series("personalised", mb, "mib_total", "personal_accuracy", "#08519c"))));
        b.append(SvgChart.line("Loss", "round", "loss", List.of(
                series("local objective (clients, during training)", rounds, "round", "local_loss", "#9ecae1"),
                series("global model, train splits", evals, "round", "train_loss", "#08519c"))));
        List<JsonNode> times = rounds.stream().map(e -> e.path("client_ms")).toList();
        double[] x = column(rounds, e -> e.get("round").asDouble());
        b.append(SvgChart.line("Client training time", "round", "ms", List.of(
                new SvgChart.Series("p50", x, column(times, t -> t.path("p50").asDouble()), "#41ab5d"),
                new SvgChart.Series("p90", x, column(times, t -> t.path("p90").asDouble()), "#807dba"),
                new SvgChart.Series("max", x, column(times, t -> t.path("max").asDouble()), "#e7298a"))));
        b.append("</div>");
        return end(b, summary, config);
    }

    /** The head of every report page (train, federate, curate): title and the shared style. */
    public static StringBuilder page(String name) {
        return new StringBuilder("<!doctype html><html><head><meta charset='utf-8'><title>")
                .append(SvgChart.esc(name)).append(" - spark-harness</title><style>body{font-family:sans-serif;"
                        + "max-width:1340px;margin:20px} .grid{display:flex;flex-wrap:wrap;gap:12px} pre{background:#f6f6f6;"
                        + "padding:8px;overflow:auto;max-height:480px} table{border-collapse:collapse} td,th{border:1px solid #ccc;"
                        + "padding:2px 8px;text-align:left}</style></head><body>");
    }

    private static String end(StringBuilder b, String summary, String config) {
        if (summary != null) b.append("<h2>Summary</h2><pre>").append(SvgChart.esc(summary)).append("</pre>");
        if (config != null) b.append("<h2>Configuration</h2><pre>").append(SvgChart.esc(config)).append("</pre>");
        return b.append("</body></html>").toString();
    }

    /** b per round: with the dynamic policy, how many backup workers DBW chose as training went on. */
    static String backupChart(List<JsonNode> rounds) {
        return SvgChart.line("Backup workers b = n - k", "round", "b", List.of(series("b", rounds, "round", "b", "#e7298a")));
    }

    /** Whether a round had a worker fail, go missing or come back. */
    static boolean eventful(JsonNode e) {
        return e.path("failed").size() + e.path("lost").size() + e.path("rejoined").size() > 0;
    }

    /** Workers that failed, were missing (lost with their task or executor) or rejoined, per round. */
    static String workerFaultChart(List<JsonNode> rounds) {
        double[] x = column(rounds, e -> e.get("round").asDouble());
        return SvgChart.line("Workers failed, missing and rejoined", "round", "workers", List.of(
                new SvgChart.Series("failed", x, column(rounds, e -> e.path("failed").size()), "#d94801"),
                new SvgChart.Series("missing", x, column(rounds, e -> e.path("lost").size()), "#e7298a"),
                new SvgChart.Series("rejoined", x, column(rounds, e -> e.path("rejoined").size()), "#41ab5d")));
    }

    /** The dynamic policy's predicted round time against the measured one (moving means over 10 rounds). */
    static String predictedRoundTimeChart(List<JsonNode> rounds) {
        List<JsonNode> dyn = rounds.stream().filter(e -> e.has("predicted_round_ms")).toList();
        double[] x = column(dyn, e -> e.get("round").asDouble());
        return SvgChart.line("Round time: DBW prediction vs measured (mean of 10)", "round", "ms", List.of(
                new SvgChart.Series("measured", x, movingMean(column(dyn, e -> e.get("round_ms").asDouble()), 10), "#41ab5d"),
                new SvgChart.Series("predicted", x, movingMean(column(dyn, e -> e.get("predicted_round_ms").asDouble()), 10),
                        "#08519c")));
    }

    private static SvgChart.Series series(String name, List<JsonNode> rows, String x, String y, String color) {
        return new SvgChart.Series(name, column(rows, e -> e.path(x).asDouble(Double.NaN)),
                column(rows, e -> e.path(y).asDouble(Double.NaN)), color);
    }

    private static double[] column(List<JsonNode> rows, ToDoubleFunction<JsonNode> f) {
        return rows.stream().mapToDouble(f).toArray();
    }

    static double[] movingMean(double[] v, int window) {
        double[] out = new double[v.length];
        double sum = 0;
        for (int i = 0; i < v.length; i++) {
            sum += v[i];
            if (i >= window) sum -= v[i - window];
            out[i] = sum / Math.min(i + 1, window);
        }
        return out;
    }

    private static List<JsonNode> parse(String jsonLines) {
        List<JsonNode> out = new ArrayList<>();
        try {
            for (String line : jsonLines.split("\n")) if (!line.isBlank()) out.add(JSON.readTree(line));
        } catch (IOException e) {
            throw new UncheckedIOException("metrics.jsonl has a malformed line", e);
        }
        return out;
    }
}

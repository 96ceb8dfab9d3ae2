package org.sparkharness.driver.curate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.sparkharness.driver.report.RunReport;
import org.sparkharness.driver.report.SvgChart;
import org.sparkharness.driver.run.MetricsLog;

/**
 * report.html of a curation run: one section per stage with its headline numbers, a bar chart for every count
 * table in its statistics (drops per rule, removals per source, kept per class, histogram bins) and the samples
 * of dropped rows. Stats are rendered from their JSON form, so a new stage type needs no change here. Pure.
 */
final class CurationReport {
    private static final int MAX_BARS = 40;

    private CurationReport() {}

    static String html(String name, CurationPipeline.Result result, String configYaml) {
        StringBuilder b = RunReport.page(name);
        b.append("<h1>Curation run ").append(SvgChart.esc(name)).append("</h1>");
        b.append(String.format(Locale.ROOT, "<p>%d stages, %.1f s.</p><table><tr><th>stage</th><th>type</th><th>seconds</th>"
                + "<th>result</th><th>reused</th></tr>", result.stages().size(), result.seconds()));
        for (CurationPipeline.StageRun r : result.stages()) {
            b.append(String.format(Locale.ROOT, "<tr><td>%02d %s</td><td>%s</td><td>%.1f</td><td>%s</td><td>%s</td></tr>",
                    r.index(), SvgChart.esc(r.name()), r.type(), r.seconds(), SvgChart.esc(String.valueOf(r.summary())),
                    r.resumed() ? "yes" : ""));
        }
        b.append("</table>");
        for (CurationPipeline.StageRun r : result.stages()) section(b, r);
        b.append("<h2>Configuration</h2><pre>").append(SvgChart.esc(configYaml)).append("</pre>");
        return b.append("</body></html>").toString();
    }

    private static void section(StringBuilder b, CurationPipeline.StageRun r) {
        JsonNode stats = MetricsLog.JSON.valueToTree(r.stats());
        b.append("<h2>").append(String.format(Locale.ROOT, "%02d ", r.index())).append(SvgChart.esc(r.name()))
                .append(" (").append(r.type()).append(")</h2><p>").append(SvgChart.esc(String.valueOf(r.summary())))
                .append("<br><code>").append(SvgChart.esc(r.dir())).append("</code></p>");
        if (stats == null || !stats.isObject()) return;
        List<String> charts = new ArrayList<>();
        charts(stats, "", charts);
        if (!charts.isEmpty()) {
            b.append("<div class='grid'>");
            charts.forEach(b::append);
            b.append("</div>");
        }
        JsonNode samples = stats.get("samples");
        if (samples != null && !samples.isEmpty()) {
            b.append("<details><summary>samples of excluded rows</summary><pre>").append(SvgChart.esc(pretty(samples)))
                    .append("</pre></details>");
        }
        b.append("<details><summary>stats.json</summary><pre>").append(SvgChart.esc(pretty(stats))).append("</pre></details>");
    }

    /** A bar chart for every object whose values are all numbers, and for every {counts, edges} histogram. */
    static void charts(JsonNode node, String path, List<String> out) {
        if (!node.isObject() || path.endsWith("samples")) return;
        if (node.has("counts") && node.get("counts").isArray() && node.has("edges") && node.get("edges").isArray()) {
            out.add(histogram(path, node));
            return;
        }
        if (node.size() > 0 && allNumbers(node) && !path.isEmpty()) {
            List<String> labels = new ArrayList<>();
            List<Double> values = new ArrayList<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext() && labels.size() < MAX_BARS; ) {
                Map.Entry<String, JsonNode> e = it.next();
                labels.add(e.getKey());
                values.add(e.getValue().asDouble());
            }
            out.add(SvgChart.bars(path, labels, values.stream().mapToDouble(Double::doubleValue).toArray(), "#3182bd"));
            return;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            charts(e.getValue(), path.isEmpty() ? e.getKey() : path + "." + e.getKey(), out);
        }
    }

    private static String histogram(String path, JsonNode h) {
        JsonNode counts = h.get("counts"), edges = h.get("edges");
        List<String> labels = new ArrayList<>();
        double[] values = new double[counts.size()];
        for (int i = 0; i < counts.size(); i++) {
            labels.add(i + 1 < edges.size() ? String.format(Locale.ROOT, "%.3g - %.3g", edges.get(i).asDouble(),
                    edges.get(i + 1).asDouble()) : "bin " + i);
            values[i] = counts.get(i).asDouble();
        }
        return SvgChart.bars(path + " (histogram)", labels, values, "#e6550d");
    }

    private static boolean allNumbers(JsonNode node) {
        for (JsonNode v : node) if (!v.isNumber()) return false;
        return true;
    }

    private static String pretty(JsonNode node) {
        try {
            return MetricsLog.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(node);
        } catch (JsonProcessingException e) {
            return node.toString();
        }
    }
}

package org.sparkharness.driver.report;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RunReportTest {

    @Test
    void ticksAreRoundNumbersCoveringTheRange() {
        assertArrayEquals(new double[] {0, 200, 400, 600, 800, 1000, 1200}, SvgChart.ticks(1, 1200), 1e-9);
        double[] t = SvgChart.ticks(0.812, 0.879);
        assertTrue(t[0] <= 0.812 && t[t.length - 1] >= 0.879, java.util.Arrays.toString(t));
    }

    @Test
    void movingMeanAveragesTheLastWindow() {
        assertArrayEquals(new double[] {1, 1.5, 2.5, 3.5}, RunReport.movingMean(new double[] {1, 2, 3, 4}, 2), 1e-12);
    }

    @Test
    void theReportHasOnePlotPerQuantityAndEscapesText() throws Exception {
        ObjectMapper json = new ObjectMapper();
        List<JsonNode> rounds = new ArrayList<>();
        for (int r = 1; r <= 10; r++) {
            rounds.add(json.readTree("{\"round\":" + r + ",\"b\":0,\"loss\":" + (1.0 / r) + ",\"round_ms\":30,\"wait_ms\":20,"
                    + "\"elapsed_s\":" + r * 0.03 + (r % 5 == 0 ? ",\"test_accuracy\":0.8" : "") + "}"));
        }
        String html = RunReport.html("a<b", rounds, "{\"rounds\": 10}", "run: {name: x}");
        assertEquals(4, html.split("<svg").length - 1);
        assertTrue(html.contains("a&lt;b") && !html.contains("a<b"));
        assertTrue(html.contains("Test accuracy") && html.contains("polyline"));
    }

    @Test
    void missingAndRejoinedWorkersGetTheirOwnPlot() throws Exception {
        ObjectMapper json = new ObjectMapper();
        List<JsonNode> rounds = new ArrayList<>();
        for (int r = 1; r <= 6; r++) {
            String lost = r >= 3 && r < 5 ? "[1]" : "[]";
            String rejoined = r == 5 ? "[1]" : "[]";
            rounds.add(json.readTree("{\"round\":" + r + ",\"b\":1,\"loss\":1,\"round_ms\":30,\"wait_ms\":20,"
                    + "\"elapsed_s\":" + r + ",\"failed\":[],\"lost\":" + lost + ",\"rejoined\":" + rejoined + "}"));
        }
        String html = RunReport.html("faults", rounds, "{}", "");
        assertTrue(html.contains("Workers failed, missing and rejoined"), "a plot of the faults");
        String quiet = RunReport.html("quiet", rounds.subList(0, 2), "{}", "");
        assertTrue(!quiet.contains("Workers failed"), "no fault plot for a run without faults");
    }
}

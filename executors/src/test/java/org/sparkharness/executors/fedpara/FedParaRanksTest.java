package org.sparkharness.executors.fedpara;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Reference ranks and counts of docs/algorithms/federated.md §5.2, all reproduced exactly. */
class FedParaRanksTest {

    /** MNIST 2NN 784-200-200-10 in DL4J layout (weights [nIn, nOut], biases [nOut]). */
    static Map<String, long[]> mnist2nn() {
        Map<String, long[]> s = new LinkedHashMap<>();
        long[] widths = {784, 200, 200, 10};
        for (int i = 0; i < 3; i++) {
            s.put(i + "_W", new long[] {widths[i], widths[i + 1]});
            s.put(i + "_b", new long[] {widths[i + 1]});
        }
        return s;
    }

    /** VGG16's 13 conv layers, 3×3, in DL4J layout [O, I, K, K], with biases. */
    static Map<String, long[]> vgg16Convs() {
        long[][] io = {{3, 64}, {64, 64}, {64, 128}, {128, 128}, {128, 256}, {256, 256}, {256, 256}, {256, 512},
                {512, 512}, {512, 512}, {512, 512}, {512, 512}, {512, 512}};
        Map<String, long[]> s = new LinkedHashMap<>();
        for (int i = 0; i < io.length; i++) {
            s.put(i + "_W", new long[] {io[i][1], io[i][0], 3, 3});
            s.put(i + "_b", new long[] {io[i][1]});
        }
        return s;
    }

    /**
     * §5.2: the percentages are over the factorised weights only; with biases they would read 21.9 / 30.4 / 46.1 /
     * 60.7 / 99.2, so the spec's 21.7 and 30.3 exclude them.
     */
    @ParameterizedTest
    @CsvSource({"0.0, 15, 15, 4, 21.7, 21.9", "0.1, 22, 19, 4, 30.3, 30.4", "0.3, 35, 26, 4, 46.0, 46.1",
            "0.5, 47, 33, 4, 60.7, 60.7", "1.0, 79, 50, 4, 99.2, 99.2"})
    void mnist2nnRanksAndFractionsMatchTheSpec(double gamma, int r0, int r1, int r2, double percentOfWeights,
            double percentWithBiases) {
        FedPara p = FedPara.plan(mnist2nn(), gamma, FedPara.Init.VARIANCE_MATCHED, false);
        assertEquals(Map.of("0_W", r0, "1_W", r1, "2_W", r2), p.ranks());
        assertEquals(List.of(), p.keptDense());
        assertEquals(198_800, p.factorisedDenseParams());
        assertEquals(percentOfWeights, round1(100.0 * p.factorParams() / p.factorisedDenseParams()), 1e-9);
        assertEquals(percentWithBiases, round1(100.0 * p.trainableParams() / p.denseParams()), 1e-9);
        assertEquals(p.factorParams() + 410, p.trainableParams(), "biases pass through");
        assertEquals(p.trainableParams(), p.transmittedParams(), "FedPara uploads everything it trains");
    }

    @Test
    void theOutputLayerOf2nnSitsAtRminEqualsRmax() {
        assertEquals(4, FedParaRanks.fcRankMin(200, 10));
        assertEquals(4, FedParaRanks.fcRankMax(200, 10));
    }

    @ParameterizedTest
    @CsvSource({"0.1, 36, 60192, 10.2", "0.3, 75, 178050, 30.2", "0.5, 103, 296434, 50.3", "0.7, 126, 414792, 70.3",
            "0.9, 146, 533192, 90.4"})
    void officialNotebookRuleFor256x256x3x3(double ratio, int rank, long params, double percent) {
        int r = FedParaRanks.officialConvRank(256, 256, 3, ratio);
        assertEquals(rank, r);
        assertEquals(params, FedParaRanks.convParams(256, 256, 3, r));
        assertEquals(percent, round1(100.0 * params / 589_824), 1e-9);
    }

    /** §5.2: counts are over the conv weights; the stack's 4,224 biases are not in 14,710,464 or 1,003,730. */
    @ParameterizedTest
    @CsvSource({"0.1, 1003730, 6.8", "0.2, 1809680, 12.3", "0.3, 2770142, 18.8", "0.4, 3942572, 26.8",
            "0.5, 5250250, 35.7"})
    void vgg16ConvStackInterpolationCounts(double gamma, long factorParams, double percent) {
        FedPara p = FedPara.plan(vgg16Convs(), gamma, FedPara.Init.VARIANCE_MATCHED, false);
        assertEquals(14_710_464, p.factorisedDenseParams());
        assertEquals(14_710_464 + 4_224, p.denseParams());
        assertEquals(factorParams, p.factorParams());
        assertEquals(percent, round1(100.0 * factorParams / 14_710_464), 1e-9);
        assertEquals(13, p.ranks().size());
    }

    /**
     * G0.5: Flower's VGG16-GN totals. The Flower model factorises only the 13 convs (interpolation rule, plain ceil)
     * and keeps conv biases, GroupNorm's per-channel scale and shift, and a dense 512-512-512-C classifier:
     * 1,003,730 + 4,224 + 8,448 + 530,442 = 1,546,844 ≈ 1.55 M (C = 10, γ = 0.1) and 3,942,572 + 4,224 + 8,448 +
     * 576,612 = 4,531,856 ≈ 4.53 M (C = 100, γ = 0.4); originals 15,253,578 ≈ 15.25 M and 15,299,748 ≈ 15.30 M.
     */
    @ParameterizedTest
    @CsvSource({"0.1, 10, 1546844, 15253578", "0.4, 100, 4531856, 15299748"})
    void vgg16GnTotalsOfTheFlowerBaseline(double gamma, long classes, long trainable, long dense) {
        Map<String, long[]> s = new LinkedHashMap<>();
        vgg16Convs().forEach((n, shape) -> {
            s.put(n, shape);
            if (n.endsWith("_b")) {
                String layer = n.substring(0, n.length() - 2);
                s.put(layer + "_gn_gamma", shape.clone());
                s.put(layer + "_gn_beta", shape.clone());
            }
        });
        long[][] fc = {{512, 512}, {512, 512}, {512, classes}};
        for (int i = 0; i < fc.length; i++) {
            s.put("fc" + i + "_W", fc[i]);
            s.put("fc" + i + "_b", new long[] {fc[i][1]});
        }
        FedPara p = FedPara.plan(s, gamma, FedPara.Init.VARIANCE_MATCHED, false, Set.of("fc0_W", "fc1_W", "fc2_W"));
        assertEquals(trainable, p.trainableParams());
        assertEquals(dense, p.denseParams());
        assertEquals(13, p.ranks().size());
        assertEquals(List.of(), p.keptDense());
        assertTrue(p.report().contains("fc2_W [512, " + classes + "] left dense as requested"), p.report());
        assertThrows(IllegalArgumentException.class,
                () -> FedPara.plan(s, gamma, FedPara.Init.VARIANCE_MATCHED, false, Set.of("classifier_W")));
    }

    @Test
    void officialRuleIsNotTheInterpolationRule() {
        // Same nominal knob, different layers: §5.2 "the two conventions are not interchangeable".
        assertEquals(36, FedParaRanks.officialConvRank(256, 256, 3, 0.1));
        assertEquals(30, FedParaRanks.convRank(256, 256, 3, 0.1)); // ⌈0.9·16 + 0.1·154⌉ = ⌈29.8⌉
        assertEquals(154, FedParaRanks.convRankMax(256, 256, 3));
    }

    @Test
    void convRankMaxIsTheLargestRankNotLargerThanDense() {
        for (long o : new long[] {3, 8, 64, 100, 512}) {
            for (long i : new long[] {1, 3, 17, 64, 512}) {
                for (long k : new long[] {1, 3, 5}) {
                    int r = FedParaRanks.convRankMax(o, i, k);
                    assertTrue(FedParaRanks.convParams(o, i, k, r) <= o * i * k * k);
                    assertTrue(FedParaRanks.convParams(o, i, k, r + 1) > o * i * k * k);
                }
            }
        }
    }

    @Test
    void tinyLayersAreKeptDense() {
        assertEquals(FedParaRanks.NOT_FACTORISABLE, FedParaRanks.fcRank(4, 4, 0.5)); // r_min 2 > r_max 1
        Map<String, long[]> s = new LinkedHashMap<>();
        s.put("0_W", new long[] {4, 4});
        s.put("0_b", new long[] {1, 4});
        s.put("1_W", new long[] {16, 100});
        FedPara p = FedPara.plan(s, 0.5, FedPara.Init.VARIANCE_MATCHED, false);
        assertEquals(List.of("0_W"), p.keptDense());
        assertEquals(Map.of("1_W", FedParaRanks.fcRank(16, 100, 0.5)), p.ranks());
        assertTrue(p.report().contains("0_W [4, 4] kept dense"), p.report());
    }

    @Test
    void interpolationDoesNotAddARankForFloatingPointNoise() {
        // In binary floating point 0.9·1 + 0.1·41 = 5.000000000000001 and 0.6·1 + 0.4·6 = 3.0000000000000004.
        assertEquals(5, FedParaRanks.interpolate(1, 41, 0.1));
        assertEquals(3, FedParaRanks.interpolate(1, 6, 0.4));
        assertEquals(6, FedParaRanks.interpolate(1, 41, 0.11)); // a genuine fraction still rounds up
        assertEquals(16, FedParaRanks.ceilSqrt(256));
        assertEquals(17, FedParaRanks.ceilSqrt(257));
    }

    @Test
    void badInputsFailWithTheirNames() {
        Map<String, long[]> s = Map.of("0_W", new long[] {8, 4, 3, 5});
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> FedPara.plan(s, 0.5, FedPara.Init.VARIANCE_MATCHED, false));
        assertTrue(e.getMessage().contains("square kernel") && e.getMessage().contains("0_W"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> FedPara.plan(mnist2nn(), 1.5, FedPara.Init.VARIANCE_MATCHED, false));
        assertTrue(e.getMessage().contains("gamma"), e.getMessage());
        assertEquals(FedPara.Init.FAN_OUT, FedPara.Init.fromConfig("fan-out"));
        assertThrows(IllegalArgumentException.class, () -> FedPara.Init.fromConfig("fanout"));
    }

    static double round1(double x) {
        return Math.round(x * 10) / 10.0;
    }
}

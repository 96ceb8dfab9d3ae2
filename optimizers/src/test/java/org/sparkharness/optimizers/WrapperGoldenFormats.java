package org.sparkharness.optimizers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.sparkharness.optimizers.config.SgdConfig;
import org.sparkharness.optimizers.config.SvenConfig;

/**
 * Runners for the golden formats that are not per-step (docs/algorithms/optimizers.md §11.2–11.4), plugged into
 * {@link GoldenVectorTest#OTHER_FORMATS}: {@code sam.json} (SAM/ASAM, per step g1, e, the norm, g2 and the
 * parameters), {@code sven.json} (the pinv test and, when present, the linear-regression runs) and {@code saf.json}
 * (trajectory loss and its gradients, the ring-buffer schedule and, when present, the MESA EMA). Each case, result
 * and block is its own dynamic test named {@code file/...}. Every key of the data is either read and checked or a
 * known description (name, note, ...); anything else fails the test that owns it, so a new field cannot be
 * silently ignored. Tolerance: |got − want| ≤ {@value GoldenVectorTest#ATOL} + {@value GoldenVectorTest#RTOL}·|want|,
 * computing in float32 as the harness does.
 *
 * <p>Tensors are read as {@code {"shape": [...], "data": [...]}} (row-major) or as plain, possibly nested, JSON
 * arrays, since §11 does not pin the form of the optional blocks.
 */
final class WrapperGoldenFormats {
    private static final DataType F32 = DataType.FLOAT;

    private WrapperGoldenFormats() {
    }

    // ---- SAM (§11.2) ---------------------------------------------------------------------------------------

    static Stream<DynamicTest> sam(String file, JsonNode root) {
        return guarded(file, () -> samTests(file, root));
    }

    private static List<DynamicTest> samTests(String file, JsonNode root) {
        Keys top = new Keys(file, root, "optimizer", "paper", "reference_impls", "loss", "note");
        JsonNode data = top.get("data");
        JsonNode cases = top.get("cases");
        List<DynamicTest> tests = new ArrayList<>();
        tests.add(dynamicTest(file + "/format", top::requireAllRead));
        int i = 0;
        for (JsonNode c : cases) {
            String id = file + "/" + c.path("name").asText("case " + i++);
            tests.add(dynamicTest(id, () -> runSamCase(id, data, c)));
        }
        return tests;
    }

    static void runSamCase(String id, JsonNode data, JsonNode c) {
        Keys dataKeys = new Keys(id + " data", data);
        TestObjectives.LinearLeastSquares objective = new TestObjectives.LinearLeastSquares(
                matrix(id + " X", dataKeys.get("X")), numbers(id + " y", dataKeys.get("y")));
        dataKeys.requireAllRead();

        Keys k = new Keys(id, c);
        ObjectNode hp = k.get("hyperparameters").deepCopy();
        JsonNode baseName = hp.remove("base_optimizer");
        if (baseName == null || !"torch SGD".equals(baseName.asText())) {
            fail(id + ": base_optimizer " + baseName + " is not supported; this runner knows \"torch SGD\"");
        }
        GoldenVectorTest.Hyperparameters h = new GoldenVectorTest.Hyperparameters(id, hp);
        Double rho = h.number("rho");
        assertTrue(rho != null, id + ": hyperparameter 'rho' is required");
        boolean adaptive = Boolean.TRUE.equals(h.bool("adaptive"));
        Double normEps = h.number("norm_eps");
        Optimizer base = Optimizers.sgd(new SgdConfig(h.number("lr"), h.number("momentum"), h.number("dampening"),
                h.number("weight_decay"), h.bool("nesterov")));
        h.requireAllRead();
        Sam sam = new Sam(base, rho, adaptive, normEps == null ? Sam.NORM_EPS : normEps);

        ParamTable init = GoldenVectorTest.table(id + " params_init", k.get("params_init"));
        JsonNode steps = k.get("steps");
        k.requireAllRead();
        assertTrue(steps.isArray() && !steps.isEmpty(), id + ": 'steps' must be a non-empty array");
        ParamTable p = init;
        OptimizerState s = sam.init(p);
        TestObjectives.Recording rec = new TestObjectives.Recording(objective);
        for (int t = 0; t < steps.size(); t++) {
            String where = id + " step " + (t + 1);
            Keys st = new Keys(where, steps.get(t));
            rec.clear();
            Optimizer.Step step = sam.step(p, rec, s);
            assertEquals(2, rec.evaluations.size(), where + ": SAM must evaluate the objective twice");
            ParamTable g1 = rec.evaluations.get(0).gradient();
            Sam.Perturbation pert = Sam.perturbation(p, g1, rho, adaptive, sam.normEps());
            assertEquals(p, rec.points.get(0), where + ": first evaluation must be at w");
            assertEquals(p.zipWith(pert.e(), INDArray::add), rec.points.get(1),
                    where + ": second evaluation must be at w + e");

            assertClose(where + " loss_at_w", rec.evaluations.get(0).loss(), st.number("loss_at_w"));
            assertTableClose(where + " grad_at_w", g1, st.get("grad_at_w"));
            assertTableClose(where + " perturbation_e", pert.e(), st.get("perturbation_e"));
            assertClose(where + " perturbation_norm_denominator", pert.denominator(),
                    st.number("perturbation_norm_denominator"));
            assertTableClose(where + " grad_at_w_plus_e", rec.evaluations.get(1).gradient(),
                    st.get("grad_at_w_plus_e"));
            p = step.params();
            s = step.state();
            GoldenVectorTest.assertUpdateClose(where + " params_after", k.node().get("params_init"), init, p,
                    st.get("params_after"));
            st.requireAllRead();
        }
    }

    // ---- Sven (§11.3) --------------------------------------------------------------------------------------

    static Stream<DynamicTest> sven(String file, JsonNode root) {
        return guarded(file, () -> svenTests(file, root));
    }

    private static List<DynamicTest> svenTests(String file, JsonNode root) {
        Keys top = new Keys(file, root, "optimizer", "paper", "reference_impls", "rule", "note");
        JsonNode pinv = top.get("pinv_test");
        JsonNode regression = top.opt("linear_regression");
        List<DynamicTest> tests = new ArrayList<>();
        tests.add(dynamicTest(file + "/format", top::requireAllRead));
        tests.addAll(pinvTests(file + "/pinv_test", pinv));
        if (regression != null) {
            tests.addAll(regressionTests(file + "/linear_regression", regression));
        }
        return tests;
    }

    static List<DynamicTest> pinvTests(String id, JsonNode pinv) {
        Keys k = new Keys(id, pinv);
        INDArray m = array(id + " M", k.get("M"), F32);
        INDArray r = array(id + " residuals", k.get("residuals"), F32);
        double[] all = numbers(id + " all_singular_values", k.get("all_singular_values"));
        JsonNode results = k.get("results");
        List<DynamicTest> tests = new ArrayList<>();
        tests.add(dynamicTest(id + "/format", k::requireAllRead));
        tests.add(dynamicTest(id + "/all_singular_values", () -> {
            assertTrue(m.rank() == 2 && r.length() == m.rows(), id + ": M must be [B, P] and residuals [B]");
            Sven.Direction d = Sven.direction(m, r, Integer.MAX_VALUE, 0.0, 0.0);
            assertAllClose(id + " all_singular_values", d.keptSingularValues(), all);
        }));
        for (JsonNode res : results) {
            String rid = id + "/k=" + res.path("k").asText() + ",rtol=" + res.path("rtol").asText();
            tests.add(dynamicTest(rid, () -> runPinvResult(rid, m, r, res)));
        }
        return tests;
    }

    static void runPinvResult(String id, INDArray m, INDArray r, JsonNode res) {
        Keys k = new Keys(id, res);
        int kk = k.integer("k");
        double rtol = k.number("rtol");
        double tol = k.number("tol");
        Sven.Direction d = Sven.direction(m, r, kk, rtol, tol);
        assertAllClose(id + " kept_singular_values", sortedAbs(d.keptSingularValues()),
                sortedAbs(numbers(id + " kept_singular_values", k.get("kept_singular_values"))));
        assertAllClose(id + " delta", ParamTable.valuesC(d.delta()), numbers(id + " delta", k.get("delta")));
        // a full Sven step with lr 1 from θ = 0; κ = 2 makes the losses the residuals
        ParamTable theta = ParamTable.builder().put("theta", Nd4j.zeros(F32, m.columns())).build();
        Sven sven = new Sven(new SvenConfig(1.0, kk, rtol, 2.0, tol));
        Optimizer.Step step = sven.step(theta, TestObjectives.fixedPerExample(r, m), sven.init(theta));
        assertAllClose(id + " param_update_with_lr_1", TestTables.values(step.params(), "theta"),
                numbers(id + " param_update_with_lr_1", k.get("param_update_with_lr_1")));
        k.requireAllRead();
    }

    static List<DynamicTest> regressionTests(String id, JsonNode block) {
        Keys k = new Keys(id, block, "model", "per_sample_loss");
        Keys dataKeys = new Keys(id + " data", k.get("data"));
        double[][] x = matrix(id + " X", dataKeys.get("X"));
        double[] y = numbers(id + " y", dataKeys.get("y"));
        JsonNode runs = k.get("runs");
        List<DynamicTest> tests = new ArrayList<>();
        tests.add(dynamicTest(id + "/format", () -> {
            k.requireAllRead();
            dataKeys.requireAllRead();
        }));
        int i = 0;
        for (JsonNode run : runs) {
            String rid = String.format(Locale.ROOT, "%s/run %d (kappa=%s, k=%s, lr=%s)", id, i++,
                    run.path("kappa").asText(), run.path("k").asText(), run.path("lr").asText());
            tests.add(dynamicTest(rid, () -> runRegression(rid, x, y, run)));
        }
        return tests;
    }

    static void runRegression(String id, double[][] x, double[] y, JsonNode run) {
        Keys k = new Keys(id, run);
        SvenConfig config = new SvenConfig(k.number("lr"), k.integer("k"), k.number("rtol"), k.number("kappa"),
                k.number("tol"));
        double[] theta0 = numbers(id + " theta_init", k.get("theta_init"));
        JsonNode steps = k.get("steps");
        k.requireAllRead();
        int d = x[0].length;
        assertEquals(d + 1, theta0.length, id + ": theta_init must be [w_0..w_" + (d - 1) + ", b]");
        TestObjectives.LinearLeastSquares objective = new TestObjectives.LinearLeastSquares(x, y);
        ParamTable theta = TestObjectives.LinearLeastSquares.params(Arrays.copyOf(theta0, d), theta0[d], F32);
        double[] thetaInit = theta.flatten().toDoubleVector();
        Sven sven = new Sven(config);
        OptimizerState s = sven.init(theta);
        for (int t = 0; t < steps.size(); t++) {
            String where = id + " step " + (t + 1);
            Keys st = new Keys(where, steps.get(t));
            Objective.PerExample pe = objective.perExample(theta);
            double[] losses = ParamTable.valuesC(pe.losses());
            assertAllClose(where + " per_sample_loss", losses, numbers(where, st.get("per_sample_loss")));
            assertClose(where + " mean_loss_before", Arrays.stream(losses).average().orElseThrow(),
                    st.number("mean_loss_before"));
            Sven.Residuals res = Sven.residuals(pe.losses(), pe.jacobian(), config.kappa());
            assertAllClose(where + " residuals_R", ParamTable.valuesC(res.r()), numbers(where, st.get("residuals_R")));
            assertArrayEquals(shape(st.get("jacobian_M")), res.jacobian().shape(), where + " jacobian_M shape");
            assertAllClose(where + " jacobian_M", ParamTable.valuesC(res.jacobian()),
                    numbers(where, st.get("jacobian_M")));
            double[] topK = Sven.direction(res.jacobian(), res.r(), config.k(), 0.0, 0.0).keptSingularValues();
            assertAllClose(where + " singular_values_topk", topK, numbers(where, st.get("singular_values_topk")));
            Sven.Direction dir = Sven.direction(res.jacobian(), res.r(), config.k(), config.rtol(), config.tol());
            assertAllClose(where + " delta", ParamTable.valuesC(dir.delta()), numbers(where, st.get("delta")));

            Optimizer.Step step = sven.step(theta, objective, s);
            theta = step.params();
            s = step.state();
            double[] got = theta.flatten().toDoubleVector();
            double[] want = numbers(where, st.get("theta_after"));
            double[] gotUpdate = new double[got.length];
            double[] wantUpdate = new double[got.length];
            assertEquals(want.length, got.length, where + " theta_after length");
            for (int j = 0; j < got.length; j++) {
                gotUpdate[j] = got[j] - thetaInit[j];
                wantUpdate[j] = want[j] - theta0[j];
            }
            assertAllClose(where + " theta_after (accumulated update)", gotUpdate, wantUpdate);
            st.requireAllRead();
        }
        assertEquals(0.0, s.scalars().get(Sven.SKIPPED_STEPS), id + ": no step may be skipped");
    }

    // ---- SAF / MESA (§11.4) --------------------------------------------------------------------------------

    static Stream<DynamicTest> saf(String file, JsonNode root) {
        return guarded(file, () -> safTests(file, root));
    }

    private static List<DynamicTest> safTests(String file, JsonNode root) {
        Keys top = new Keys(file, root, "optimizer", "paper", "reference_impls", "definition", "note");
        INDArray logits = array(file + " logits", top.get("logits"), F32);
        INDArray past = array(file + " past_logits", top.get("past_logits"), F32);
        int[] labels = Arrays.stream(numbers(file + " labels", top.get("labels"))).mapToInt(v -> (int) v).toArray();
        JsonNode cases = top.get("cases");
        JsonNode schedule = top.get("ring_buffer_schedule");
        JsonNode mesa = top.opt("mesa_ema");
        List<DynamicTest> tests = new ArrayList<>();
        tests.add(dynamicTest(file + "/format", top::requireAllRead));
        int i = 0;
        for (JsonNode c : cases) {
            String id = String.format(Locale.ROOT, "%s/case %d (tau=%s, lambda=%s)", file, i++,
                    c.path("tau").asText(), c.path("lambda").asText());
            tests.add(dynamicTest(id, () -> runSafCase(id, logits, past, labels, c)));
        }
        tests.add(dynamicTest(file + "/ring_buffer_schedule", () -> runSchedule(file + " ring_buffer_schedule",
                schedule)));
        if (mesa != null) {
            tests.add(dynamicTest(file + "/mesa_ema", () -> runMesaEma(file + " mesa_ema", mesa)));
        }
        return tests;
    }

    static void runSafCase(String id, INDArray logits, INDArray past, int[] labels, JsonNode c) {
        Keys k = new Keys(id, c);
        double tau = k.number("tau");
        double lambda = k.number("lambda");
        int b = (int) logits.rows();
        assertEquals(b, labels.length, id + ": one label per row of logits");
        TrajectoryLoss.Result r = TrajectoryLoss.of(logits, past, null, tau, lambda);
        double klMean = TrajectoryLoss.of(logits, past, null, tau, 1.0).meanLoss() / (tau * tau);
        assertClose(id + " kl_mean_no_tau2", klMean, k.number("kl_mean_no_tau2"));
        assertClose(id + " traj_loss", r.meanLoss(), k.number("traj_loss"));
        double[] trajGrad = ParamTable.valuesC(r.perExampleGradient().div(b)); // batch-mean convention
        assertAllClose(id + " traj_grad_wrt_logits", trajGrad, numbers(id, k.get("traj_grad_wrt_logits")));
        assertAllClose(id + " p_past_soft", ParamTable.valuesC(r.pSoft()), numbers(id, k.get("p_past_soft")));
        assertAllClose(id + " q_current_soft", ParamTable.valuesC(r.qSoft()), numbers(id, k.get("q_current_soft")));

        // cross-entropy part, reference in double here: CE = −mean log softmax(z)[y], ∂/∂z = (softmax(z) − onehot)/B
        double[][] z = logits.castTo(DataType.DOUBLE).toDoubleMatrix();
        int classes = z[0].length;
        double ce = 0;
        double[] total = new double[b * classes];
        for (int i = 0; i < b; i++) {
            double max = Arrays.stream(z[i]).max().orElseThrow();
            double sum = Arrays.stream(z[i]).map(v -> Math.exp(v - max)).sum();
            ce -= (z[i][labels[i]] - max - Math.log(sum)) / b;
            for (int j = 0; j < classes; j++) {
                double soft = Math.exp(z[i][j] - max) / sum;
                total[i * classes + j] = (soft - (j == labels[i] ? 1 : 0)) / b + trajGrad[i * classes + j];
            }
        }
        assertClose(id + " ce_loss", ce, k.number("ce_loss"));
        assertClose(id + " total_loss", ce + r.meanLoss(), k.number("total_loss"));
        assertAllClose(id + " total_grad_wrt_logits", total, numbers(id, k.get("total_grad_wrt_logits")));
        k.requireAllRead();
    }

    static void runSchedule(String id, JsonNode node) {
        Keys k = new Keys(id, node, "memory_shape");
        SafSchedule schedule = new SafSchedule(k.integer("minus_epoch_E"), k.integer("kl_start_epoch"),
                k.integer("kl_end_epoch"));
        JsonNode rows = k.get("rows");
        k.requireAllRead();
        assertTrue(rows.isArray() && !rows.isEmpty(), id + ": 'rows' must be a non-empty array");
        Map<Long, Keys> byEpoch = new LinkedHashMap<>();
        for (JsonNode row : rows) {
            Keys rk = new Keys(id + " row " + row, row);
            byEpoch.put((long) rk.integer("epoch"), rk);
        }
        // the memory holds, for both examples, the epoch number as its logits, so a read shows what it read
        long[] ids = {0, 1};
        LogitMemory memory = new LogitMemory(ids.length, schedule, 1);
        long last = byEpoch.keySet().stream().mapToLong(Long::longValue).max().orElseThrow();
        for (long epoch = 0; epoch <= last; epoch++) {
            memory.record(ids, epoch, Nd4j.valueArrayOf(new long[] {ids.length, 1}, (double) epoch, F32));
            LogitMemory.Lookup lookup = memory.read(ids, epoch);
            Keys rk = byEpoch.get(epoch);
            if (rk == null) {
                continue;
            }
            String where = id + " epoch " + epoch;
            assertEquals(rk.integer("write_slot"), schedule.writeSlot(epoch), where + " write_slot");
            boolean active = rk.bool("kl_active");
            assertEquals(active, schedule.active(epoch), where + " kl_active");
            Integer readSlot = rk.optInteger("read_slot");
            Integer recordedAt = rk.optInteger("reads_logits_recorded_at_epoch");
            OptionalInt slot = schedule.readSlot(epoch);
            assertEquals(readSlot, slot.isPresent() ? slot.getAsInt() : null, where + " read_slot");
            if (recordedAt == null || recordedAt < 0) {
                // inactive, or active before E epochs have passed: LogitMemory masks what was never recorded
                // (the reference would read its zero-initialised memory)
                assertEquals(0.0, lookup.mask().sumNumber().doubleValue(), where + ": nothing may be read");
            } else {
                assertArrayEquals(new double[] {1, 1}, lookup.mask().toDoubleVector(), where + " mask");
                assertArrayEquals(new double[] {recordedAt, recordedAt}, ParamTable.valuesC(lookup.past()),
                        where + " reads_logits_recorded_at_epoch");
            }
            rk.requireAllRead();
        }
    }

    static void runMesaEma(String id, JsonNode node) {
        Keys k = new Keys(id, node);
        double decay = k.number("decay");
        List<ParamTable> thetas = new ArrayList<>();
        for (JsonNode t : k.get("theta_sequence")) {
            thetas.add(ParamTable.builder().put("theta", array(id + " theta_sequence", t, F32)).build());
        }
        JsonNode expected = k.get("ema_after_each_update");
        k.requireAllRead();
        assertEquals(thetas.size() - 1, expected.size(),
                id + ": one EMA per update, i.e. one fewer than theta_sequence");
        Mesa mesa = new Mesa(new Replay(thetas.subList(1, thetas.size())), decay);
        ParamTable p = thetas.get(0);
        OptimizerState s = mesa.init(p);
        ParamTable pure = p;
        for (int t = 0; t < expected.size(); t++) {
            Optimizer.Step step = mesa.update(p, p.zerosLike(), s);
            p = step.params();
            s = step.state();
            pure = Mesa.ema(pure, thetas.get(t + 1), decay);
            double[] want = numbers(id, expected.get(t));
            assertAllClose(id + " update " + (t + 1), TestTables.values(Mesa.teacher(s), "theta"), want);
            assertAllClose(id + " update " + (t + 1) + " (Mesa.ema)", TestTables.values(pure, "theta"), want);
        }
    }

    /** A stand-in base optimizer whose step t returns the t-th given parameters. */
    private static final class Replay implements Optimizer {
        private static final long serialVersionUID = 1L;
        private final transient List<ParamTable> sequence;

        Replay(List<ParamTable> sequence) {
            this.sequence = sequence;
        }

        @Override
        public String name() {
            return "replay";
        }

        @Override
        public OptimizerState init(ParamTable params) {
            return OptimizerState.initial(Map.of());
        }

        @Override
        public Step update(ParamTable params, ParamTable grads, OptimizerState state) {
            return new Step(sequence.get((int) state.step()), state.next(Map.of()));
        }
    }

    // ---- comparison and JSON helpers -----------------------------------------------------------------------

    static void assertClose(String where, double got, double want) {
        double tol = GoldenVectorTest.ATOL + GoldenVectorTest.RTOL * Math.abs(want);
        if (!(Math.abs(got - want) <= tol)) {
            fail(String.format(Locale.ROOT, "%s: %.9g, expected %.9g (|diff| %.3g > tol %.3g)", where, got, want,
                    Math.abs(got - want), tol));
        }
    }

    static void assertAllClose(String where, double[] got, double[] want) {
        assertEquals(want.length, got.length, where + ": number of values");
        for (int i = 0; i < want.length; i++) {
            assertClose(where + "[" + i + "]", got[i], want[i]);
        }
    }

    /** Each tensor of {@code table} against the same-named tensor of the JSON dict, same names required. */
    static void assertTableClose(String where, ParamTable table, JsonNode expected) {
        Set<String> names = new LinkedHashSet<>();
        expected.fieldNames().forEachRemaining(names::add);
        assertEquals(names, new LinkedHashSet<>(table.names()), where + ": parameter names");
        for (String n : table.names()) {
            assertAllClose(where + " " + n, TestTables.values(table, n), numbers(where + " " + n, expected.get(n)));
        }
    }

    private static double[] sortedAbs(double[] v) {
        return Arrays.stream(v).map(Math::abs).boxed().sorted((a, b) -> Double.compare(b, a))
                .mapToDouble(Double::doubleValue).toArray();
    }

    /** The values of a tensor dict or of a (nested) array of numbers, row-major. */
    static double[] numbers(String where, JsonNode node) {
        if (node != null && node.isObject()) {
            Keys k = new Keys(where, node, "shape");
            long[] shape = shape(node);
            double[] data = numbers(where, k.get("data"));
            k.requireAllRead();
            assertEquals(Arrays.stream(shape).reduce(1, Math::multiplyExact), data.length,
                    where + ": data length does not match shape " + Arrays.toString(shape));
            return data;
        }
        assertTrue(node != null && (node.isArray() || node.isNumber()), where + ": expected a tensor, got " + node);
        List<Double> out = new ArrayList<>();
        flatten(where, node, out);
        return out.stream().mapToDouble(Double::doubleValue).toArray();
    }

    private static void flatten(String where, JsonNode node, List<Double> out) {
        if (node.isNumber()) {
            out.add(node.doubleValue());
        } else if (node.isArray()) {
            node.forEach(n -> flatten(where, n, out));
        } else {
            fail(where + ": expected numbers, got " + node);
        }
    }

    /** The shape of a tensor dict, or of a nested array (by its first elements). */
    static long[] shape(JsonNode node) {
        if (node.isObject()) {
            JsonNode s = node.path("shape");
            long[] shape = new long[s.size()];
            for (int i = 0; i < shape.length; i++) {
                shape[i] = s.get(i).asLong();
            }
            return shape;
        }
        List<Long> dims = new ArrayList<>();
        for (JsonNode n = node; n.isArray(); n = n.path(0)) {
            dims.add((long) n.size());
        }
        return dims.stream().mapToLong(Long::longValue).toArray();
    }

    static INDArray array(String where, JsonNode node, DataType dtype) {
        double[] data = numbers(where, node);
        long[] shape = shape(node);
        return Nd4j.create(data, shape, 'c').castTo(dtype);
    }

    static double[][] matrix(String where, JsonNode node) {
        long[] shape = shape(node);
        assertEquals(2, shape.length, where + ": expected a matrix");
        double[] data = numbers(where, node);
        double[][] m = new double[(int) shape[0]][(int) shape[1]];
        for (int i = 0; i < m.length; i++) {
            System.arraycopy(data, i * m[i].length, m[i], 0, m[i].length);
        }
        return m;
    }

    /**
     * An object's keys, read one by one; {@link #requireAllRead()} fails on keys nobody read, apart from the
     * descriptions passed to the constructor and {@code name}, {@code description}, {@code note}.
     */
    static final class Keys {
        private final String where;
        private final JsonNode node;
        private final Set<String> read = new LinkedHashSet<>(List.of("name", "description", "note"));

        Keys(String where, JsonNode node, String... descriptions) {
            assertTrue(node != null && node.isObject(), where + ": expected a JSON object, got " + node);
            this.where = where;
            this.node = node;
            read.addAll(List.of(descriptions));
        }

        JsonNode node() {
            return node;
        }

        JsonNode get(String key) {
            JsonNode v = opt(key);
            if (v == null) {
                fail(where + ": missing '" + key + "'");
            }
            return v;
        }

        JsonNode opt(String key) {
            read.add(key);
            JsonNode v = node.get(key);
            return v == null || v.isNull() ? null : v;
        }

        double number(String key) {
            JsonNode v = get(key);
            assertTrue(v.isNumber(), where + ": '" + key + "' must be a number, got " + v);
            return v.doubleValue();
        }

        int integer(String key) {
            Integer v = optInteger(key);
            if (v == null) {
                fail(where + ": missing '" + key + "'");
            }
            return v;
        }

        Integer optInteger(String key) {
            JsonNode v = opt(key);
            if (v == null) {
                return null;
            }
            assertTrue(v.isIntegralNumber() || (v.isNumber() && v.doubleValue() == Math.rint(v.doubleValue())),
                    where + ": '" + key + "' must be an integer, got " + v);
            return v.intValue();
        }

        boolean bool(String key) {
            JsonNode v = get(key);
            assertTrue(v.isBoolean(), where + ": '" + key + "' must be true or false, got " + v);
            return v.booleanValue();
        }

        void requireAllRead() {
            Set<String> unknown = new TreeSet<>();
            node.fieldNames().forEachRemaining(unknown::add);
            unknown.removeAll(read);
            if (!unknown.isEmpty()) {
                fail(where + ": unknown key(s) " + unknown + "; this runner reads " + read);
            }
        }
    }

    /**
     * The tests {@code build} makes, or, if reading the file's top level already fails, one failing test named
     * after the file (so one malformed file does not abort the whole golden-vector factory).
     */
    static Stream<DynamicTest> guarded(String file, Supplier<List<DynamicTest>> build) {
        try {
            return build.get().stream();
        } catch (AssertionError | RuntimeException e) {
            return Stream.of(dynamicTest(file, () -> {
                throw e;
            }));
        }
    }
}

package org.sparkharness.driver.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.sparkharness.executors.device.TaskDevice;
import org.sparkharness.executors.model.Dl4jNetwork;
import org.sparkharness.executors.model.InputShape;
import org.sparkharness.executors.model.LeNetSpec;
import org.sparkharness.executors.model.MlpSpec;
import org.sparkharness.executors.model.ModelSpec;
import org.sparkharness.executors.model.ZooSpec;

/**
 * The JVM side of {@code scripts/gpu-check}. ND4J picks one backend per JVM, so the script runs each mode twice, once
 * with the CPU backend preferred (BACKEND_PRIORITY_CPU) and once with CUDA, and compares:
 * <ul>
 *   <li>{@code env OUT}: the backend, ND4J's environment (devices, memory) as JSON;</li>
 *   <li>{@code smoke OUT}: a 512×1024 · 1024×256 matrix product against the same product in Java doubles, and one
 *       backward pass of an MLP and of a LeNet-style CNN on fixed inputs (their gradients, for the CPU/GPU
 *       comparison);</li>
 *   <li>{@code compare CPU_JSON GPU_JSON}: the largest relative difference of the gradients; fails above 1e-3;</li>
 *   <li>{@code speed OUT}: DL4J {@code fit()} examples/s (Adam) of an MLP, the LeNet-style CNN and ResNet50 on 96×96
 *       colour images, after a warm-up, on synthetic data of the right shape;</li>
 *   <li>{@code report DIR}: GPU against CPU, a table and {@code gpu-check.json}.</li>
 * </ul>
 */
public final class GpuCheck {
    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    static final double SMOKE_TOLERANCE = 1e-3;

    private GpuCheck() {}

    public static void main(String[] args) throws Exception {
        if (args.length < 2) throw new IllegalArgumentException("usage: GpuCheck env|smoke|speed OUT | compare CPU GPU | report DIR");
        switch (args[0]) {
            case "env" -> write(Path.of(args[1]), environment());
            case "smoke" -> write(Path.of(args[1]), smoke());
            case "compare" -> compare(Path.of(args[1]), Path.of(args[2]));
            case "speed" -> write(Path.of(args[1]), speed());
            case "report" -> report(Path.of(args[1]));
            default -> throw new IllegalArgumentException("unknown mode " + args[0]);
        }
    }

    static Map<String, Object> environment() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("backend", TaskDevice.cuda() ? "CUDA" : "CPU");
        m.put("backend_class", Nd4j.getBackend().getClass().getName());
        m.put("devices", Nd4j.getAffinityManager().getNumberOfDevices());
        Map<String, Object> env = new LinkedHashMap<>();
        Nd4j.getExecutioner().getEnvironmentInformation().forEach((k, v) -> env.put(String.valueOf(k), String.valueOf(v)));
        m.put("environment", env);
        System.out.println("ND4J backend: " + m.get("backend") + " (" + m.get("backend_class") + "), devices: "
                + m.get("devices"));
        env.forEach((k, v) -> System.out.println("  " + k + " = " + v));
        return m;
    }

    static Map<String, Object> smoke() {
        SplittableRandom r = new SplittableRandom(7);
        int n = 512, k = 1024, p = 256;
        float[] a = values(r, n * k), b = values(r, k * p);
        INDArray c = Nd4j.create(a, new long[] {n, k}, 'c').mmul(Nd4j.create(b, new long[] {k, p}, 'c'));
        float[] got = c.dup('c').data().asFloat();
        double worst = 0;
        for (int i = 0; i < n; i += 7) {
            for (int j = 0; j < p; j += 3) {
                double want = 0;
                for (int q = 0; q < k; q++) want += (double) a[i * k + q] * b[q * p + j];
                worst = Math.max(worst, Math.abs(got[i * p + j] - want) / Math.max(1, Math.abs(want)));
            }
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("backend", TaskDevice.cuda() ? "CUDA" : "CPU");
        m.put("mmul_max_relative_error", worst);
        if (worst > SMOKE_TOLERANCE) throw new IllegalStateException("matrix product off by " + worst);
        m.put("mlp_gradient", gradient(new MlpSpec(List.of(256, 128), "relu"), InputShape.fashionMnist(), r));
        m.put("cnn_gradient", gradient(LeNetSpec.defaults(), InputShape.fashionMnist(), r));
        System.out.printf(Locale.ROOT, "smoke (%s): matrix product max relative error %.2e against doubles; MLP and "
                + "CNN gradients taken%n", m.get("backend"), worst);
        return m;
    }

    private static float[] gradient(ModelSpec spec, InputShape shape, SplittableRandom r) {
        Dl4jNetwork net = spec.network(shape, 11);
        int batch = 16;
        INDArray x = Nd4j.create(values(r, batch * shape.flatSize()), new long[] {batch, shape.flatSize()}, 'c');
        INDArray y = Nd4j.zeros(DataType.FLOAT, batch, shape.outputs());
        for (int i = 0; i < batch; i++) y.putScalar(i, i % shape.outputs(), 1f);
        return net.gradientAndScore(x, y).gradient().dup('c').data().asFloat();
    }

    @SuppressWarnings("unchecked")
    static void compare(Path cpu, Path gpu) throws Exception {
        Map<String, Object> a = JSON.readValue(cpu.toFile(), Map.class), b = JSON.readValue(gpu.toFile(), Map.class);
        for (String key : List.of("mlp_gradient", "cnn_gradient")) {
            List<Number> x = (List<Number>) a.get(key), y = (List<Number>) b.get(key);
            double scale = 0, diff = 0;
            for (int i = 0; i < x.size(); i++) {
                scale = Math.max(scale, Math.abs(x.get(i).doubleValue()));
                diff = Math.max(diff, Math.abs(x.get(i).doubleValue() - y.get(i).doubleValue()));
            }
            double relative = diff / Math.max(scale, 1e-12);
            System.out.printf(Locale.ROOT, "%s: %s against %s, largest difference %.2e of the largest entry%n", key,
                    b.get("backend"), a.get("backend"), relative);
            if (relative > SMOKE_TOLERANCE) throw new IllegalStateException(key + " differs by " + relative);
        }
    }

    /** {@code fit()} examples/s per model on this JVM's backend. */
    static Map<String, Object> speed() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("backend", TaskDevice.cuda() ? "CUDA" : "CPU");
        Map<String, Object> rates = new LinkedHashMap<>();
        rates.put("mlp 784-256-128-10, batch 256", rate(new MlpSpec(List.of(256, 128), "relu"),
                InputShape.fashionMnist(), 256));
        rates.put("LeNet-style cnn 28x28, batch 128", rate(LeNetSpec.defaults(), InputShape.fashionMnist(), 128));
        rates.put("ResNet50 96x96x3, batch 32", rate(new ZooSpec("resnet50", false), new InputShape(96, 96, 3, 10), 32));
        m.put("examples_per_s", rates);
        return m;
    }

    private static double rate(ModelSpec spec, InputShape shape, int batch) {
        Dl4jNetwork view = spec.network(shape, 3).withDl4jTraining(new Adam(1e-3), List.of());
        SplittableRandom r = new SplittableRandom(5);
        List<INDArray[]> batches = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            INDArray x = Nd4j.create(values(r, batch * shape.flatSize()), new long[] {batch, shape.flatSize()}, 'c');
            INDArray y = Nd4j.zeros(DataType.FLOAT, batch, shape.outputs());
            for (int e = 0; e < batch; e++) y.putScalar(e, r.nextInt(shape.outputs()), 1f);
            batches.add(new INDArray[] {x, y});
        }
        for (int i = 0; i < 5; i++) view.fit(batches.get(i % 4)[0], batches.get(i % 4)[1]);
        int steps = 0;
        long t0 = System.nanoTime();
        while (System.nanoTime() - t0 < 10_000_000_000L || steps < 5) {
            view.fit(batches.get(steps % 4)[0], batches.get(steps % 4)[1]);
            steps++;
        }
        Nd4j.getExecutioner().commit(); // CUDA queues work: wait for it before stopping the clock
        double perSecond = steps * (double) batch / ((System.nanoTime() - t0) / 1e9);
        System.out.printf(Locale.ROOT, "%s on %s: %.0f examples/s%n", spec, TaskDevice.cuda() ? "CUDA" : "CPU", perSecond);
        return perSecond;
    }

    @SuppressWarnings("unchecked")
    static void report(Path dir) throws Exception {
        Map<String, Object> cpu = JSON.readValue(dir.resolve("speed-cpu.json").toFile(), Map.class);
        Map<String, Object> gpu = JSON.readValue(dir.resolve("speed-gpu.json").toFile(), Map.class);
        Map<String, Object> env = JSON.readValue(dir.resolve("env-gpu.json").toFile(), Map.class);
        Map<String, Number> c = (Map<String, Number>) cpu.get("examples_per_s");
        Map<String, Number> g = (Map<String, Number>) gpu.get("examples_per_s");
        Map<String, Object> rows = new LinkedHashMap<>();
        System.out.printf(Locale.ROOT, "%n| DL4J fit(), Adam | CPU (%s) examples/s | GPU (%s) examples/s | GPU / CPU |%n"
                + "|---|---|---|---|%n", cpu.get("backend"), gpu.get("backend"));
        for (String model : c.keySet()) {
            double ratio = g.get(model).doubleValue() / c.get(model).doubleValue();
            System.out.printf(Locale.ROOT, "| %s | %.0f | %.0f | %.1f |%n", model, c.get(model).doubleValue(),
                    g.get(model).doubleValue(), ratio);
            rows.put(model, Map.of("cpu", c.get(model), "gpu", g.get(model), "gpu_over_cpu", ratio));
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("device", ((Map<String, Object>) env.get("environment")).get("cuda.devicesInformation"));
        out.put("models", rows);
        write(dir.resolve("gpu-check.json"), out);
    }

    private static float[] values(SplittableRandom r, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) v[i] = (float) (r.nextDouble() * 2 - 1);
        return v;
    }

    static void write(Path file, Map<String, Object> m) throws Exception {
        Files.createDirectories(file.toAbsolutePath().getParent());
        JSON.writeValue(file.toFile(), m);
    }
}

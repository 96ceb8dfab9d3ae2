package org.sparkharness.data.table;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.HashPartitioner;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.ml.linalg.DenseVector;
import org.apache.spark.ml.linalg.SparseVector;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.sparkharness.executors.worker.BatchSampler;
import org.sparkharness.executors.worker.WorkerShard;
import scala.Tuple2;

/**
 * Rows to worker shards inside Spark: a seeded hash of each row's id picks its worker, one shuffle brings every
 * worker's rows to its partition, and each partition becomes one {@link WorkerShard} with its rows sorted by id, so a
 * shard depends on the rows and the seed only, never on how the files were split. The shards are cached
 * {@code MEMORY_AND_DISK} and keep their lineage to the files: a partition lost with its executor is rebuilt from the
 * source by Spark.
 */
public final class TableShards {
    /** Salt that keeps the worker choice independent of the held-out split, which hashes the same id. */
    private static final long WORKER_SALT = 0x5eed_5a1dL;

    private TableShards() {}

    /** Cached shards, one per partition, and their sizes by partition index. */
    public record Sharded(JavaRDD<WorkerShard> rdd, int[] sizes) {
        public long rows() {
            long n = 0;
            for (int s : sizes) n += s;
            return n;
        }

        public void unpersist() {
            rdd.unpersist(false);
        }
    }

    /** One row on its way to a shard: a class index, or regression targets (then label is 0). */
    static final class ShardRow implements Serializable {
        final long id;
        final float[] features;
        final int label;
        final float[] targets;

        ShardRow(long id, float[] features, int label) {
            this(id, features, label, null);
        }

        ShardRow(long id, float[] features, int label, float[] targets) {
            this.id = id;
            this.features = features;
            this.label = label;
            this.targets = targets;
        }
    }

    /**
     * Shard row order: by id, and rows sharing an id (identical rows with derived ids, or a user's repeated ids) by
     * their values, so the order never depends on the order rows arrive from the shuffle.
     */
    static final Comparator<ShardRow> BY_ID_THEN_VALUES = Comparator.<ShardRow>comparingLong(r -> r.id)
            .thenComparingInt(r -> r.label)
            .thenComparing((a, b) -> java.util.Arrays.compare(a.targets, b.targets))
            .thenComparing((a, b) -> java.util.Arrays.compare(a.features, b.features));

    /** The worker that owns example {@code id} among {@code workers}. Pure. */
    public static int worker(long seed, long id, int workers) {
        return (int) Math.floorMod(BatchSampler.mix(seed, id, WORKER_SALT), (long) workers);
    }

    /**
     * Builds and caches {@code partitions} shards from rows with columns {@code id}, {@code features} (a vector of
     * {@code width} values) and {@code label} (a class index below {@code outputs}, or with {@code regression} a
     * vector of {@code outputs} targets); runs one Spark job to materialise them and count their rows.
     */
    public static Sharded build(Dataset<Row> rows, int partitions, long seed, int width, int outputs,
                                boolean regression, String name) {
        JavaPairRDD<Integer, ShardRow> keyed = rows
                .select(ExampleTables.ID, ExampleTables.FEATURES, ExampleTables.LABEL)
                .javaRDD()
                .mapToPair(r -> {
                    long id = r.getLong(0);
                    float[] x = toFloats(r.getAs(1), width);
                    ShardRow row = regression ? new ShardRow(id, x, 0, toFloats(r.getAs(2), outputs))
                            : new ShardRow(id, x, (int) r.getDouble(2));
                    return new Tuple2<>(worker(seed, id, partitions), row);
                });
        JavaRDD<WorkerShard> shards = keyed
                .partitionBy(new HashPartitioner(partitions))
                .mapPartitionsWithIndex((index, it) -> List.of(assemble(index, it, width, outputs, regression))
                        .iterator(), true)
                .setName(name);
        shards.persist(StorageLevel.MEMORY_AND_DISK());
        int[] sizes = new int[partitions];
        for (Tuple2<Integer, Integer> s : shards.map(s -> new Tuple2<>(s.index(), s.size())).collect()) {
            sizes[s._1()] = s._2();
        }
        return new Sharded(shards, sizes);
    }

    /** A row's features as {@code width} floats (sparse vectors expanded). */
    public static float[] toFloats(Vector v, int width) {
        float[] out = new float[width];
        if (v instanceof SparseVector s) {
            int[] idx = s.indices();
            double[] val = s.values();
            for (int i = 0; i < idx.length; i++) out[idx[i]] = (float) val[i];
        } else {
            double[] val = ((DenseVector) v).values();
            for (int i = 0; i < width; i++) out[i] = (float) val[i];
        }
        return out;
    }

    /**
     * One shard from its rows, sorted by id: features {@code [m, width]}, one-hot labels {@code [m, outputs]} (or the
     * regression targets), ids.
     */
    static WorkerShard assemble(int index, Iterator<Tuple2<Integer, ShardRow>> it, int width, int outputs,
                                boolean regression) {
        List<ShardRow> rows = new ArrayList<>();
        while (it.hasNext()) rows.add(it.next()._2());
        rows.sort(BY_ID_THEN_VALUES);
        long[] ids = new long[rows.size()];
        float[][] x = new float[rows.size()][];
        int[] y = new int[rows.size()];
        float[][] targets = regression ? new float[rows.size()][] : null;
        for (int i = 0; i < ids.length; i++) {
            ShardRow r = rows.get(i);
            ids[i] = r.id;
            x[i] = r.features;
            y[i] = r.label;
            if (regression) targets[i] = r.targets;
        }
        return regression ? regressionShard(index, ids, x, targets, width, outputs) : shard(index, ids, x, y, width, outputs);
    }

    /** A shard of rows in the given order: features {@code [m, width]}, one-hot labels {@code [m, classes]}, ids. */
    public static WorkerShard shard(int index, long[] ids, float[][] rows, int[] labels, int width, int classes) {
        int m = ids.length;
        requireFits(index, m, width, classes);
        float[] y = new float[m * classes];
        for (int i = 0; i < m; i++) y[i * classes + labels[i]] = 1f;
        return new WorkerShard(index, matrix(rows, m, width), matrix(y, m, classes), ids);
    }

    /** A shard of regression rows in the given order: features {@code [m, width]}, targets {@code [m, outputs]}, ids. */
    public static WorkerShard regressionShard(int index, long[] ids, float[][] rows, float[][] targets, int width,
                                              int outputs) {
        int m = ids.length;
        requireFits(index, m, width, outputs);
        return new WorkerShard(index, matrix(rows, m, width), matrix(targets, m, outputs), ids);
    }

    private static void requireFits(int index, int m, int width, int outputs) {
        if ((long) m * width > Integer.MAX_VALUE || (long) m * outputs > Integer.MAX_VALUE) {
            throw new TableDataException("shard " + index + " holds " + m + " rows of " + width + " features, more than "
                    + "one array can hold: use more workers");
        }
    }

    private static INDArray matrix(float[][] rows, int m, int columns) {
        float[] flat = new float[m * columns];
        for (int i = 0; i < m; i++) System.arraycopy(rows[i], 0, flat, i * columns, columns);
        return matrix(flat, m, columns);
    }

    private static INDArray matrix(float[] flat, int m, int columns) {
        return m == 0 ? Nd4j.create(DataType.FLOAT, 0, columns) : Nd4j.create(flat, new long[] {m, columns}, 'c');
    }
}

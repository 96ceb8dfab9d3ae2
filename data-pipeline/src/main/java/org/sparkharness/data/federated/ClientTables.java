package org.sparkharness.data.federated;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.HashPartitioner;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;
import org.sparkharness.data.table.ExampleTables;
import org.sparkharness.data.table.TableShards;
import org.sparkharness.executors.client.ClientData;
import scala.Tuple2;

/**
 * Federated clients built from usable training and test rows inside Spark: each row is sent to its client(s), one
 * shuffle groups every client's rows in the partition {@code client mod P}, and each client becomes one cached
 * {@link ClientData} with lineage to the source files. Two ways to say which rows a client holds:
 * <ul>
 *   <li>{@link #byColumn}: one client per distinct value of a column (natural clients, LEAF/FEMNIST style); rows
 *       sorted by id. The driver holds the distinct values only.</li>
 *   <li>{@link #bySplits}: the index lists of an existing partitioner ({@link Partitioners}) over the rows in id
 *       order, shipped in a broadcast; rows keep the partitioner's order. The driver holds one id and one label per
 *       row to run the partitioner (never the features).</li>
 * </ul>
 */
public final class ClientTables {
    private ClientTables() {}

    /** A row on its way to a client, with its place in the client's shard. */
    static final class ClientRow implements Serializable {
        final boolean test;
        final long order;
        final long id;
        final float[] features;
        final int label;

        ClientRow(boolean test, long order, long id, float[] features, int label) {
            this.test = test;
            this.order = order;
            this.id = id;
            this.features = features;
            this.label = label;
        }
    }

    /**
     * One client per value of {@code groups} (sorted, so client ids do not depend on the data's order); rows whose
     * value is not among them are not used.
     *
     * @param rows usable rows in the {@link ExampleTables} shape plus a string {@link ExampleTables#GROUP} column
     */
    public static JavaRDD<ClientData> byColumn(Dataset<Row> rows, List<String> groups, int partitions, int width,
                                               int classes) {
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < groups.size(); i++) index.put(groups.get(i), i);
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(rows.sparkSession().sparkContext());
        Broadcast<Map<String, Integer>> clientOf = jsc.broadcast(index);
        JavaPairRDD<Integer, ClientRow> keyed = rows
                .select(ExampleTables.ID, ExampleTables.FEATURES, ExampleTables.LABEL, ExampleTables.TEST, ExampleTables.GROUP)
                .javaRDD()
                .flatMapToPair(r -> {
                    Integer client = clientOf.value().get(r.getString(4));
                    if (client == null) return java.util.Collections.emptyIterator();
                    long id = r.getLong(0);
                    ClientRow row = new ClientRow(r.getBoolean(3), id, id, TableShards.toFloats(r.getAs(1), width),
                            (int) r.getDouble(2));
                    return List.of(new Tuple2<>(client, row)).iterator();
                });
        return assemble(keyed, groups.size(), partitions, width, classes);
    }

    /**
     * The clients of {@code splits}, whose indices point into the training and test rows in ascending id order
     * ({@code trainIds}, {@code testIds}: sorted).
     */
    public static JavaRDD<ClientData> bySplits(Dataset<Row> rows, long[] trainIds, long[] testIds,
                                               List<ClientSplit> splits, int partitions, int width, int classes) {
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(rows.sparkSession().sparkContext());
        Broadcast<Targets> targets = jsc.broadcast(Targets.of(trainIds, testIds, splits));
        JavaPairRDD<Integer, ClientRow> keyed = rows
                .select(ExampleTables.ID, ExampleTables.FEATURES, ExampleTables.LABEL, ExampleTables.TEST)
                .javaRDD()
                .flatMapToPair(r -> {
                    boolean test = r.getBoolean(3);
                    long id = r.getLong(0);
                    int[] to = targets.value().of(test, id);
                    if (to.length == 0) return java.util.Collections.emptyIterator();
                    float[] x = TableShards.toFloats(r.getAs(1), width);
                    int label = (int) r.getDouble(2);
                    List<Tuple2<Integer, ClientRow>> out = new ArrayList<>(to.length / 2);
                    for (int i = 0; i < to.length; i += 2) {
                        out.add(new Tuple2<>(to[i], new ClientRow(test, to[i + 1], id, x, label)));
                    }
                    return out.iterator();
                });
        return assemble(keyed, splits.size(), partitions, width, classes);
    }

    /** Where each row goes: for the row at position p in id order, pairs (client, place in the client's list). */
    record Targets(long[] trainIds, int[][] train, long[] testIds, int[][] test) implements Serializable {
        static Targets of(long[] trainIds, long[] testIds, List<ClientSplit> splits) {
            List<List<Integer>> train = new ArrayList<>();
            List<List<Integer>> test = new ArrayList<>();
            for (int i = 0; i < trainIds.length; i++) train.add(new ArrayList<>(2));
            for (int i = 0; i < testIds.length; i++) test.add(new ArrayList<>(2));
            for (ClientSplit s : splits) {
                int[] tr = s.train();
                for (int k = 0; k < tr.length; k++) train.get(tr[k]).addAll(List.of(s.client(), k));
                int[] te = s.test();
                for (int k = 0; k < te.length; k++) test.get(te[k]).addAll(List.of(s.client(), k));
            }
            return new Targets(trainIds, pack(train), testIds, pack(test));
        }

        private static int[][] pack(List<List<Integer>> lists) {
            int[][] out = new int[lists.size()][];
            for (int i = 0; i < out.length; i++) out[i] = lists.get(i).stream().mapToInt(Integer::intValue).toArray();
            return out;
        }

        int[] of(boolean testRow, long id) {
            int p = java.util.Arrays.binarySearch(testRow ? testIds : trainIds, id);
            return p < 0 ? new int[0] : (testRow ? test : train)[p];
        }
    }

    private static JavaRDD<ClientData> assemble(JavaPairRDD<Integer, ClientRow> keyed, int clients, int partitions,
                                                int width, int classes) {
        int p = Math.max(1, Math.min(partitions, clients));
        JavaRDD<ClientData> out = keyed.partitionBy(new HashPartitioner(p))
                .mapPartitionsWithIndex((index, it) -> clientsOf(index, p, clients, it, width, classes), true)
                .setName("federated clients");
        out.persist(StorageLevel.MEMORY_AND_DISK());
        return out;
    }

    /** Every client {@code c ≡ index (mod p)}, with empty shards when it got no rows. */
    static Iterator<ClientData> clientsOf(int index, int p, int clients, Iterator<Tuple2<Integer, ClientRow>> it,
                                          int width, int classes) {
        Map<Integer, List<ClientRow>> byClient = new TreeMap<>();
        while (it.hasNext()) {
            Tuple2<Integer, ClientRow> t = it.next();
            byClient.computeIfAbsent(t._1(), c -> new ArrayList<>()).add(t._2());
        }
        List<ClientData> out = new ArrayList<>();
        Comparator<ClientRow> order = Comparator.<ClientRow>comparingLong(r -> r.order).thenComparingLong(r -> r.id);
        for (int c = index; c < clients; c += p) {
            List<ClientRow> rows = byClient.getOrDefault(c, List.of());
            List<ClientRow> train = rows.stream().filter(r -> !r.test).sorted(order).toList();
            List<ClientRow> test = rows.stream().filter(r -> r.test).sorted(order).toList();
            out.add(new ClientData(c, shard(c, train, width, classes), shard(c, test, width, classes)));
        }
        return out.iterator();
    }

    private static org.sparkharness.executors.worker.WorkerShard shard(int client, List<ClientRow> rows, int width,
                                                                       int classes) {
        long[] ids = new long[rows.size()];
        float[][] x = new float[rows.size()][];
        int[] y = new int[rows.size()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = rows.get(i).id;
            x[i] = rows.get(i).features;
            y[i] = rows.get(i).label;
        }
        return TableShards.shard(client, ids, x, y, width, classes);
    }
}

package org.sparkharness.driver.federated;

import static org.apache.spark.sql.functions.col;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.sparkharness.data.fashion.FashionMnistTable;
import org.sparkharness.data.federated.ClientSplit;
import org.sparkharness.data.federated.ClientTables;
import org.sparkharness.data.table.ExampleTables;
import org.sparkharness.data.table.TableDataException;
import org.sparkharness.data.table.TableSpec;
import org.sparkharness.data.table.TrainingTable;
import org.sparkharness.driver.config.HarnessConfig;
import org.sparkharness.driver.config.PartitionConfig;
import org.sparkharness.driver.data.ModelInput;
import org.sparkharness.executors.client.ClientData;
import org.sparkharness.executors.model.InputShape;
import org.sparkharness.optimizers.config.ConfigException;

/**
 * The simulated clients of a Fashion-MNIST or table source, built by the executors ({@link ClientTables}) from the
 * checked rows of {@link TrainingTable}: one client per value of a column, or the clients of an existing partitioner
 * (iid, Dirichlet, shards), which runs on the driver over the rows' ids and labels in id order, never their features.
 * For Fashion-MNIST the ids are the indices in the files, so the splits equal those of the in-memory loader.
 */
public final class FederatedTable {
    private FederatedTable() {}

    /**
     * Cached clients, their number and the model input.
     *
     * @param partitions the RDD's partitions (clients c ≡ p mod partitions live in partition p)
     */
    public record Prepared(JavaRDD<ClientData> clients, int count, int partitions, InputShape input,
                           Map<String, Object> description) {}

    /**
     * Reads, checks and partitions the data for {@code config}.
     *
     * @param partitions how many partitions to spread the clients over (at most one per client)
     */
    public static Prepared prepare(JavaSparkContext jsc, HarnessConfig config, Integer partitions,
                                   Consumer<String> progress) {
        // The session over the running context; passing its conf again would only log that it is not reapplied.
        SparkSession spark = SparkSession.builder().getOrCreate();
        long seed = config.run().seed();
        PartitionConfig partition = config.federated().partition();
        String groupCol = partition instanceof PartitionConfig.Column c ? c.column() : null;
        TableSpec spec = config.data().tableSpec(seed);
        TrainingTable.Source source;
        if (config.data().isTable()) {
            source = TrainingTable.read(spark, spec, groupCol, progress);
        } else {
            if (groupCol != null) {
                throw new ConfigException("federated.partition.type", "column", "Fashion-MNIST has no client column; "
                        + "use iid, dirichlet or shards, or a table (data.source: table)");
            }
            String dir = config.data().dir();
            source = new TrainingTable.Source(FashionMnistTable.rows(spark, dir), FashionMnistTable.LABELS, FashionMnistTable.fingerprint(jsc, dir));
        }
        TrainingTable.Checked data = TrainingTable.check(source, spec, 1, progress);
        InputShape input = ModelInput.of(config, data.width(), data.outputs());
        Dataset<Row> rows = data.train().unionByName(data.test());
        Map<String, Object> d = new LinkedHashMap<>(data.description());
        d.put("partition", partition);
        int count;
        JavaRDD<ClientData> clients;
        int p;
        if (groupCol != null) {
            List<String> groups = data.train().select(ExampleTables.GROUP).distinct().orderBy(ExampleTables.GROUP)
                    .collectAsList().stream().map(r -> r.getString(0)).toList();
            count = groups.size();
            p = partitionCount(partitions, count, jsc);
            progress.accept("clients: " + count + " distinct values of column '" + groupCol + "' in the training rows");
            clients = ClientTables.byColumn(rows, groups, p, data.width(), data.outputs());
        } else {
            count = config.federated().clients();
            IdsAndLabels train = IdsAndLabels.of(data.train());
            IdsAndLabels test = IdsAndLabels.of(data.test());
            List<ClientSplit> splits = split(partition, train.labels(), test.labels(), data.outputs(), count, seed);
            p = partitionCount(partitions, count, jsc);
            clients = ClientTables.bySplits(rows, train.ids(), test.ids(), splits, p, data.width(), data.outputs());
        }
        List<int[]> sizes = clients.map(c -> new int[] {c.train().size(), c.test().size()}).collect();
        source.rows().unpersist(false); // the clients are cached now (decoded image folders were cached until here)
        d.put("clients", count);
        d.put("min_client_train", sizes.stream().mapToInt(s -> s[0]).min().orElse(0));
        d.put("max_client_train", sizes.stream().mapToInt(s -> s[0]).max().orElse(0));
        d.put("clients_without_test_rows", sizes.stream().filter(s -> s[1] == 0).count());
        d.put("train_examples", sizes.stream().mapToLong(s -> s[0]).sum());
        d.put("test_examples", sizes.stream().mapToLong(s -> s[1]).sum());
        return new Prepared(clients, count, p, input, d);
    }

    private static int partitionCount(Integer configured, int clients, JavaSparkContext jsc) {
        return Math.max(1, configured != null ? Math.min(configured, clients) : Math.min(clients, 2 * jsc.defaultParallelism()));
    }

    /** The ids (ascending) and labels of usable rows: what a partitioner needs, 12 bytes a row on the driver. */
    record IdsAndLabels(long[] ids, int[] labels) {
        static IdsAndLabels of(Dataset<Row> rows) {
            List<Row> collected = rows.select(col(ExampleTables.ID), col(ExampleTables.LABEL).cast("int"))
                    .orderBy(ExampleTables.ID).collectAsList();
            long[] ids = new long[collected.size()];
            int[] labels = new int[collected.size()];
            for (int i = 0; i < ids.length; i++) {
                ids[i] = collected.get(i).getLong(0);
                labels[i] = collected.get(i).getInt(1);
            }
            return new IdsAndLabels(ids, labels);
        }
    }

    static List<ClientSplit> split(PartitionConfig p, int[] trainLabels, int[] testLabels, int classes, int clients,
                                   long seed) {
        try {
            if (p instanceof PartitionConfig.LabelSplit split) {
                return split.split(trainLabels, testLabels, classes, clients, seed);
            }
        } catch (IllegalArgumentException e) {
            throw new ConfigException("federated.partition", p, "cannot split the data: " + e.getMessage());
        }
        throw new TableDataException("partition " + p + " does not split a table");
    }
}

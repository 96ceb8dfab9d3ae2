package org.sparkharness.driver.federated;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.sparkharness.data.federated.ClientArrays;
import org.sparkharness.data.federated.SyntheticFedProx;
import org.sparkharness.driver.config.HarnessConfig;
import org.sparkharness.driver.config.PartitionConfig;
import org.sparkharness.executors.client.ClientData;
import org.sparkharness.executors.model.InputShape;
import org.sparkharness.executors.worker.WorkerShard;

/**
 * FedProx's synthetic clients, generated on the driver before Spark starts (a few thousand rows of 60 features).
 * Clients of Fashion-MNIST or a table are built by the executors instead: {@link FederatedTable}.
 *
 * @param clients     one entry per client, ids 0..C−1
 * @param input       the model input shape
 * @param description what was built (dataset, partitioner and parameters, sizes) for the run manifest
 */
public record FederatedData(List<ClientData> clients, InputShape input, Map<String, Object> description) {

    /** Synthetic data's input: 60 features, 10 classes. */
    public static final InputShape SYNTHETIC_INPUT =
            new InputShape(1, SyntheticFedProx.DIMENSION, 1, SyntheticFedProx.CLASSES);

    public static FederatedData build(HarnessConfig cfg) {
        var fed = cfg.federated();
        long seed = cfg.run().seed();
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("partition", fed.partition());
        if (fed.partition() instanceof PartitionConfig.Synthetic s) {
            List<ClientArrays> generated = s.iid() ? SyntheticFedProx.generateIid(fed.clients(), seed)
                    : SyntheticFedProx.generate(s.alpha(), s.beta(), fed.clients(), seed);
            List<ClientData> clients = new ArrayList<>();
            for (ClientArrays a : generated) clients.add(fromArrays(a));
            d.put("dataset", s.iid() ? "synthetic-iid" : "synthetic(" + s.alpha() + "," + s.beta() + ")");
            return new FederatedData(clients, SYNTHETIC_INPUT, sizes(d, clients));
        }
        throw new IllegalStateException("partition " + fed.partition() + " reads the data on the executors: "
                + "see FederatedTable");
    }

    static ClientData fromArrays(ClientArrays a) {
        long base = (long) a.client() << 32;
        return new ClientData(a.client(), shard(a.client(), a.trainX(), a.trainY(), base),
                shard(a.client(), a.testX(), a.testY(), base + a.trainY().length));
    }

    private static WorkerShard shard(int client, float[][] x, int[] y, long firstId) {
        int d = SyntheticFedProx.DIMENSION;
        INDArray features = x.length == 0 ? Nd4j.create(DataType.FLOAT, 0, d) : Nd4j.create(x);
        INDArray labels = Nd4j.zeros(DataType.FLOAT, y.length, SyntheticFedProx.CLASSES);
        long[] ids = new long[y.length];
        for (int i = 0; i < y.length; i++) {
            labels.putScalar(i, y[i], 1f);
            ids[i] = firstId + i;
        }
        return new WorkerShard(client, features, labels, ids);
    }

    private static Map<String, Object> sizes(Map<String, Object> d, List<ClientData> clients) {
        long train = clients.stream().mapToLong(c -> c.train().size()).sum();
        long test = clients.stream().mapToLong(c -> c.test().size()).sum();
        d.put("clients", clients.size());
        d.put("train_examples", train);
        d.put("test_examples", test);
        d.put("min_client_train", clients.stream().mapToInt(c -> c.train().size()).min().orElse(0));
        d.put("max_client_train", clients.stream().mapToInt(c -> c.train().size()).max().orElse(0));
        return d;
    }
}

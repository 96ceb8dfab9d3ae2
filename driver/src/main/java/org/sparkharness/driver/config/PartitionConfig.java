package org.sparkharness.driver.config;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.io.Serializable;
import java.util.List;
import org.sparkharness.data.federated.ClientSplit;
import org.sparkharness.data.federated.Partitioners;
import org.sparkharness.optimizers.config.Check;

/**
 * How the data is split into clients. Config: {@code partition: {type: iid | dirichlet | shards | column | synthetic,
 * ...}}. The first three split the configured data (Fashion-MNIST or a table) and give every client a test split from
 * the test rows; {@code column} makes one client per distinct value of a column (natural clients); {@code synthetic}
 * generates FedProx's Synthetic(α, β) data instead.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = PartitionConfig.Iid.class, name = "iid"),
    @JsonSubTypes.Type(value = PartitionConfig.Dirichlet.class, name = "dirichlet"),
    @JsonSubTypes.Type(value = PartitionConfig.Shards.class, name = "shards"),
    @JsonSubTypes.Type(value = PartitionConfig.Column.class, name = "column"),
    @JsonSubTypes.Type(value = PartitionConfig.Synthetic.class, name = "synthetic"),
})
public sealed interface PartitionConfig extends Serializable {

    /** A partition that splits labelled train and test rows into clients by their labels (or by chance). */
    sealed interface LabelSplit extends PartitionConfig {
        /** Each client's train and test rows, from every row's label. */
        List<ClientSplit> split(int[] trainLabels, int[] testLabels, int classes, int clients, long seed);
    }

    /** Uniform random split of the train and test sets into equal parts. */
    record Iid() implements LabelSplit {
        @Override
        public List<ClientSplit> split(int[] trainLabels, int[] testLabels, int classes, int clients, long seed) {
            return Partitioners.iid(clients, trainLabels.length, testLabels.length, seed);
        }
    }

    /**
     * Fling's fixed-size Dirichlet split: each client draws class proportions q ~ Dir(α) and gets
     * {@code trainPerClient} train and {@code testPerClient} test examples with those proportions, so its test
     * labels follow its train labels. Defaults: α = 0.1, 500 / 100 (the FedCAC setup).
     */
    record Dirichlet(Double alpha, Integer trainPerClient, Integer testPerClient) implements LabelSplit {
        public Dirichlet {
            alpha = Check.positive("alpha", alpha == null ? 0.1 : alpha);
            trainPerClient = Check.positiveInt("trainPerClient", trainPerClient == null ? 500 : trainPerClient);
            testPerClient = Check.positiveInt("testPerClient", testPerClient == null ? 100 : testPerClient);
        }

        @Override
        public List<ClientSplit> split(int[] trainLabels, int[] testLabels, int classes, int clients, long seed) {
            return Partitioners.dirichlet(trainLabels, testLabels, classes, clients, alpha, trainPerClient,
                    testPerClient, seed);
        }
    }

    /**
     * McMahan's shards: the train set sorted by label and cut into clients × {@code shardsPerClient} shards (so a
     * client sees about {@code shardsPerClient} classes); test split with the client's label proportions.
     * Defaults: 2 shards, 100 test examples.
     */
    record Shards(Integer shardsPerClient, Integer testPerClient) implements LabelSplit {
        public Shards {
            shardsPerClient = Check.positiveInt("shardsPerClient", shardsPerClient == null ? 2 : shardsPerClient);
            testPerClient = Check.positiveInt("testPerClient", testPerClient == null ? 100 : testPerClient);
        }

        @Override
        public List<ClientSplit> split(int[] trainLabels, int[] testLabels, int classes, int clients, long seed) {
            return Partitioners.shards(trainLabels, testLabels, classes, clients, shardsPerClient, testPerClient, seed);
        }
    }

    /**
     * One client per distinct value of {@code column} in the training rows (a user, writer or device id: LEAF and
     * FEMNIST-style natural clients), with that client's test rows from the test table, or from the held-out part of
     * the training table. The number of clients comes from the data: {@code federated.clients} is replaced by it.
     */
    record Column(String column) implements PartitionConfig {
        public Column {
            if (column == null || column.isBlank()) {
                throw new org.sparkharness.optimizers.config.ConfigException("column", column, "must name the table's client column");
            }
        }
    }

    /**
     * FedProx's Synthetic(α, β) (Li et al. 2020): α and β are standard deviations of the per-client model and data
     * shifts; {@code iid: true} is Synthetic_IID. 60 features, 10 classes, one generated client per federated client.
     */
    record Synthetic(Double alpha, Double beta, Boolean iid) implements PartitionConfig {
        public Synthetic {
            alpha = Check.nonNegative("alpha", alpha == null ? 1.0 : alpha);
            beta = Check.nonNegative("beta", beta == null ? 1.0 : beta);
            iid = iid != null && iid;
        }
    }
}

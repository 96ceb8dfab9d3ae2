package org.sparkharness.data.image;

import static org.apache.spark.sql.functions.col;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.expressions.UserDefinedFunction;
import org.apache.spark.sql.functions;
import org.sparkharness.data.table.ExampleTables;
import org.sparkharness.data.table.FeatureNormaliser;

/**
 * Per-channel normalisation of images (as torchvision's {@code Normalize(mean, std)}), its mean and standard
 * deviation fitted on the training rows in one Spark aggregation ({@link ChannelMoments}):
 *
 * <pre>
 *   x'[c·H·W + i] = (x[c·H·W + i] − mean[c]) / std[c]      (std[c] = 0: divided by 1, only centred)
 * </pre>
 */
public record ChannelNormaliser(ImageSize size) implements FeatureNormaliser {
    @Override
    public Fitted fit(Dataset<Row> train) {
        int channels = size.channels();
        ChannelMoments m = train.select(col(ExampleTables.FEATURES)).javaRDD()
                .map(r -> ((Vector) r.get(0)).toArray())
                .treeAggregate(ChannelMoments.empty(channels),
                        (acc, x) -> acc.merge(ChannelMoments.of(x, channels)), ChannelMoments::merge);
        return new Fitted(m.mean(), m.std(), m.count() / size.pixels());
    }

    /** {@code x} normalised channel by channel; pure (returns a new array). */
    public static double[] normalise(double[] x, double[] mean, double[] std) {
        int plane = x.length / mean.length;
        double[] y = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            int c = i / plane;
            y[i] = (x[i] - mean[c]) / (std[c] == 0 ? 1 : std[c]);
        }
        return y;
    }

    /**
     * The fitted statistics.
     *
     * @param images training images they were fitted on
     */
    public record Fitted(double[] mean, double[] std, long images) implements FeatureNormaliser.Fitted {
        public Fitted {
            mean = mean.clone();
            std = std.clone();
        }

        @Override
        public Dataset<Row> apply(Dataset<Row> rows) {
            double[] mu = mean.clone();
            double[] sigma = std.clone();
            UserDefinedFunction f = functions.udf(
                    (UDF1<Vector, Vector>) v -> v == null ? null : Vectors.dense(normalise(v.toArray(), mu, sigma)),
                    SQLDataTypes.VectorType());
            return rows.withColumn(ExampleTables.FEATURES, f.apply(col(ExampleTables.FEATURES)));
        }

        @Override
        public Map<String, Object> describe() {
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("type", "per_channel");
            d.put("fitted_on", "training split (" + images + " images)");
            d.put("mean", mean.clone());
            d.put("std", std.clone());
            return d;
        }
    }
}

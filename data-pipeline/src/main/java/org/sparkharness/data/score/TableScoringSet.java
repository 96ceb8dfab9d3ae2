package org.sparkharness.data.score;

import static org.apache.spark.sql.functions.col;

import java.util.List;
import java.util.function.Consumer;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.nd4j.linalg.factory.Nd4j;
import org.sparkharness.data.fashion.LabeledImages;
import org.sparkharness.data.table.ExampleTables;
import org.sparkharness.data.table.TableDataException;
import org.sparkharness.data.table.TableShards;
import org.sparkharness.data.table.TableSpec;
import org.sparkharness.data.table.TrainingTable;

/**
 * A user's table as the training set of {@link ScoreJob}: read and checked on the executors exactly as training
 * reads it (same columns, same ids, bad rows failed or skipped and counted), then the usable rows are brought to the
 * driver in id order. Scoring trains K models on the whole set, one task each, so the set is broadcast and must fit
 * in the driver's memory: that is checked before anything is collected.
 */
public final class TableScoringSet {
    /** Share of the driver's heap the collected set may take (it is held twice: rows, then the feature matrix). */
    static final double HEAP_SHARE = 0.25;

    private TableScoringSet() {}

    /** The usable rows of {@code spec} (every row a training row, see {@link TableSpec#trainingOnly}). */
    public static LabeledImages load(SparkSession spark, TableSpec spec, Consumer<String> progress) {
        if (spec.isRegression()) {
            throw new TableDataException("scoring (EL2N, GraNd, loss) needs class labels; " + spec.train()
                    + " is read for regression");
        }
        TrainingTable.Source source = TrainingTable.read(spark, spec, null, progress);
        TrainingTable.Checked checked = TrainingTable.checkTraining(source, spec, progress);
        long rows = checked.profile().usable(false);
        long bytes = rows * (checked.width() * (long) Float.BYTES + Long.BYTES + Integer.BYTES);
        long allowed = (long) (Runtime.getRuntime().maxMemory() * HEAP_SHARE);
        if (bytes > allowed || rows * checked.width() > Integer.MAX_VALUE) {
            source.rows().unpersist(false);
            throw new TableDataException(String.format("scoring broadcasts the whole training set: %,d rows of %d "
                            + "features are %,d MiB, more than %.0f%% of the driver's heap (%,d MiB); set "
                            + "input.images.limit, or raise spark.driver.memory", rows, checked.width(), bytes >> 20,
                    HEAP_SHARE * 100, Runtime.getRuntime().maxMemory() >> 20));
        }
        List<Row> collected = checked.train()
                .select(ExampleTables.ID, ExampleTables.FEATURES, ExampleTables.LABEL)
                .orderBy(col(ExampleTables.ID)).collectAsList();
        source.rows().unpersist(false);
        int n = collected.size();
        int width = checked.width();
        float[] x = new float[n * width];
        int[] labels = new int[n];
        long[] ids = new long[n];
        for (int i = 0; i < n; i++) {
            Row r = collected.get(i);
            ids[i] = r.getLong(0);
            System.arraycopy(TableShards.toFloats(r.getAs(1), width), 0, x, i * width, width);
            labels[i] = (int) r.getDouble(2);
        }
        progress.accept(String.format("scoring set: %,d rows of %d features, %d classes, from %s", n, width,
                checked.outputs(), spec.train()));
        return new LabeledImages(Nd4j.create(x, new long[] {n, width}, 'c'), labels, ids, checked.outputs());
    }
}

package org.sparkharness.driver.curate;

import java.io.Serializable;
import java.util.List;
import java.util.Map;
import org.sparkharness.data.table.TableSpec;
import org.sparkharness.driver.config.DataConfig;
import org.sparkharness.optimizers.config.Check;
import org.sparkharness.optimizers.config.ConfigException;

/**
 * A classification training set for score, prune and noise stages: Fashion-MNIST ({@code source: fashion-mnist},
 * {@code dir} any Hadoop URI, default data/fashion-mnist) or the user's table ({@code source: table} with the keys a
 * training run's {@code data:} section takes: format, train, labelCol, featuresCol, featureCols, idCol, options,
 * standardize, classes, onBadRows, imageShape, and imageSize for {@code format: image} folders). A table's ids are the ones training derives from the same keys, so a prune
 * stage's kept ids can be given to {@code data.keep}. Every row of {@code train} is scored; {@code limit} keeps the
 * first N training examples (Fashion-MNIST: in file order; a table: the smallest ids) for previews.
 */
public record ImagesInput(DataConfig.Source source, String dir, Integer limit, String format, String train, String labelCol,
                          String featuresCol, List<String> featureCols, String idCol, Map<String, String> options,
                          Boolean standardize, Integer classes, DataConfig.OnBadRows onBadRows, List<Integer> imageShape,
                          List<Integer> imageSize) implements Serializable {
    public ImagesInput {
        if (limit != null) Check.positiveInt("limit", limit);
        // The same keys and rules as a training run's data section: one validation, the same messages.
        DataConfig data = data(source, dir, format, train, labelCol, featuresCol, featureCols, idCol, options,
                standardize, classes, onBadRows, imageShape, imageSize, null);
        source = data.source();
        dir = data.dir();
        if (data.isTable()) {
            format = data.format();
            labelCol = data.labelCol();
            featuresCol = data.featuresCol();
            options = data.options();
            standardize = data.standardize();
            onBadRows = data.onBadRows();
            imageSize = data.imageSize();
        } else {
            Map<String, Object> tableOnly = new java.util.LinkedHashMap<>();
            tableOnly.put("labelCol", labelCol);
            tableOnly.put("featuresCol", featuresCol);
            tableOnly.put("onBadRows", onBadRows);
            tableOnly.put("imageShape", imageShape);
            tableOnly.put("imageSize", imageSize);
            for (var e : tableOnly.entrySet()) {
                if (e.getValue() != null) {
                    throw new ConfigException(e.getKey(), e.getValue(), "is for source: table (source is " + source + ")");
                }
            }
        }
    }

    /** A Fashion-MNIST input. */
    public ImagesInput(DataConfig.Source source, String dir, Integer limit) {
        this(source, dir, limit, null, null, null, null, null, null, null, null, null, null, null, null);
    }

    @com.fasterxml.jackson.annotation.JsonIgnore
    public boolean isTable() {
        return source == DataConfig.Source.TABLE;
    }

    /** What the data plane reads for a table: every row of {@code train} a training row, {@code limit} smallest ids. */
    public TableSpec tableSpec(long seed) {
        return dataConfig().tableSpec(seed).trainingOnly();
    }

    /** These keys as a training run's data section (the shape rules of {@code imageShape}/{@code imageSize}). */
    @com.fasterxml.jackson.annotation.JsonIgnore
    public DataConfig dataConfig() {
        return data(source, dir, format, train, labelCol, featuresCol, featureCols, idCol, options, standardize,
                classes, onBadRows, imageShape, imageSize, limit);
    }

    /** Where the input lives, for the pipeline's input fingerprint. */
    @com.fasterxml.jackson.annotation.JsonIgnore
    public String location() {
        return isTable() ? train : dir;
    }

    private static DataConfig data(DataConfig.Source source, String dir, String format, String train, String labelCol,
                                   String featuresCol, List<String> featureCols, String idCol,
                                   Map<String, String> options, Boolean standardize, Integer classes,
                                   DataConfig.OnBadRows onBadRows, List<Integer> imageShape, List<Integer> imageSize,
                                   Integer trainLimit) {
        boolean table = source == DataConfig.Source.TABLE;
        return new DataConfig(source, dir, format, train, null, null, table ? labelCol : null,
                table ? featuresCol : null, featureCols, idCol, options, standardize, null, classes, null,
                table ? imageShape : null, table ? imageSize : null, table ? onBadRows : null, null, null, trainLimit,
                null);
    }
}

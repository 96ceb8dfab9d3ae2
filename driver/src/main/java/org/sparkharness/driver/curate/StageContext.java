package org.sparkharness.driver.curate;

import java.util.function.Consumer;
import java.util.function.Supplier;
import org.apache.spark.sql.SparkSession;
import org.sparkharness.data.fashion.LabeledImages;

/**
 * What a running stage may use: the Spark session, the run's image training set (loaded on first use), the input
 * section it comes from (null for text pipelines) and progress output.
 */
public record StageContext(SparkSession spark, Supplier<LabeledImages> trainImages, ImagesInput imagesInput,
                           Consumer<String> progress) {}

/**
 * Training data from image folders, {@code <root>/<class name>/<image file>}: {@link
 * org.sparkharness.data.image.ImageFolders} reads the files on the executors with Spark's {@code binaryFile} source
 * and brings each image to the common row shape of {@link org.sparkharness.data.table.ExampleTables} (decoded,
 * resized and flattened channels first by the pure {@link org.sparkharness.data.image.ImagePixels}), so the table
 * path checks, prunes and shards it unchanged; {@link org.sparkharness.data.image.ChannelNormaliser} scales each
 * channel by its mean and standard deviation, fitted on the training split only.
 */
package org.sparkharness.data.image;

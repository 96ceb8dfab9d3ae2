/**
 * Reading and writing the IDX format of the MNIST family (LeCun et al.; also Fashion-MNIST, Zalando SE).
 *
 * <p>Only the unsigned-byte variants are supported: labels (magic {@code 0x00000801}, one dimension) and images
 * (magic {@code 0x00000803}, three dimensions). Header integers are big-endian int32. gzip compression is recognised
 * by its magic bytes, never by the file name.
 *
 * <p>Pure Java, no ND4J, no Hadoop: callers pass an {@link java.io.InputStream} and a source name for messages.
 */
package org.sparkharness.data.idx;

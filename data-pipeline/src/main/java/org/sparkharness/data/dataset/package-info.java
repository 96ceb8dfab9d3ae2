/**
 * Shared plumbing for on-disk datasets: locating a dataset directory on any Hadoop file system, SHA-256 checks
 * against a {@code SHA256SUMS} file, the fingerprint a run manifest records, and the two errors a loader raises
 * ({@link org.sparkharness.data.dataset.DatasetUnavailableException} when files are missing,
 * {@link org.sparkharness.data.dataset.DatasetCorruptException} when they are damaged). Both messages say which
 * {@code scripts/fetch-data} command repairs the situation.
 */
package org.sparkharness.data.dataset;

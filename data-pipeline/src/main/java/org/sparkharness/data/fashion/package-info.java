/**
 * Fashion-MNIST (Xiao, Rasul, Vollgraf 2017, arXiv 1708.07747; MIT licence, Zalando SE): loading a split from IDX
 * files on any Hadoop file system into ND4J arrays, and fingerprinting the files for the run manifest.
 *
 * <p>Entry points: {@link org.sparkharness.data.fashion.FashionMnist#load} and
 * {@link org.sparkharness.data.fashion.FashionMnist#verify}. The data is fetched by
 * {@code scripts/fetch-data fashion-mnist}; a real 1,000/500-example subset is committed under
 * {@code testdata/fashion-mnist-mini} for tests.
 */
package org.sparkharness.data.fashion;

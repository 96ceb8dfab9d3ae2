package org.sparkharness.executors.worker;

import java.io.Serializable;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The flat parameter vector as broadcast to workers. The wrapper matters: Spark closes broadcast values that are
 * {@link AutoCloseable} when the broadcast is destroyed, and an INDArray is one, so a straggler still reading a
 * bare INDArray after its round was cut off would touch freed native memory. Wrapped, the array is freed by GC.
 */
public record SharedParams(long round, INDArray flat) implements Serializable {}

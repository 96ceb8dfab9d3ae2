package org.sparkharness.driver.spark;

import com.esotericsoftware.kryo.Kryo;
import org.apache.spark.serializer.KryoRegistrator;
import org.nd4j.linalg.factory.Nd4j;
import org.sparkharness.optimizers.ParamTable;

/**
 * Spark's {@code spark.kryo.registrator} for harness jobs: the backend's INDArray class with the block-copy
 * {@link NdArraySerializer} (Kryo's field serialiser fails on ND4J's shape buffers), {@link RecordSerializer} as the
 * default for every Java record (worker shards, results, configs), and {@link ParamTableSerializer} for named tables
 * (federated rounds broadcast and return them). It replaces dl4j-spark's {@code Nd4jRegistrator}, so the application
 * jar needs no dl4j-spark; {@link JdkCollectionSerializers} covers the JDK's read-only, synchronised and immutable
 * collections, which Kryo's own collection serialiser cannot rebuild.
 */
public final class HarnessKryoRegistrator implements KryoRegistrator {
    @Override
    public void registerClasses(Kryo kryo) {
        kryo.register(Nd4j.getBackend().getNDArrayClass(), new NdArraySerializer());
        kryo.addDefaultSerializer(Record.class, RecordSerializer.class);
        kryo.register(ParamTable.class, new ParamTableSerializer());
        JdkCollectionSerializers.register(kryo);
    }
}

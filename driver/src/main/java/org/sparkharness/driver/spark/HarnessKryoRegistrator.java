package org.sparkharness.driver.spark;

import com.esotericsoftware.kryo.Kryo;
import org.apache.spark.serializer.KryoRegistrator;
import org.nd4j.kryo.Nd4jRegistrator;
import org.nd4j.linalg.factory.Nd4j;
import org.sparkharness.optimizers.ParamTable;

/**
 * Spark's {@code spark.kryo.registrator} for harness jobs: ND4J's registrator (from dl4j-spark) with its INDArray
 * serialiser replaced by the block-copy {@link NdArraySerializer}, plus {@link RecordSerializer} as the default for
 * every Java record (worker shards, results, configs), and {@link ParamTableSerializer} for named tables
 * (federated rounds broadcast and return them).
 */
public final class HarnessKryoRegistrator implements KryoRegistrator {
    @Override
    public void registerClasses(Kryo kryo) {
        new Nd4jRegistrator().registerClasses(kryo);
        // Same registration id as ND4J's, a faster block-copy serialiser.
        kryo.register(Nd4j.getBackend().getNDArrayClass(), new NdArraySerializer());
        kryo.addDefaultSerializer(Record.class, RecordSerializer.class);
        kryo.register(ParamTable.class, new ParamTableSerializer());
    }
}

package org.sparkharness.driver.spark;

import com.esotericsoftware.kryo.Kryo;
import org.apache.spark.serializer.KryoRegistrator;
import org.nd4j.kryo.Nd4jRegistrator;

/**
 * Spark's {@code spark.kryo.registrator} for harness jobs: ND4J's registrator for INDArrays (from dl4j-spark), plus
 * {@link RecordSerializer} as the default for every Java record (worker shards, results, configs).
 */
public final class HarnessKryoRegistrator implements KryoRegistrator {
    @Override
    public void registerClasses(Kryo kryo) {
        new Nd4jRegistrator().registerClasses(kryo);
        kryo.addDefaultSerializer(Record.class, RecordSerializer.class);
    }
}

package org.sparkharness.driver.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.apache.spark.SparkConf;
import org.apache.spark.serializer.KryoSerializer;
import org.apache.spark.serializer.SerializerInstance;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.sparkharness.executors.model.MlpSpec;
import org.sparkharness.executors.worker.EvalResult;
import org.sparkharness.executors.worker.WorkerResult;
import org.sparkharness.executors.worker.WorkerShard;
import scala.reflect.ClassTag$;

/** Spark's Kryo with the harness registrator: INDArrays of every kind and the records tasks exchange. */
class KryoRoundTripTest {
    private final SerializerInstance kryo = new KryoSerializer(new SparkConf()
            .set("spark.kryo.registrator", HarnessKryoRegistrator.class.getName())).newInstance();

    @SuppressWarnings("unchecked")
    private <T> T roundTrip(T value) {
        var tag = ClassTag$.MODULE$.<T>apply(Object.class);
        return (T) kryo.deserialize(kryo.serialize(value, tag), tag);
    }

    @Test
    void arraysKeepShapeTypeAndValuesWhateverTheirLayout() {
        INDArray m = Nd4j.rand(DataType.FLOAT, 5, 7);
        List<INDArray> cases = List.of(m, m.dup('f'), m.get(NDArrayIndex.interval(1, 4), NDArrayIndex.interval(2, 6)),
                m.transpose(), Nd4j.rand(DataType.DOUBLE, 3, 2, 4), Nd4j.scalar(2.5f), Nd4j.createFromArray(1, 2, 3),
                Nd4j.create(DataType.FLOAT, 0), Nd4j.linspace(1, 10, 10, DataType.FLOAT));
        for (INDArray a : cases) {
            INDArray b = roundTrip(a);
            assertEquals(a.dataType(), b.dataType(), a.toString());
            assertArrayEquals(a.shape(), b.shape(), a.toString());
            assertEquals(a, b);
        }
    }

    @Test
    void recordsAreRebuiltThroughTheirConstructors() {
        WorkerResult r = new WorkerResult(3, 1, Nd4j.rand(DataType.FLOAT, 100), 64, 12.5, 1000, 0, "exec-1");
        WorkerResult back = roundTrip(r);
        assertEquals(r.gradientSum(), back.gradientSum());
        assertEquals(List.of(3L, 1, 64L, 12.5, "exec-1"), List.of(back.round(), back.worker(), back.count(), back.lossSum(), back.executorId()));
        assertEquals(new EvalResult(5, 10, 2.0), roundTrip(new EvalResult(5, 10, 2.0)));
        WorkerShard s = new WorkerShard(2, Nd4j.rand(DataType.FLOAT, 4, 3), Nd4j.eye(4).castTo(DataType.FLOAT), new long[] {7, 8, 9, 10});
        WorkerShard t = roundTrip(s);
        assertEquals(s.features(), t.features());
        assertArrayEquals(s.ids(), t.ids());
        assertEquals(new MlpSpec(List.of(3, 2), "tanh"), roundTrip(new MlpSpec(List.of(3, 2), "tanh")));
    }

    /** What dl4j-spark's registrator used to cover: JDK wrapper collections and immutable ones, by Kryo's own serialisers. */
    @Test
    void jdkCollectionsOfEveryWrapperKindRoundTrip() {
        java.util.Map<String, Integer> m = new java.util.TreeMap<>(java.util.Map.of("a", 1, "b", 2));
        List<Object> cases = List.of(java.util.Collections.unmodifiableMap(m), java.util.Collections.unmodifiableSet(
                new java.util.TreeSet<>(m.keySet())), java.util.Collections.unmodifiableList(new java.util.ArrayList<>(m.values())),
                java.util.Collections.synchronizedMap(new java.util.HashMap<>(m)), List.of(1, 2, 3),
                java.util.Map.of("x", 1.5), java.util.Set.of("s"), java.util.Arrays.asList(4, 5),
                java.util.Collections.synchronizedList(new java.util.ArrayList<>(List.of(6))));
        for (Object c : cases) assertEquals(c, roundTrip(c), c.getClass().getName());
    }
}

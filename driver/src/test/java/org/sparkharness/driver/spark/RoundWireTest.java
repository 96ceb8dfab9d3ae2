package org.sparkharness.driver.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.nio.ByteBuffer;
import java.util.Map;
import org.apache.spark.serializer.KryoSerializer;
import org.apache.spark.serializer.SerializerInstance;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.factory.Nd4j;
import org.sparkharness.executors.rounds.RoundWire;
import org.sparkharness.executors.worker.EvalResult;
import org.sparkharness.executors.worker.RoundInput;
import org.sparkharness.executors.worker.WorkerResult;

/** The round plane's messages survive the wire: large arrays sent raw, the rest through the app's Kryo. */
class RoundWireTest {
    private static final SerializerInstance SER = new KryoSerializer(
            SparkSetup.conf("wire-test", "local[1]", Map.of())).newInstance();

    @Test
    void parametersAndGradientsTravelRawWithTheirRecords() {
        float[] params = {1.5f, -2f, 3.25f, 0f, 7f};
        RoundWire.Command train = RoundWire.decodeCommand(RoundWire.encode(new RoundWire.Command(RoundWire.TRAIN, 4, 9,
                RoundInput.of(9, Nd4j.createFromArray(params))), SER), SER);
        assertEquals(RoundWire.TRAIN, train.type());
        assertEquals(4, train.seq());
        RoundInput in = (RoundInput) train.payload();
        assertEquals(9, in.round());
        assertArrayEquals(params, in.params().toFloatVector(), 0f);

        WorkerResult r = new WorkerResult(9, 2, Nd4j.createFromArray(0.5f, -0.25f), 32, 12.5, 1000, 5, "exec-3");
        ByteBuffer reuse = ByteBuffer.allocate(1 << 16);
        ByteBuffer wire = RoundWire.encode(new RoundWire.WorkerMessage(RoundWire.TRAINED, 2, 1, 4, 9, r), SER, reuse);
        assertSame(reuse, wire, "a large enough buffer is reused");
        RoundWire.WorkerMessage m = RoundWire.decodeWorker(wire, SER);
        WorkerResult back = (WorkerResult) m.payload();
        assertArrayEquals(new float[] {0.5f, -0.25f}, back.gradientSum().toFloatVector(), 0f);
        assertEquals(32, back.count());
        assertEquals(r.gradientNormSq(), back.gradientNormSq(), 0);
        assertEquals("exec-3", back.executorId());
        assertEquals(1, m.attempt());
    }

    @Test
    void textSmallRecordsAndEmptyPayloadsToo() {
        RoundWire.WorkerMessage failed = RoundWire.decodeWorker(RoundWire.encode(new RoundWire.WorkerMessage(
                RoundWire.FAILED, 0, 0, 1, 2, "java.lang.IllegalStateException: boom"), SER), SER);
        assertEquals("java.lang.IllegalStateException: boom", failed.payload());
        RoundWire.WorkerMessage eval = RoundWire.decodeWorker(RoundWire.encode(new RoundWire.WorkerMessage(
                RoundWire.EVALUATED, 1, 0, 1, 2, new EvalResult(3, 10, 4.0)), SER), SER);
        assertEquals(new EvalResult(3, 10, 4.0), eval.payload());
        assertNull(RoundWire.decodeCommand(RoundWire.encode(new RoundWire.Command(RoundWire.STOP, 5, -1, null), SER), SER)
                .payload());
        float[] p = {1, 2, 3};
        RoundWire.Command evalCommand = RoundWire.decodeCommand(RoundWire.encode(new RoundWire.Command(RoundWire.EVAL, 6,
                0, Nd4j.createFromArray(p)), SER), SER);
        assertArrayEquals(p, ((org.nd4j.linalg.api.ndarray.INDArray) evalCommand.payload()).toFloatVector(), 0f);
    }
}

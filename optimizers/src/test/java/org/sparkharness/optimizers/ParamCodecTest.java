package org.sparkharness.optimizers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.StreamCorruptedException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

class ParamCodecTest {

    static byte[] encode(ParamTable t) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            ParamCodec.write(t, out);
        }
        return bytes.toByteArray();
    }

    static ParamTable decode(byte[] bytes) throws IOException {
        return ParamCodec.read(new DataInputStream(new ByteArrayInputStream(bytes)));
    }

    @Test
    void roundTripKeepsNamesOrderShapesDtypesAndBits() throws IOException {
        ParamTable t = ParamTable.builder()
                .put("1_W", ParamTableTest.layered().get("10_W"))            // 'f'-ordered source
                .put("0_b", Nd4j.create(new float[] {Float.NaN, -0.0f, Float.MIN_VALUE}, new long[] {3}, 'c'))
                .put("d", Nd4j.create(new double[] {Math.PI, -1e-300}, new long[] {1, 2}, 'c'))
                .put("empty", Nd4j.create(DataType.FLOAT, 0))
                .put("big", Nd4j.rand(DataType.FLOAT, 3, 7000))              // crosses the chunk size
                .build();
        ParamTable back = decode(encode(t));
        assertEquals(t, back);
        assertEquals(t.names(), back.names());
    }

    @Test
    void readConsumesExactlyOneTable() throws IOException {
        ParamTable a = ParamTableTest.layered();
        ParamTable b = a.map(x -> x.mul(2));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            ParamCodec.write(a, out);
            ParamCodec.write(b, out);
            out.writeInt(42);
        }
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes.toByteArray()));
        assertEquals(a, ParamCodec.read(in));
        assertEquals(b, ParamCodec.read(in));
        assertEquals(42, in.readInt());
    }

    @Test
    void rejectsWrongMagicAndFutureVersion() throws IOException {
        byte[] good = encode(ParamTableTest.layered());
        byte[] badMagic = good.clone();
        badMagic[0] = 'X';
        StreamCorruptedException e = assertThrows(StreamCorruptedException.class, () -> decode(badMagic));
        assertTrue(e.getMessage().contains("not a ParamCodec stream"), e.getMessage());

        byte[] future = good.clone();
        future[7] = 9;
        e = assertThrows(StreamCorruptedException.class, () -> decode(future));
        assertTrue(e.getMessage().contains("version 9"), e.getMessage());

        assertThrows(java.io.EOFException.class, () -> decode(Arrays.copyOf(good, good.length - 1)));
    }

    @Test
    void rejectsUnsupportedDtypeNamingTheParameter() {
        Map<String, org.nd4j.linalg.api.ndarray.INDArray> m = new LinkedHashMap<>();
        m.put("steps", Nd4j.zeros(DataType.INT, 2));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> encode(ParamTable.of(m)));
        assertTrue(e.getMessage().contains("'steps'") && e.getMessage().contains("INT"), e.getMessage());
    }

    @Test
    void stateCodecRejectsAParamTableStream() throws IOException {
        byte[] table = encode(ParamTableTest.layered());
        StreamCorruptedException e = assertThrows(StreamCorruptedException.class,
                () -> StateCodec.read(new DataInputStream(new ByteArrayInputStream(table))));
        assertTrue(e.getMessage().startsWith("not a StateCodec stream"), e.getMessage());
    }
}

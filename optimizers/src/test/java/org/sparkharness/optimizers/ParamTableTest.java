package org.sparkharness.optimizers;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class ParamTableTest {

    /** A DL4J-style table whose names would sort differently from layer order. */
    static ParamTable layered() {
        return ParamTable.builder()
                .put("1_W", Nd4j.create(new float[] {1, 2, 3, 4, 5, 6}, new long[] {2, 3}, 'c'))
                .put("0_b", Nd4j.create(new float[] {7, 8}, new long[] {2}, 'c'))
                .put("10_W", Nd4j.create(new float[] {9, 10, 11, 12}, new long[] {2, 2}, 'f'))
                .build();
    }

    @Test
    void keepsInsertionOrderNotSortedOrder() {
        ParamTable t = layered();
        assertEquals(List.of("1_W", "0_b", "10_W"), t.names());
        assertEquals(List.of("1_W", "0_b", "10_W"), List.copyOf(t.shapes().keySet()));
        assertEquals(List.of("1_W", "0_b", "10_W"), t.map(INDArray::dup).names());

        Map<String, INDArray> m = new LinkedHashMap<>();
        m.put("z", Nd4j.zeros(DataType.FLOAT, 1));
        m.put("a", Nd4j.zeros(DataType.FLOAT, 1));
        assertEquals(List.of("z", "a"), ParamTable.of(m).names());
    }

    @Test
    void ofCopiesTheMapButNotTheArrays() {
        INDArray a = Nd4j.ones(DataType.FLOAT, 2);
        Map<String, INDArray> m = new LinkedHashMap<>(Map.of("a", a));
        ParamTable t = ParamTable.of(m);
        m.put("b", a);
        assertEquals(1, t.size());
        assertSame(a, t.get("a"));
        assertThrows(UnsupportedOperationException.class, () -> t.names().add("c"));
    }

    @Test
    void countsAndShapes() {
        ParamTable t = layered();
        assertEquals(3, t.size());
        assertEquals(12, t.numParams());
        assertArrayEquals(new long[] {2, 3}, t.shapes().get("1_W"));
        assertTrue(t.contains("0_b"));
        assertFalse(t.contains("0_W"));
        assertEquals(650.0, t.squaredNorm(), 0.0, "1² + 2² + ... + 12²");
    }

    @Test
    void unknownNameListsKnownNames() {
        UnknownParameterException e = assertThrows(UnknownParameterException.class, () -> layered().get("0_W"));
        assertEquals("0_W", e.name());
        assertEquals(List.of("1_W", "0_b", "10_W"), e.knownNames());
        assertTrue(e.getMessage().contains("'0_W'") && e.getMessage().contains("[1_W, 0_b, 10_W]"), e.getMessage());
    }

    @Test
    void builderRejectsDuplicatesAndNulls() {
        ParamTable.Builder b = ParamTable.builder().put("W", Nd4j.zeros(DataType.FLOAT, 1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> b.put("W", Nd4j.zeros(DataType.FLOAT, 1)));
        assertTrue(e.getMessage().contains("'W'"), e.getMessage());
        assertThrows(NullPointerException.class, () -> b.put("x", null));
    }

    @Test
    void flattenIsCOrderInTableOrderAndUnflattenRoundTrips() {
        ParamTable t = layered();
        INDArray flat = t.flatten();
        assertEquals(1, flat.rank());
        assertEquals(DataType.FLOAT, flat.dataType());
        // 10_W was created in 'f' order from {9,10,11,12}: C order reads 9, 11, 10, 12
        assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 11, 10, 12}, flat.toFloatVector());

        ParamTable back = t.unflatten(flat);
        assertEquals(t, back);
        assertNotSame(flat, back.get("0_b"));
        flat.assign(0);
        assertEquals(t, back, "unflatten must copy, not view, the flat buffer");
    }

    @Test
    void flattenConvertsToTheFirstDtypeAndUnflattenRestoresEach() {
        ParamTable t = ParamTable.builder()
                .put("d", Nd4j.create(new double[] {0.5, 1.5}, new long[] {2}, 'c'))
                .put("f", Nd4j.create(new float[] {2.5f}, new long[] {1}, 'c'))
                .build();
        INDArray flat = t.flatten();
        assertEquals(DataType.DOUBLE, flat.dataType());
        assertArrayEquals(new double[] {0.5, 1.5, 2.5}, flat.toDoubleVector());
        ParamTable back = t.unflatten(flat);
        assertEquals(DataType.FLOAT, back.get("f").dataType());
        assertEquals(t, back);
    }

    @Test
    void unflattenChecksLength() {
        ShapeMismatchException e = assertThrows(ShapeMismatchException.class,
                () -> layered().unflatten(Nd4j.zeros(DataType.FLOAT, 11)));
        assertTrue(e.getMessage().contains("[12]") && e.getMessage().contains("[11]"), e.getMessage());
    }

    @Test
    void zipWithCombinesByName() {
        ParamTable t = layered();
        ParamTable sum = t.zipWith(t.dup(), INDArray::add);
        assertArrayEquals(new float[] {14, 16}, sum.get("0_b").toFloatVector());
    }

    @Test
    void zipWithShapeMismatchNamesParamAndShapes() {
        ParamTable a = ParamTable.builder().put("W", Nd4j.zeros(DataType.FLOAT, 3, 4)).build();
        ParamTable b = ParamTable.builder().put("W", Nd4j.zeros(DataType.FLOAT, 4, 3)).build();
        ShapeMismatchException e = assertThrows(ShapeMismatchException.class, () -> a.zipWith(b, INDArray::add));
        assertEquals("W", e.param());
        assertArrayEquals(new long[] {3, 4}, e.expected());
        assertArrayEquals(new long[] {4, 3}, e.actual());
        assertEquals("zipWith: parameter 'W' has shape [4, 3], expected [3, 4]", e.getMessage());
    }

    @Test
    void zipWithReportsMissingAndExtraNames() {
        ParamTable a = ParamTable.builder().put("W", Nd4j.zeros(DataType.FLOAT, 2)).build();
        ParamTable ab = ParamTable.builder().put("W", Nd4j.zeros(DataType.FLOAT, 2))
                .put("b", Nd4j.zeros(DataType.FLOAT, 1)).build();
        ShapeMismatchException missing = assertThrows(ShapeMismatchException.class, () -> ab.zipWith(a, INDArray::add));
        assertEquals("b", missing.param());
        assertTrue(missing.getMessage().contains("missing"), missing.getMessage());
        ShapeMismatchException extra = assertThrows(ShapeMismatchException.class, () -> a.zipWith(ab, INDArray::add));
        assertEquals("b", extra.param());
        assertTrue(extra.getMessage().contains("not expected"), extra.getMessage());
    }

    @Test
    void zerosLikeAndDupAreFresh() {
        ParamTable t = layered();
        ParamTable z = t.zerosLike();
        assertEquals(t.shapes().keySet(), z.shapes().keySet());
        assertEquals(0.0, z.squaredNorm());
        ParamTable d = t.dup();
        assertEquals(t, d);
        assertNotSame(t.get("1_W"), d.get("1_W"));
    }

    @Test
    void firstNonFiniteNamesTheFirstBadTensor() {
        ParamTable t = layered();
        assertEquals(Optional.empty(), t.firstNonFinite());
        ParamTable bad = t.mapNamed((n, a) -> n.equals("1_W") ? a : a.mul(Float.POSITIVE_INFINITY));
        assertEquals(Optional.of("0_b"), bad.firstNonFinite());
        ParamTable nan = ParamTable.builder().put("x", Nd4j.create(new float[] {1, Float.NaN}, new long[] {2}, 'c'))
                .build();
        assertEquals(Optional.of("x"), nan.firstNonFinite());
        // sum overflows to +Inf although every element is finite
        ParamTable big = ParamTable.builder().put("x", Nd4j.valueArrayOf(new long[] {4}, 3e38f)).build();
        assertEquals(Optional.empty(), big.firstNonFinite());
    }

    @Test
    void javaSerializationRoundTrips() throws Exception {
        ParamTable t = layered();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(t);
            out.writeObject("after");
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            ParamTable back = (ParamTable) in.readObject();
            assertEquals(t, back);
            assertEquals(t.names(), back.names());
            assertEquals("after", in.readObject());
        }
    }

    @Test
    void equalityIsExactAndApproximateEqualityIsRelative() {
        ParamTable t = layered();
        ParamTable nudged = t.map(a -> a.mul(1 + 1e-6));
        assertNotEquals(t, nudged);
        assertTrue(t.equalsApprox(nudged, 1e-5));
        assertFalse(t.equalsApprox(nudged, 1e-8));
    }
}

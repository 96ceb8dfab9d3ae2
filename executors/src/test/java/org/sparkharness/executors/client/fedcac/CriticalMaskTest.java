package org.sparkharness.executors.client.fedcac;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.BitSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;
import org.sparkharness.optimizers.ParamTable;

class CriticalMaskTest {

    /** A mask from strings such as "1100" per tensor (character k = element k). */
    static CriticalMask mask(String... perTensor) {
        LinkedHashMap<String, BitSet> bits = new LinkedHashMap<>();
        Map<String, Integer> sizes = new LinkedHashMap<>();
        for (int t = 0; t < perTensor.length; t++) {
            BitSet b = new BitSet();
            for (int k = 0; k < perTensor[t].length(); k++) {
                if (perTensor[t].charAt(k) == '1') {
                    b.set(k);
                }
            }
            bits.put("t" + t, b);
            sizes.put("t" + t, perTensor[t].length());
        }
        return CriticalMask.of(bits, sizes);
    }

    @Test
    void countsAndOneBitPerParameter() {
        CriticalMask m = mask("101", "000011");
        assertEquals(List.of("t0", "t1"), m.names());
        assertEquals(4, m.criticalCount());
        assertEquals(2, m.criticalCount("t0"));
        assertEquals(9, m.totalCount());
        assertEquals(2, m.bytes()); // ceil(9 / 8)
        assertEquals(1, mask("10000000").bytes());
        assertEquals(6, m.size("t1"));
        assertTrue(m.isCritical("t1", 5));
        assertFalse(m.isCritical("t1", 0));
    }

    @Test
    void isImmutable() {
        LinkedHashMap<String, BitSet> bits = new LinkedHashMap<>();
        BitSet b = new BitSet();
        b.set(1);
        bits.put("w", b);
        CriticalMask m = CriticalMask.of(bits, Map.of("w", 4));
        b.set(2);
        m.bits("w").set(3);
        assertEquals(1, m.criticalCount());
    }

    @Test
    void rejectsBitsOutsideTheTensorAndMissingSizes() {
        LinkedHashMap<String, BitSet> bits = new LinkedHashMap<>();
        BitSet b = new BitSet();
        b.set(4);
        bits.put("w", b);
        assertThrows(IllegalArgumentException.class, () -> CriticalMask.of(bits, Map.of("w", 4)));
        assertThrows(IllegalArgumentException.class, () -> CriticalMask.of(bits, Map.of("v", 8)));
        assertThrows(IllegalArgumentException.class, () -> CriticalMask.of(bits, Map.of("w", 8, "v", 2)));
        assertThrows(IllegalArgumentException.class, () -> mask("11").bits("nope"));
    }

    @Test
    void allAndNoneFollowTheTable() {
        ParamTable t = ParamTable.builder().put("W", Nd4j.zeros(DataType.FLOAT, 3, 4))
                .put("b", Nd4j.zeros(DataType.FLOAT, 4)).build();
        assertEquals(16, CriticalMask.all(t).criticalCount());
        assertEquals(16, CriticalMask.all(t).totalCount());
        assertEquals(0, CriticalMask.none(t).criticalCount());
        assertEquals(List.of("W", "b"), CriticalMask.none(t).names());
        assertEquals(12, CriticalMask.none(t).size("W"));
    }

    @Test
    void equalityAndSerialization() throws Exception {
        CriticalMask m = mask("1011", "01");
        assertEquals(m, mask("1011", "01"));
        assertNotEquals(m, mask("1011", "10"));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(m);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            CriticalMask back = (CriticalMask) in.readObject();
            assertEquals(m, back);
            assertEquals(m.names(), back.names());
        }
    }
}

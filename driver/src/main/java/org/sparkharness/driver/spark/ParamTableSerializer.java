package org.sparkharness.driver.spark;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.sparkharness.optimizers.ParamTable;

/**
 * Kryo serialiser for {@link ParamTable}: names in order, each tensor through {@link NdArraySerializer}. Kryo's
 * default field serialiser would skip the table's Java-serialization form and rebuild it empty.
 */
public final class ParamTableSerializer extends Serializer<ParamTable> {
    private final NdArraySerializer arrays = new NdArraySerializer();

    public ParamTableSerializer() {
        setImmutable(true);
    }

    @Override
    public void write(Kryo kryo, Output out, ParamTable table) {
        out.writeInt(table.size(), true);
        for (String name : table.names()) {
            out.writeString(name);
            arrays.write(kryo, out, table.get(name));
        }
    }

    @Override
    public ParamTable read(Kryo kryo, Input in, Class<ParamTable> type) {
        int n = in.readInt(true);
        ParamTable.Builder b = ParamTable.builder();
        for (int i = 0; i < n; i++) {
            String name = in.readString();
            INDArray a = arrays.read(kryo, in, INDArray.class);
            b.put(name, a);
        }
        return b.build();
    }
}

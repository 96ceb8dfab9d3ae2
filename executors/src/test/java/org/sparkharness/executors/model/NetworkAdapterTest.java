package org.sparkharness.executors.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.sparkharness.optimizers.ParamTable;

class NetworkAdapterTest {
    private final NetworkAdapter adapter = new NetworkAdapter(new MlpSpec(List.of(8), null).network(InputShape.fashionMnist(), 3));

    @Test
    void tableNamesAndShapesFollowDl4jLayerOrder() {
        ParamTable p = adapter.params();
        assertEquals(List.of("0_W", "0_b", "1_W", "1_b"), p.names());
        assertEquals(List.of(784L, 8L), List.of(p.get("0_W").shape()[0], p.get("0_W").shape()[1]));
    }

    @Test
    void flattenIsDl4jsOwnFlatLayout() {
        assertEquals(adapter.network().params().reshape(adapter.numParams()), adapter.flatten(adapter.params()));
    }

    @Test
    void tableOfTheFlatVectorGivesBackTheSameTable() {
        ParamTable p = adapter.params();
        assertEquals(p, adapter.table(adapter.flatten(p)));
    }

    @Test
    void setParamsWritesEveryTensorIntoTheNetwork() {
        ParamTable doubled = adapter.params().map(a -> a.mul(2));
        NetworkAdapter other = new NetworkAdapter(new MlpSpec(List.of(8), null).network(InputShape.fashionMnist(), 99));
        other.setParams(doubled);
        assertEquals(doubled, other.params());
        INDArray flat = other.flatParams();
        assertEquals(adapter.flatten(doubled), flat.reshape(flat.length()));
    }

    @Test
    void toTableColumnsPermutesEachRowAsTableDoes() {
        // LeNet has both kinds of block: convolution weights in 'c' order (bias first), dense weights in 'f' order.
        NetworkAdapter lenet = new NetworkAdapter(new LeNetSpec(2, 3, 5).network(InputShape.fashionMnist(), 4));
        INDArray m = org.nd4j.linalg.factory.Nd4j.rand(org.nd4j.linalg.api.buffer.DataType.FLOAT, 3, lenet.numParams());
        ParamTable like = lenet.params();
        INDArray got = lenet.toTableColumns(m, like);
        for (int r = 0; r < 3; r++) {
            assertEquals(lenet.table(m.getRow(r).dup()).flatten(), got.getRow(r), "row " + r);
        }
    }
}

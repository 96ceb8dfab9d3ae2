package org.sparkharness.executors.fedpara;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.sparkharness.optimizers.ParamTable;

/**
 * §5.4: pFedPara uploads exactly half of the factor parameters (W1's), keeps W2's factors local; biases and
 * kept-dense weights are global, so they count as transmitted in full.
 */
class PersonalisedSplitTest {

    @Test
    void halfOfTheFactorsTravelOnMnist2nn() {
        FedPara fed = FedPara.plan(FedParaRanksTest.mnist2nn(), 0.5, FedPara.Init.VARIANCE_MATCHED, false);
        FedPara personal = FedPara.plan(FedParaRanksTest.mnist2nn(), 0.5, FedPara.Init.VARIANCE_MATCHED, true);
        assertEquals(fed.ranks(), personal.ranks(), "same ranks, only the split differs");
        assertEquals(fed.trainableParams(), personal.trainableParams());
        long biases = 200 + 200 + 10;
        assertEquals(120_576, fed.factorParams());
        assertEquals(fed.factorParams() / 2 + biases, personal.transmittedParams());
        assertEquals(2 * (personal.transmittedParams() - biases), fed.factorParams());
        assertEquals(Set.of(), fed.localNames());
        assertEquals(Set.of("0_W.x2", "0_W.y2", "1_W.x2", "1_W.y2", "2_W.x2", "2_W.y2"), personal.localNames());
    }

    @Test
    void localNamesAreExactlyTheSecondTermsIncludingConvCores() {
        FedPara p = FedPara.plan(PullBackGradientTest.shapes(), 0.5, FedPara.Init.FAN_OUT, true);
        ParamTable w = p.init(TestTables.random(PullBackGradientTest.shapes(), 1, DataType.FLOAT, 1), 2);
        List<String> local = new ArrayList<>();
        long localCount = 0;
        for (String n : w.names()) {
            if (n.endsWith(".x2") || n.endsWith(".y2") || n.endsWith(".t2")) {
                local.add(n);
                localCount += w.get(n).length();
            }
        }
        assertEquals(List.of("0_W.x2", "0_W.y2", "0_W.t2", "1_W.x2", "1_W.y2"), List.copyOf(p.localNames()));
        assertEquals(local, List.copyOf(p.localNames()));
        assertEquals(w.numParams(), p.trainableParams());
        assertEquals(w.numParams() - localCount, p.transmittedParams());
        assertEquals(p.factorParams(), 2 * localCount);
        assertTrue(p.report().startsWith("pFedPara"), p.report());
    }
}

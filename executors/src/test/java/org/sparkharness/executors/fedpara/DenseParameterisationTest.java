package org.sparkharness.executors.fedpara;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.sparkharness.optimizers.ParamTable;

class DenseParameterisationTest {

    @Test
    void composeAndPullBackAreTheIdentityAndInitCopies() {
        Parameterisation id = Parameterisation.dense();
        ParamTable w = TestTables.random(PullBackGradientTest.shapes(), 1, DataType.FLOAT, 1);
        ParamTable g = TestTables.random(PullBackGradientTest.shapes(), 2, DataType.FLOAT, 1);
        ParamTable init = id.init(w, 3);
        assertEquals(w, init);
        for (String n : w.names()) {
            assertNotSame(w.get(n), init.get(n), n + " is copied");
        }
        assertEquals(w, id.compose(w));
        assertEquals(g, id.pullBack(w, g));
        assertEquals(Set.of(), id.localNames());
    }

    @Test
    void bothParameterisationsSurviveJavaSerialization() throws Exception {
        assertSame(Parameterisation.dense(), roundTrip(Parameterisation.dense()));
        FedPara p = FedPara.plan(PullBackGradientTest.shapes(), 0.5, FedPara.Init.FAN_IN, true);
        FedPara q = (FedPara) roundTrip(p);
        assertEquals(p.toString(), q.toString());
        assertEquals(p.localNames(), q.localNames());
        ParamTable w = TestTables.random(p.init(TestTables.random(PullBackGradientTest.shapes(), 1, DataType.DOUBLE,
                1), 2).shapes(), 3, DataType.DOUBLE, 1);
        assertEquals(p.compose(w), q.compose(w));
    }

    private static Object roundTrip(Object o) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(o);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            return in.readObject();
        }
    }
}

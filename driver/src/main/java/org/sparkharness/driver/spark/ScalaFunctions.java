package org.sparkharness.driver.spark;

import java.io.Serializable;
import java.util.Iterator;
import java.util.List;
import java.util.function.BiConsumer;
import scala.collection.JavaConverters;
import scala.collection.Seq;
import scala.runtime.AbstractFunction0;
import scala.runtime.AbstractFunction1;
import scala.runtime.AbstractFunction2;
import scala.runtime.BoxedUnit;

/** Adapters from Java lambdas to the Scala function types {@code SparkContext.submitJob} takes. Scala 2.12 only. */
final class ScalaFunctions {
    private ScalaFunctions() {}

    /** A serialisable per-partition function. */
    interface PartitionFunction<T, U> extends Serializable {
        U apply(Iterator<T> partition);
    }

    static <T, U> AbstractFunction1<scala.collection.Iterator<T>, U> partition(PartitionFunction<T, U> f) {
        return new PartitionFn<>(f);
    }

    static <U> AbstractFunction2<Object, U, BoxedUnit> handler(BiConsumer<Integer, U> f) {
        return new AbstractFunction2<>() {
            @Override
            public BoxedUnit apply(Object index, U result) {
                f.accept((Integer) index, result);
                return BoxedUnit.UNIT;
            }
        };
    }

    static AbstractFunction0<BoxedUnit> unit() {
        return new AbstractFunction0<>() {
            @Override
            public BoxedUnit apply() { return BoxedUnit.UNIT; }
        };
    }

    @SuppressWarnings("unchecked")
    static Seq<Object> ints(List<Integer> values) {
        return JavaConverters.asScalaBuffer((List<Object>) (List<?>) values).toSeq();
    }

    private static final class PartitionFn<T, U> extends AbstractFunction1<scala.collection.Iterator<T>, U>
            implements Serializable {
        private final PartitionFunction<T, U> f;

        PartitionFn(PartitionFunction<T, U> f) { this.f = f; }

        @Override
        public U apply(scala.collection.Iterator<T> it) { return f.apply(JavaConverters.asJavaIterator(it)); }
    }
}

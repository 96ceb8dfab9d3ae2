package org.sparkharness.data.text.dedup;

import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.graphx.Edge;
import org.apache.spark.graphx.Graph;
import org.apache.spark.graphx.lib.ConnectedComponents;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import org.sparkharness.data.text.TextSchema;
import scala.reflect.ClassTag;
import scala.reflect.ClassTag$;

/**
 * Connected components of the verified near-duplicate graph with GraphX's {@link ConnectedComponents} (Pregel
 * min-label propagation, run on the executors): every document that has an edge is labelled with the smallest id
 * of its component, which is the one near dedup keeps. Documents without an edge get no row.
 */
final class ComponentLabels {
    static final StructType SCHEMA = new StructType()
            .add(TextSchema.ID, DataTypes.LongType, false)
            .add(DedupFrames.CLUSTER, DataTypes.LongType, false);

    private ComponentLabels() {}

    /** {@code id, cluster} for every endpoint of {@code edges} (columns src, dst). */
    static Dataset<Row> of(SparkSession spark, Dataset<Row> edges) {
        ClassTag<Object> any = ClassTag$.MODULE$.apply(Object.class);
        JavaRDD<Edge<Object>> edgeRdd = edges.select(BandCandidates.SRC, BandCandidates.DST).javaRDD()
                .map(r -> new Edge<Object>(r.getLong(0), r.getLong(1), Boolean.TRUE));
        Graph<Object, Object> graph = Graph.fromEdges(edgeRdd.rdd(), (Object) Boolean.TRUE,
                StorageLevel.MEMORY_AND_DISK(), StorageLevel.MEMORY_AND_DISK(), any, any);
        Graph<Object, Object> components = ConnectedComponents.run(graph, any, any);
        JavaRDD<Row> labels = components.vertices().toJavaRDD()
                .map(t -> RowFactory.create((Long) t._1(), (Long) t._2()));
        Dataset<Row> out = spark.createDataFrame(labels, SCHEMA).persist(StorageLevel.MEMORY_AND_DISK());
        out.count(); // materialise before the graphs' caches are dropped
        components.unpersist(false);
        graph.unpersist(false);
        return out;
    }
}

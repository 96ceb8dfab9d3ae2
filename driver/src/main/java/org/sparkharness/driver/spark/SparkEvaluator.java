package org.sparkharness.driver.spark;

import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.sparkharness.executors.worker.EvalResult;
import org.sparkharness.executors.worker.EvalTask;
import org.sparkharness.executors.worker.SharedParams;
import org.sparkharness.executors.worker.WorkerShard;

/** Test-set accuracy and loss as one Spark job over the cached test shards. */
public final class SparkEvaluator {
    private final JavaSparkContext jsc;
    private final JavaRDD<WorkerShard> testShards;
    private final EvalTask task;

    public SparkEvaluator(JavaSparkContext jsc, JavaRDD<WorkerShard> testShards, EvalTask task) {
        this.jsc = jsc;
        this.testShards = testShards;
        this.task = task;
    }

    public EvalResult evaluate(INDArray flatParams) {
        Broadcast<SharedParams> params = jsc.broadcast(new SharedParams(-1, flatParams));
        try {
            EvalTask t = task;
            jsc.sc().setLocalProperty("spark.job.description", "evaluation");
            return testShards.map(shard -> t.run(shard, params.value().flat())).fold(EvalResult.EMPTY, EvalResult::merge);
        } finally {
            params.destroy(false);
        }
    }
}

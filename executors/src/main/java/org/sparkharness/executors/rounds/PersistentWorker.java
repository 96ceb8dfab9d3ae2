package org.sparkharness.executors.rounds;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.spark.SparkEnv;
import org.apache.spark.TaskContext;
import org.apache.spark.network.TransportContext;
import org.apache.spark.network.client.RpcResponseCallback;
import org.apache.spark.network.client.TransportClient;
import org.apache.spark.network.client.TransportClientFactory;
import org.apache.spark.network.server.OneForOneStreamManager;
import org.apache.spark.network.server.RpcHandler;
import org.apache.spark.network.server.StreamManager;
import org.apache.spark.network.util.TransportConf;
import org.apache.spark.serializer.SerializerInstance;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sparkharness.executors.model.NativeMemory;
import org.sparkharness.executors.worker.EvalResult;
import org.sparkharness.executors.worker.EvalTask;
import org.sparkharness.executors.worker.GradientTask;
import org.sparkharness.executors.worker.RoundInput;
import org.sparkharness.executors.worker.TaskCancelledException;
import org.sparkharness.executors.worker.TaskControl;
import org.sparkharness.executors.worker.WorkerResult;
import org.sparkharness.executors.worker.WorkerShard;

/**
 * One long-lived worker task of the persistent engine: connects to the driver's endpoint, then loops — receive a
 * command, carry it out on its shards, answer with the result, which also asks for the next command — until told to
 * stop. A computation that throws is reported (the round goes on without it) rather than failing the task; a round
 * the driver closes early is abandoned at the worker's next minibatch boundary or straggler-delay slice.
 *
 * @param host       the driver endpoint's host
 * @param port       its port
 * @param task       what a round computes
 * @param eval       what an evaluation computes
 * @param quietSecs  longest wait for a command before the driver is taken for gone
 * @param maxFailures rounds in a row whose computation may throw before the task gives up, so that Spark runs it
 *                    again (on another executor, with its shard rebuilt if need be)
 */
public record PersistentWorker(String host, int port, GradientTask task, EvalTask eval, long quietSecs,
                               int maxFailures) implements java.io.Serializable {
    private static final Logger LOG = LoggerFactory.getLogger(PersistentWorker.class);

    /** Serves rounds on {@code train} (and evaluations on {@code test}) until the driver says stop; returns the rounds served. */
    public long serve(WorkerShard train, WorkerShard test) throws IOException, InterruptedException {
        SparkEnv env = SparkEnv.get();
        TransportConf conf = RoundTransport.conf(env.conf(), 1, quietSecs);
        CancelNotices cancels = new CancelNotices();
        TaskContext ctx = TaskContext.get();
        int attempt = ctx == null ? 0 : ctx.attemptNumber();
        try (TransportContext context = new TransportContext(conf, cancels, false);
             TransportClientFactory factory = context.createClientFactory(
                     RoundTransport.clientBootstraps(conf, env.conf(), env.securityManager()))) {
            TransportClient client = factory.createUnmanagedClient(host, port);
            try {
                return loop(client, env, train, test, attempt, cancels, ctx);
            } finally {
                client.close();
            }
        }
    }

    private long loop(TransportClient client, SparkEnv env, WorkerShard train, WorkerShard test, int attempt,
                      CancelNotices cancels, TaskContext ctx) throws IOException, InterruptedException {
        int w = train.index();
        TaskControl spark = TaskControl.spark();
        // The task's attempt id lets the driver kill this attempt if it hangs (Spark then starts another).
        long taskId = ctx == null ? -1 : ctx.taskAttemptId();
        RoundWire.WorkerMessage message = new RoundWire.WorkerMessage(RoundWire.HELLO, w, attempt, -1, taskId, null);
        long served = 0;
        int failuresInARow = 0;
        ByteBuffer[] outgoing = new ByteBuffer[1];
        while (true) {
            RoundWire.Command c = request(client, message, env.serializer().newInstance(), ctx, outgoing);
            switch (c.type()) {
                case RoundWire.STOP -> {
                    return served;
                }
                case RoundWire.TRAIN -> {
                    RoundInput in = (RoundInput) c.payload();
                    long v = c.version();
                    TaskControl control = () -> spark.cancelled() || cancels.closed(v);
                    Object payload;
                    byte type;
                    try {
                        payload = task.run(v, train, in, control);
                        type = RoundWire.TRAINED;
                        served++;
                        failuresInARow = 0;
                    } catch (TaskCancelledException e) {
                        if (spark.cancelled()) throw e;
                        payload = null;
                        type = RoundWire.CANCELLED;
                    } catch (RuntimeException | Error e) {
                        LOG.warn("worker {} failed in round {}", w, v, e);
                        if (++failuresInARow >= maxFailures) {
                            throw new IllegalStateException("worker " + w + " failed " + failuresInARow
                                    + " rounds in a row (ps.maxWorkerFailures); ending its task so Spark retries it", e);
                        }
                        payload = e.getClass().getName() + ": " + e.getMessage();
                        type = RoundWire.FAILED;
                    } finally {
                        release(in);
                    }
                    message = new RoundWire.WorkerMessage(type, w, attempt, c.seq(), v, payload);
                }
                case RoundWire.EVAL -> {
                    INDArray params = (INDArray) c.payload();
                    Object r;
                    byte type = RoundWire.EVALUATED;
                    try {
                        r = test == null ? EvalResult.EMPTY : eval.run(test, params);
                    } catch (RuntimeException | Error e) {
                        LOG.warn("worker {} failed to evaluate", w, e);
                        r = e.getClass().getName() + ": " + e.getMessage();
                        type = RoundWire.EVAL_FAILED;
                    } finally {
                        ArrayPool.SHARED.give(params);
                    }
                    message = new RoundWire.WorkerMessage(type, w, attempt, c.seq(), c.version(), r);
                }
                default -> throw new IOException("unknown command type " + c.type());
            }
        }
    }

    /** Sends {@code m} and waits for the next command, giving up if the task is killed or the driver stays silent. */
    private RoundWire.Command request(TransportClient client, RoundWire.WorkerMessage m, SerializerInstance ser,
                                      TaskContext ctx, ByteBuffer[] reuse) throws IOException, InterruptedException {
        // The previous message is fully sent once its answer is in, so its buffer can take this one.
        ByteBuffer out = RoundWire.encode(m, ser, reuse[0]);
        reuse[0] = out;
        if (m.payload() instanceof WorkerResult r) {
            // Off-heap arrays, serialised now: free them rather than whenever the GC gets to their handles.
            NativeMemory.release(r.gradientSum());
            NativeMemory.release(r.logits());
        }
        CompletableFuture<RoundWire.Command> reply = new CompletableFuture<>();
        client.sendRpc(out, new RpcResponseCallback() {
            @Override
            public void onSuccess(ByteBuffer response) {
                // The buffer is only valid during this call: decode it here rather than copy it.
                try {
                    reply.complete(RoundWire.decodeCommand(response, ser));
                } catch (RuntimeException e) {
                    reply.completeExceptionally(e);
                }
            }

            @Override
            public void onFailure(Throwable e) {
                reply.completeExceptionally(e);
            }
        });
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(quietSecs);
        while (true) {
            if (ctx != null && ctx.isInterrupted()) throw new TaskCancelledException("waiting for the driver");
            try {
                return reply.get(200, TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                if (System.nanoTime() > deadline) {
                    throw new IOException("no command from the driver " + host + ":" + port + " in " + quietSecs + " s");
                }
            } catch (ExecutionException e) {
                throw new IOException("lost the driver endpoint " + host + ":" + port + ": " + e.getCause(), e.getCause());
            }
        }
    }

    private static void release(RoundInput in) {
        if (in == null) return;
        ArrayPool.SHARED.give(in.params());
        NativeMemory.release(in.teacher());
        in.pastLogits().values().forEach(p -> {
            NativeMemory.release(p.logits());
            NativeMemory.release(p.mask());
        });
    }

    /** Receives the driver's one-way cancel notices; a round at or below the newest notice is closed. */
    static final class CancelNotices extends RpcHandler {
        private volatile long closedUpTo = -1;
        private final StreamManager streams = new OneForOneStreamManager();

        boolean closed(long version) {
            return version <= closedUpTo;
        }

        @Override
        public void receive(TransportClient client, ByteBuffer message, RpcResponseCallback callback) {
            callback.onFailure(new UnsupportedOperationException("workers answer no requests"));
        }

        @Override
        public void receive(TransportClient client, ByteBuffer message) {
            if (message.get() == RoundWire.CANCEL) {
                long v = message.getLong();
                if (v > closedUpTo) closedUpTo = v;
            }
        }

        @Override
        public StreamManager getStreamManager() {
            return streams;
        }
    }
}

package org.sparkharness.driver.spark;

import java.nio.ByteBuffer;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import org.apache.spark.SecurityManager;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkEnv;
import org.apache.spark.network.TransportContext;
import org.apache.spark.network.client.RpcResponseCallback;
import org.apache.spark.network.client.TransportClient;
import org.apache.spark.network.server.OneForOneStreamManager;
import org.apache.spark.network.server.RpcHandler;
import org.apache.spark.network.server.StreamManager;
import org.apache.spark.network.server.TransportServer;
import org.apache.spark.network.util.TransportConf;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.sparkharness.executors.rounds.RoundTransport;
import org.sparkharness.executors.rounds.RoundWire;
import org.sparkharness.executors.worker.EvalResult;
import org.sparkharness.executors.worker.WorkerResult;

/**
 * The driver's end of the round plane: a server on Spark's network layer (so {@code spark.authenticate} and
 * {@code spark.network.crypto.enabled} apply to it as to Spark's own services) that turns worker messages into
 * {@link Event}s for the round loop and answers each with the next command. The newest command is kept, encoded
 * once; a worker that already has it waits (its request is parked) until the next is published. Netty's threads run
 * the handler, so it never blocks: it enqueues and answers.
 */
public final class RoundEndpoint implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RoundEndpoint.class);

    /** What a worker did, in arrival order. */
    public sealed interface Event permits Joined, Trained, Failed, Cancelled, Evaluated, EvalFailed, Lost {
        int worker();
    }

    /** A worker task (attempt {@code attempt}, Spark task attempt id {@code taskId}) connected from {@code address}. */
    public record Joined(int worker, int attempt, long taskId, String address) implements Event {}

    /** Round {@code version}'s result, {@code nanos} on the driver's clock. */
    public record Trained(int worker, long version, WorkerResult result, long nanos) implements Event {}

    /** Round {@code version}'s computation threw on the worker. */
    public record Failed(int worker, long version, String why) implements Event {}

    /** The worker abandoned round {@code version} after it was closed. */
    public record Cancelled(int worker, long version) implements Event {}

    /** Evaluation {@code version} of the worker's test shard. */
    public record Evaluated(int worker, long version, EvalResult result) implements Event {}

    /** Evaluation {@code version} threw on the worker. */
    public record EvalFailed(int worker, long version, String why) implements Event {}

    /** The worker's connection dropped (its executor died, or its task was killed). */
    public record Lost(int worker, String address) implements Event {}

    private record Parked(long lastSeq, RpcResponseCallback callback) {}

    private final TransportContext context;
    private final TransportServer server;
    private final BlockingQueue<Event> events = new LinkedBlockingQueue<>();
    private final Map<Integer, Parked> parked = new HashMap<>();
    private final Map<Integer, TransportClient> channels = new HashMap<>();
    private long seq = -1;
    private ByteBuffer command;
    /**
     * Two command buffers used in turn: a command may still be on its way to a slow worker when the next is
     * encoded, never two back.
     */
    private final ByteBuffer[] commandBuffers = new ByteBuffer[2];
    private byte commandType;
    private long commandVersion;
    /** The newest round that is closed: its command is not handed to workers that ask for it now. */
    private long closedRound = -1;

    /**
     * Binds on {@code host}:{@code port} (0: any free port).
     *
     * @param quietSeconds how long a connection may stay silent with a request outstanding
     */
    public RoundEndpoint(SparkConf spark, SecurityManager security, String host, int port, int threads,
                         long quietSeconds) {
        TransportConf conf = RoundTransport.conf(spark, threads, quietSeconds);
        this.context = new TransportContext(conf, new Handler(), false);
        this.server = context.createServer(host, port, RoundTransport.serverBootstraps(conf, security));
    }

    /** The endpoint of the running application: its conf and security manager, on the driver's host. */
    public static RoundEndpoint forDriver(SparkConf spark, int port, int workers, long quietSeconds) {
        String host = spark.get("spark.driver.bindAddress", spark.get("spark.driver.host", "localhost"));
        return new RoundEndpoint(spark, SparkEnv.get().securityManager(), host, port,
                Math.max(2, Math.min(8, workers / 4)), quietSeconds);
    }

    public int port() {
        return server.getPort();
    }

    public BlockingQueue<Event> events() {
        return events;
    }

    /** Makes {@code type}/{@code version}/{@code payload} the current command and hands it to every waiting worker. */
    public synchronized void publish(byte type, long version, Object payload) {
        seq++;
        int slot = (int) (seq % 2);
        command = RoundWire.encode(new RoundWire.Command(type, seq, version, payload),
                SparkEnv.get().serializer().newInstance(), commandBuffers[slot]);
        commandBuffers[slot] = command;
        commandType = type;
        commandVersion = version;
        for (var it = parked.entrySet().iterator(); it.hasNext(); ) {
            Parked p = it.next().getValue();
            if (p.lastSeq() < seq) {
                p.callback().onSuccess(command.duplicate());
                it.remove();
            }
        }
    }

    /** Tells {@code workers} that round {@code version} is closed (one-way; a worker that has gone is skipped). */
    public synchronized void cancel(long version, Collection<Integer> workers) {
        for (int w : workers) {
            TransportClient c = channels.get(w);
            if (c != null && c.isActive()) c.send(RoundWire.cancel(version));
        }
    }

    @Override
    public void close() {
        server.close();
        context.close();
    }

    /**
     * Marks round {@code round} closed: a worker that asks for a command now (a restarted task) waits for the next
     * one rather than starting a round nobody will use.
     */
    public synchronized void closeRound(long round) {
        closedRound = Math.max(closedRound, round);
    }

    private synchronized void answer(int worker, long lastSeq, RpcResponseCallback callback) {
        boolean stale = commandType == RoundWire.TRAIN && commandVersion <= closedRound;
        if (command != null && seq > lastSeq && !stale) {
            callback.onSuccess(command.duplicate());
        } else {
            parked.put(worker, new Parked(lastSeq, callback));
        }
    }

    /**
     * Forgets {@code worker}'s connection (its task attempt is being killed), so that the attempt Spark starts next is
     * admitted even if the old connection has not closed yet.
     */
    public synchronized void forget(int worker) {
        channels.remove(worker);
        parked.remove(worker);
    }

    /** Whether {@code client} may serve as {@code worker}: no other live connection serves it. */
    private synchronized boolean admit(int worker, TransportClient client) {
        TransportClient current = channels.get(worker);
        return current == null || current == client || !current.isActive();
    }

    private synchronized void connected(int worker, TransportClient client) {
        TransportClient old = channels.put(worker, client);
        if (old != null && old != client) parked.remove(worker);
    }

    private synchronized Integer disconnected(TransportClient client) {
        for (var e : channels.entrySet()) {
            if (e.getValue() == client) {
                channels.remove(e.getKey());
                parked.remove(e.getKey());
                return e.getKey();
            }
        }
        return null;
    }

    private final class Handler extends RpcHandler {
        private final StreamManager streams = new OneForOneStreamManager();

        @Override
        public void receive(TransportClient client, ByteBuffer message, RpcResponseCallback callback) {
            long now = System.nanoTime();
            RoundWire.WorkerMessage m;
            try {
                m = RoundWire.decodeWorker(message, SparkEnv.get().serializer().newInstance());
            } catch (RuntimeException e) {
                LOG.warn("unreadable round message from {}", client.getSocketAddress(), e);
                callback.onFailure(e);
                return;
            }
            int w = m.worker();
            if (m.type() == RoundWire.HELLO && !admit(w, client)) {
                // A second task for a worker whose task is alive (Spark relaunched every unfinished partition of
                // the stage after a fetch failure): it stops at once, which frees its slot for the worker that
                // really is missing.
                LOG.info("worker {}: a second task (attempt {}) connected while the first is alive; stopping it", w,
                        m.attempt());
                callback.onSuccess(RoundWire.encode(new RoundWire.Command(RoundWire.STOP, -1, -1, null),
                        SparkEnv.get().serializer().newInstance()));
                return;
            }
            connected(w, client);
            Event e = switch (m.type()) {
                case RoundWire.HELLO -> new Joined(w, m.attempt(), m.version(), String.valueOf(client.getSocketAddress()));
                case RoundWire.TRAINED -> new Trained(w, m.version(), (WorkerResult) m.payload(), now);
                case RoundWire.FAILED -> new Failed(w, m.version(), (String) m.payload());
                case RoundWire.CANCELLED -> new Cancelled(w, m.version());
                case RoundWire.EVALUATED -> new Evaluated(w, m.version(), (EvalResult) m.payload());
                case RoundWire.EVAL_FAILED -> new EvalFailed(w, m.version(), (String) m.payload());
                default -> null;
            };
            if (e == null) {
                callback.onFailure(new IllegalArgumentException("unknown round message type " + m.type()));
                return;
            }
            events.add(e);
            answer(w, m.lastSeq(), callback);
        }

        @Override
        public void channelInactive(TransportClient client) {
            Integer w = disconnected(client);
            if (w != null) events.add(new Lost(w, String.valueOf(client.getSocketAddress())));
        }

        @Override
        public StreamManager getStreamManager() {
            return streams;
        }
    }
}

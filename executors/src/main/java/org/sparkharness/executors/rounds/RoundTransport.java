package org.sparkharness.executors.rounds;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.SecurityManager;
import org.apache.spark.SparkConf;
import org.apache.spark.network.client.TransportClientBootstrap;
import org.apache.spark.network.crypto.AuthClientBootstrap;
import org.apache.spark.network.crypto.AuthServerBootstrap;
import org.apache.spark.network.server.TransportServerBootstrap;
import org.apache.spark.network.util.MapConfigProvider;
import org.apache.spark.network.util.TransportConf;
import scala.Tuple2;

/**
 * Transport settings of the round plane, the same on the driver and the workers: Spark's own conf (so
 * {@code spark.authenticate}, {@code spark.network.crypto.*} and {@code spark.ps.io.*} apply), and Spark's
 * authentication bootstraps when authentication is on: the AES-based protocol with
 * {@code spark.network.crypto.enabled}, SASL otherwise, exactly as Spark's block transfer service does.
 */
public final class RoundTransport {
    /** Keys read as {@code spark.ps.io.*}. */
    public static final String MODULE = "ps";

    private RoundTransport() {}

    /**
     * @param threads           Netty threads for this side
     * @param quietSeconds      how long a connection with a request outstanding may stay silent before it is taken
     *                          for dead; a worker waits for its next command that long at most
     */
    public static TransportConf conf(SparkConf spark, int threads, long quietSeconds) {
        Map<String, String> all = new HashMap<>();
        for (Tuple2<String, String> e : spark.getAll()) all.put(e._1(), e._2());
        all.putIfAbsent("spark." + MODULE + ".io.serverThreads", Integer.toString(threads));
        all.putIfAbsent("spark." + MODULE + ".io.clientThreads", Integer.toString(threads));
        all.putIfAbsent("spark." + MODULE + ".io.connectionTimeout", quietSeconds + "s");
        return new TransportConf(MODULE, new MapConfigProvider(all));
    }

    public static List<TransportServerBootstrap> serverBootstraps(TransportConf conf, SecurityManager security) {
        return security.isAuthenticationEnabled() ? List.of(new AuthServerBootstrap(conf, security)) : List.of();
    }

    public static List<TransportClientBootstrap> clientBootstraps(TransportConf conf, SparkConf spark,
                                                                  SecurityManager security) {
        return security.isAuthenticationEnabled()
                ? List.of(new AuthClientBootstrap(conf, spark.getAppId(), security)) : List.of();
    }
}

package org.sparkharness.driver.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkEnv;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.network.TransportContext;
import org.apache.spark.network.client.TransportClient;
import org.apache.spark.network.client.TransportClientFactory;
import org.apache.spark.network.crypto.AuthClientBootstrap;
import org.apache.spark.network.sasl.SecretKeyHolder;
import org.apache.spark.network.server.NoOpRpcHandler;
import org.apache.spark.network.util.TransportConf;
import org.apache.spark.serializer.SerializerInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.sparkharness.executors.rounds.RoundTransport;
import org.sparkharness.executors.rounds.RoundWire;

/**
 * The round endpoint follows {@code spark.authenticate}: with SASL (the default) and with the AES-based protocol of
 * {@code spark.network.crypto.enabled}, a client that does not authenticate, or does with another secret, is
 * refused, and one with the application's secret is served.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class RoundEndpointAuthIT {
    private static final String SECRET = "round-plane-secret";

    private static SparkConf conf(String secret, boolean crypto) {
        return SparkSetup.conf("round-auth-test", "local[1]", Map.of("spark.ui.enabled", "false",
                "spark.authenticate", "true", "spark.authenticate.secret", secret,
                "spark.network.crypto.enabled", Boolean.toString(crypto)));
    }

    private static ByteBuffer hello(SerializerInstance ser) {
        return RoundWire.encode(new RoundWire.WorkerMessage(RoundWire.HELLO, 0, 0, -1, -1, null), ser);
    }

    private static TransportClient client(SparkConf conf, SecretKeyHolder secret, int port) throws Exception {
        TransportConf tc = RoundTransport.conf(conf, 1, 60);
        TransportContext context = new TransportContext(tc, new NoOpRpcHandler(), false);
        TransportClientFactory factory = context.createClientFactory(
                secret == null ? List.of() : List.of(new AuthClientBootstrap(tc, conf.getAppId(), secret)));
        return factory.createUnmanagedClient("localhost", port);
    }

    /** A client's idea of the secret (in local mode Spark keeps the real one in this JVM's credentials). */
    private record Secret(String value) implements SecretKeyHolder {
        @Override
        public String getSaslUser(String appId) {
            return "sparkSaslUser";
        }

        @Override
        public String getSecretKey(String appId) {
            return value;
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void onlyAClientWithTheApplicationsSecretIsServed(boolean crypto) throws Exception {
        SparkConf conf = conf(SECRET, crypto);
        try (JavaSparkContext jsc = new JavaSparkContext(conf);
             RoundEndpoint endpoint = RoundEndpoint.forDriver(jsc.getConf(), 0, 1, 60)) {
            SerializerInstance ser = SparkEnv.get().serializer().newInstance();
            endpoint.publish(RoundWire.STOP, -1, null);
            SparkConf appConf = jsc.getConf();

            TransportClient anonymous = client(appConf, null, endpoint.port());
            assertThrows(Exception.class, () -> anonymous.sendRpcSync(hello(ser), 10_000),
                    "a client that does not authenticate is refused");

            assertThrows(Exception.class, () -> client(appConf, new Secret("another-secret"), endpoint.port())
                    .sendRpcSync(hello(ser), 10_000), "a client with another secret is refused");

            TransportClient member = client(appConf, SparkEnv.get().securityManager(), endpoint.port());
            RoundWire.Command reply = RoundWire.decodeCommand(member.sendRpcSync(hello(ser), 10_000), ser);
            assertEquals(RoundWire.STOP, reply.type(), "the application's own client gets the current command");
            member.close();
        }
    }
}

package org.sparkharness.driver.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.sparkharness.driver.federated.FederateJob;
import org.sparkharness.optimizers.config.ConfigException;

/** The federated section: defaults, and errors that name the field and what is allowed. */
class FederatedConfigTest {

    private static ConfigException error(String yaml, String... overrides) {
        return assertThrows(ConfigException.class, () -> ConfigLoader.parse(yaml, List.of(overrides)));
    }

    @Test
    void defaultsAreFullParticipationFedAvgOnAnIidSplit() {
        FederatedConfig f = ConfigLoader.parse("federated: { clients: 20 }", List.of()).federated();
        assertEquals(20, f.clientsPerRound());
        assertTrue(f.strategy() instanceof StrategyConfig.FedAvg);
        assertTrue(f.partition() instanceof PartitionConfig.Iid);
        assertEquals(StrategyConfig.Weighting.SAMPLES, f.strategy().weighting());
        assertTrue(f.evalTrainLoss());
        StrategyConfig.FedCac cac = (StrategyConfig.FedCac) ConfigLoader.parse("federated: { strategy: { type: fedcac } }",
                List.of()).federated().strategy();
        assertEquals(0.5, cac.tau());
        assertEquals(100, cac.beta());
    }

    @Test
    void errorsNameTheFieldAndTheAllowedValues() {
        ConfigException e = error("federated: { strategy: { type: fedsgd } }");
        assertTrue(e.getMessage().contains("federated.strategy") && e.getMessage().contains("fedprox"), e.getMessage());
        e = error("federated: { clients: 5, clientsPerRound: 6 }");
        assertTrue(e.getMessage().contains("federated.clientsPerRound") && e.getMessage().contains("<= clients"), e.getMessage());
        e = error("federated: { strategy: { type: fedcac, tau: 1.5 } }");
        assertTrue(e.getMessage().contains("federated.strategy.tau"), e.getMessage());
        e = error("federated: { partition: { type: dirichlet, alpha: 0 } }");
        assertTrue(e.getMessage().contains("federated.partition.alpha"), e.getMessage());
        e = error("federated: { strategy: { type: fedpara, init: he } }");
        assertTrue(e.getMessage().contains("federated.strategy.init") && e.getMessage().contains("fan-out"), e.getMessage());
        e = error("federated: { stragglers: 0.5, localEpochs: 1, strategy: { type: fedprox } }");
        assertTrue(e.getMessage().contains("federated.localEpochs"), e.getMessage());
        e = error("federated: { stragglers: 1.0 }");
        assertTrue(e.getMessage().contains("federated.stragglers"), e.getMessage());
    }

    @Test
    void localOptimizersWithoutAFederatedMeaningAreRefusedBeforeSparkStarts() {
        HarnessConfig saf = ConfigLoader.parse("optimizer: { type: saf, base: { type: sgd, lr: 0.1 } }", List.of());
        ConfigException e = assertThrows(ConfigException.class, () -> new FederateJob(saf, line -> {}));
        assertTrue(e.getMessage().contains("optimizer.type") && e.getMessage().contains("sgd"), e.getMessage());
        assertEquals("saf", e.value(), "the refusal names the optimizer by its YAML name");
        HarnessConfig mesa = ConfigLoader.parse("optimizer: { type: mesa, base: { type: sgd, lr: 0.1 } }", List.of());
        e = assertThrows(ConfigException.class, () -> new FederateJob(mesa, line -> {}));
        assertEquals("mesa", e.value());
        HarnessConfig cnnOnSynthetic = ConfigLoader.parse("model: { type: cnn }\nfederated: { partition: { type: synthetic } }", List.of());
        e = assertThrows(ConfigException.class, () -> new FederateJob(cnnOnSynthetic, line -> {}));
        assertTrue(e.getMessage().contains("model.type"), e.getMessage());
    }
}

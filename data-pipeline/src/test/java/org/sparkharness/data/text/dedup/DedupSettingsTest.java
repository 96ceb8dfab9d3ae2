package org.sparkharness.data.text.dedup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.sparkharness.optimizers.config.ConfigException;

/** Settings records bind from JSON with defaults, validate with the field's name, and round-trip. */
class DedupSettingsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void nearDefaultsAreDatatroves() {
        NearDedupSettings d = NearDedupSettings.defaults();
        assertEquals(5, d.ngram());
        assertEquals(14, d.bands());
        assertEquals(8, d.rows());
        assertEquals(1L, d.seed());
        assertEquals(SignatureMode.DATATROVE, d.signatures());
        assertEquals(ShingleHash.SHA1, d.shingleHash());
        assertEquals(TextSimplification.defaults(), d.simplification());
        assertTrue(d.verify());
        assertEquals(0.8, d.jaccardThreshold());
        assertEquals(32, d.maxBucketForAllPairs());
        assertEquals(1 << 20, d.mllibNumFeatures());
        assertEquals(20, d.sampleSize());
    }

    @Test
    void nearBindsFromJsonAndRoundTrips() throws Exception {
        NearDedupSettings s = JSON.readValue("{\"signatures\": \"MLlib\", \"bands\": 20, \"rows\": 13, "
                + "\"shingleHash\": \"xxhash64\", \"verify\": false, \"simplification\": {\"lowercase\": false}}",
                NearDedupSettings.class);
        assertEquals(SignatureMode.MLLIB, s.signatures());
        assertEquals(20, s.bands());
        assertEquals(13, s.rows());
        assertEquals(ShingleHash.XXHASH64, s.shingleHash());
        assertFalse(s.verify());
        assertFalse(s.simplification().lowercase());
        assertTrue(s.simplification().removePunctuation());
        assertEquals(5, s.ngram());
        String written = JSON.writeValueAsString(s);
        assertTrue(written.contains("\"signatures\":\"mllib\""), written);
        assertEquals(s, JSON.readValue(written, NearDedupSettings.class));
        assertEquals(NearDedupSettings.defaults(), JSON.readValue("{}", NearDedupSettings.class));
    }

    @Test
    void nearRejectsInvalidValuesNamingTheField() {
        assertEquals("bands", assertThrows(ConfigException.class,
                () -> NearDedupSettings.defaults().withBands(0))
                .path());
        assertEquals("rows", assertThrows(ConfigException.class,
                () -> NearDedupSettings.defaults().withBands(500).withRows(21))
                .path());
        assertEquals("seed", assertThrows(ConfigException.class,
                () -> NearDedupSettings.defaults().withSeed(-1L))
                .path());
        assertEquals("seed", assertThrows(ConfigException.class, () -> NearDedupSettings.defaults()
                .withSeed(1L << 32)).path());
        assertEquals("jaccardThreshold", assertThrows(ConfigException.class,
                () -> NearDedupSettings.defaults().withJaccardThreshold(1.5))
                .path());
        assertEquals("jaccardThreshold", assertThrows(ConfigException.class,
                () -> NearDedupSettings.defaults().withJaccardThreshold(0.0))
                .path());
        assertEquals("maxBucketForAllPairs", assertThrows(ConfigException.class,
                () -> NearDedupSettings.defaults().withMaxBucketForAllPairs(1))
                .path());
        assertEquals("mllibNumFeatures", assertThrows(ConfigException.class, () -> NearDedupSettings.defaults()
                .withMllibNumFeatures(Integer.MAX_VALUE)).path());
        assertEquals("ngram", assertThrows(ConfigException.class,
                () -> NearDedupSettings.defaults().withNgram(0))
                .path());
        assertEquals("sampleSize", assertThrows(ConfigException.class,
                () -> NearDedupSettings.defaults().withSampleSize(-1))
                .path());
        Exception bound = assertThrows(Exception.class,
                () -> JSON.readValue("{\"signatures\": \"simhash\"}", NearDedupSettings.class));
        ConfigException cause = findConfigException(bound);
        assertEquals("signatures", cause.path());
        assertTrue(cause.getMessage().contains("datatrove, mllib"), cause.getMessage());
    }

    @Test
    void exactBindsValidatesAndRoundTrips() throws Exception {
        ExactDedupSettings s = JSON.readValue("{\"normalisation\": {\"lowercase\": true}, \"sampleSize\": 3}",
                ExactDedupSettings.class);
        assertEquals(new TextNormalisation(true, false), s.normalisation());
        assertEquals(3, s.sampleSize());
        assertEquals(s, JSON.readValue(JSON.writeValueAsString(s), ExactDedupSettings.class));
        assertEquals(ExactDedupSettings.defaults(), JSON.readValue("{}", ExactDedupSettings.class));
        assertEquals(TextNormalisation.defaults(), ExactDedupSettings.defaults().normalisation());
        assertEquals("sampleSize", assertThrows(ConfigException.class, () -> new ExactDedupSettings(null, -2))
                .path());
    }

    private static ConfigException findConfigException(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof ConfigException) {
                return (ConfigException) c;
            }
        }
        return assertInstanceOf(ConfigException.class, t);
    }
}

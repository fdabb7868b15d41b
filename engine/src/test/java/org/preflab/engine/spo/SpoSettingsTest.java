package org.preflab.engine.spo;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.preflab.engine.spo.SpoSettings.ApplyTo;
import org.preflab.engine.spo.SpoSettings.Classifier;
import org.preflab.engine.spo.SpoSettings.Pooling;
import org.preflab.engine.spo.SpoSettings.RemovalOrder;
import org.preflab.engine.spo.SpoSettings.VariantSource;

class SpoSettingsTest {
    /** Configured as RunConfig's mapper: unknown keys and nulls for primitives are errors. */
    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

    @Test
    void defaultsAreTheSpecTable() throws Exception {
        SpoSettings d = SpoSettings.defaults();
        assertEquals(new SpoSettings(4, 0.1, ApplyTo.CHOSEN, VariantSource.DATASET, RemovalOrder.TOP_SCORE,
                Classifier.HIDDEN_HEAD, Pooling.MEAN_COMPLETION), d);
        assertEquals(d, JSON.readValue("{}", SpoSettings.class));
    }

    @Test
    void readsSnakeCaseKeysAndWritesThemBack() throws Exception {
        String json = "{\"k\": 3, \"lambda\": 0.5, \"apply_to\": \"BOTH\", \"variant_source\": \"POLICY_SAMPLE\","
                + " \"removal_order\": \"RANDOM\", \"classifier\": \"LOGPROB_RANK\", \"pooling\": \"LAST_TOKEN\"}";
        SpoSettings s = JSON.readValue(json, SpoSettings.class);
        assertEquals(new SpoSettings(3, 0.5, ApplyTo.BOTH, VariantSource.POLICY_SAMPLE, RemovalOrder.RANDOM,
                Classifier.LOGPROB_RANK, Pooling.LAST_TOKEN), s);
        String written = JSON.writeValueAsString(s);
        assertTrue(written.contains("\"apply_to\":\"BOTH\"") && written.contains("\"removal_order\":\"RANDOM\"")
                && written.contains("\"variant_source\"") && !written.contains("applyTo"), written);
        assertEquals(s, JSON.readValue(written, SpoSettings.class));
        // a key given keeps its value, the others default
        assertEquals(new SpoSettings(6, 0.1, ApplyTo.CHOSEN, VariantSource.DATASET, RemovalOrder.TOP_SCORE,
                Classifier.HIDDEN_HEAD, Pooling.MEAN_COMPLETION), JSON.readValue("{\"k\": 6}", SpoSettings.class));
    }

    @Test
    void badValuesAreRejectedWithTheValueQuoted() {
        assertMessage("{\"k\": 1}", "spo.k = 1 is invalid");
        assertMessage("{\"lambda\": -0.5}", "spo.lambda = -0.5 is invalid");
        assertMessage("{\"lambda\": \"NaN\"}", "spo.lambda = NaN is invalid");
        assertMessage("{\"classifier\": \"SVM\"}", "SVM");
        assertMessage("{\"pooling\": \"max\"}", "max");
        assertMessage("{\"degrees\": 4}", "degrees");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new SpoSettings(4, 0.1,
                null, VariantSource.DATASET, RemovalOrder.TOP_SCORE, Classifier.HIDDEN_HEAD, Pooling.LAST_TOKEN));
        assertEquals("spo.apply_to = null is invalid: must be one of [CHOSEN, BOTH]", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new SpoSettings(4, Double.POSITIVE_INFINITY,
                ApplyTo.CHOSEN, VariantSource.DATASET, RemovalOrder.TOP_SCORE, Classifier.HIDDEN_HEAD,
                Pooling.LAST_TOKEN));
    }

    private static void assertMessage(String json, String expected) {
        JsonMappingException e =
                assertThrows(JsonMappingException.class, () -> JSON.readValue(json, SpoSettings.class));
        assertTrue(e.getMessage().contains(expected), "message: " + e.getMessage());
    }
}

package org.preflab.engine.run;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.preflab.engine.dpo.DpoSettings;
import org.preflab.engine.dpo.SdpoSettings;
import org.preflab.engine.settings.Setting;
import org.preflab.engine.spo.SpoSettings;
import org.preflab.engine.train.TrainConfig;

/** The descriptions and the config records cannot drift apart: same keys, same defaults, each key once. */
class ExperimentSettingsTest {
    private static final ObjectMapper JSON = ConfigJson.JSON;
    private static final Map<String, Class<?>> RECORDS = Map.ofEntries(Map.entry("", RunConfig.class),
            Map.entry("data", RunConfig.DataConfig.class), Map.entry("train", TrainConfig.class),
            Map.entry("dpo", DpoSettings.class), Map.entry("sdpo", SdpoSettings.class),
            Map.entry("spo", SpoSettings.class), Map.entry("apl", org.preflab.engine.apl.AplSettings.class),
            Map.entry("spa", org.preflab.engine.spa.SpaSettings.class),
            Map.entry("oracle", org.preflab.engine.oracle.OracleSettings.class),
            Map.entry("winrate", org.preflab.engine.winrate.WinRateSettings.class),
            Map.entry("reward", org.preflab.engine.reward.RewardSettings.class));

    @Test
    void everyJsonPropertyHasExactlyOneDescriptionAndViceVersa() {
        List<String> keys = ExperimentSettings.all().stream().map(Setting::key).toList();
        assertEquals(keys.size(), new HashSet<>(keys).size(), "a key described twice: " + keys);
        for (String section : ExperimentSettings.SECTIONS) {
            Set<String> described = new TreeSet<>(ExperimentSettings.names(section));
            Set<String> written = properties(RECORDS.get(section), false);
            Set<String> read = properties(RECORDS.get(section), true);
            if (section.isEmpty()) { // the sections themselves are properties of RunConfig, not settings
                written.removeAll(ExperimentSettings.SECTIONS);
                read.removeAll(ExperimentSettings.SECTIONS);
            }
            assertEquals(described, written, "section '" + section + "': written properties vs descriptions");
            assertEquals(described, read, "section '" + section + "': read properties vs descriptions");
            ExperimentSettings.section(section).forEach(s -> {
                assertEquals(section, s.section(), s.key());
                assertFalse(s.help().isBlank(), s.key() + " has no help line");
            });
        }
    }

    @Test
    void defaultsAreTheRecordsDefaults() throws Exception {
        RunConfig minimal = RunConfig.fromTree(JSON.readTree("{\"name\": \"x\", \"method\": \"sdpo\", \"model\":"
                + " \"m\", \"data\": {\"train\": \"p\"}, \"sdpo\": {\"partition\": \"RANDOM\", \"steps\": 2},"
                + " \"spo\": {}}"));
        Set<String> checked = new HashSet<>();
        for (String method : List.of("apl", "spa", "reward")) { // sections only these methods have, filled in by default
            RunConfig loop = RunConfig.fromTree(JSON.readTree("{\"name\": \"x\", \"method\": \"" + method
                    + "\", \"model\": \"m\", \"data\": {\"train\": \"p\"}}"));
            checkDefaults(JSON.valueToTree(loop), checked);
        }
        checkDefaults(JSON.valueToTree(minimal), checked);
        for (Setting s : ExperimentSettings.all()) {
            if (s.defaultValue() != null && !s.key().equals("method") && !s.key().startsWith("sdpo.")) {
                assertTrue(checked.contains(s.key()), "default not checked: " + s.key());
            }
        }
        assertEquals(TrainConfig.defaults(), minimal.train());
        assertEquals(DpoSettings.defaults(), minimal.dpo());
        assertEquals(SpoSettings.defaults(), minimal.spo());
    }

    private static void checkDefaults(JsonNode tree, Set<String> checked) throws Exception {
        for (Setting s : ExperimentSettings.all()) {
            if (s.defaultValue() == null || s.key().equals("method") || s.key().equals("sdpo.partition")
                    || s.key().equals("sdpo.steps")) {
                continue; // given above, to make the config valid
            }
            JsonNode section = s.section().isEmpty() ? tree : tree.get(s.section());
            if (section == null || section.isNull()) {
                continue; // a section this method does not have
            }
            JsonNode value = section.get(s.name());
            assertEquals(s.format(s.defaultValue()), s.format(JSON.treeToValue(value, Object.class)), s.key());
            checked.add(s.key());
        }
    }

    @Test
    void findsByKeyAndListsSections() {
        assertEquals("train.learning_rate", ExperimentSettings.find("train.learning_rate").orElseThrow().key());
        assertTrue(ExperimentSettings.find("train.lerning_rate").isEmpty());
        assertEquals(List.of("name", "method", "model", "eval_every", "runs_dir"), ExperimentSettings.names(""));
        assertThrows(IllegalArgumentException.class, () -> ExperimentSettings.section("trian"));
    }

    /** The names Jackson writes ({@code forReading} false), or those the record's @JsonCreator reads. */
    private static Set<String> properties(Class<?> type, boolean forReading) {
        Set<String> names = new TreeSet<>();
        if (forReading) {
            Method creator = Arrays.stream(type.getDeclaredMethods())
                    .filter(m -> m.isAnnotationPresent(JsonCreator.class)).findFirst().orElseThrow();
            for (Parameter p : creator.getParameters()) {
                names.add(p.getAnnotation(JsonProperty.class).value());
            }
            return names;
        }
        BeanDescription d = JSON.getSerializationConfig().introspect(JSON.constructType(type));
        for (BeanPropertyDefinition p : d.findProperties()) {
            if (p.couldSerialize()) {
                names.add(p.getName());
            }
        }
        return names;
    }
}

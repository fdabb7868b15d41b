package org.preflab.engine.trl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.preflab.engine.run.ExperimentSettings;
import org.preflab.engine.settings.Setting;

/** Every setting of experiment.json is either mapped to TRL or listed as unmapped: none can be forgotten. */
class TrlSettingMapTest {
    @Test
    void everySettingHasAnEntry() {
        List<String> missing = new ArrayList<>();
        for (Setting s : ExperimentSettings.all()) {
            if (TrlSettingMap.entry(s.key()).isEmpty()) {
                missing.add(s.key());
            }
        }
        assertEquals(List.of(), missing, "settings with no TRL mapping and no unmapped reason: add them to "
                + "TrlSettingMap (and regenerate docs/trl-mapping.md)");
        assertEquals(ExperimentSettings.all().size(), TrlSettingMap.all().size());
    }

    @Test
    void exportedSectionsNameEachKeyThemselves() {
        // a new train or dpo setting must be decided one by one, not swept under a section's reason
        List<String> unnamed = new ArrayList<>();
        for (String section : TrlSettingMap.EXPORTED_SECTIONS) {
            for (Setting s : ExperimentSettings.section(section)) {
                if (!TrlSettingMap.namedKeys().contains(s.key())) {
                    unnamed.add(s.key());
                }
            }
        }
        assertEquals(List.of(), unnamed);
        assertTrue(TrlSettingMap.unmappedSections().keySet().stream()
                .noneMatch(TrlSettingMap.EXPORTED_SECTIONS::contains));
    }

    @Test
    void namedKeysAreRealSettings() {
        List<String> stale = TrlSettingMap.namedKeys().stream()
                .filter(k -> ExperimentSettings.find(k).isEmpty()).toList();
        assertEquals(List.of(), stale);
        List<String> sections = new ArrayList<>(TrlSettingMap.unmappedSections().keySet());
        sections.removeAll(ExperimentSettings.SECTIONS);
        assertEquals(List.of(), sections);
    }

    @Test
    void everySectionIsExportedOrUnmapped() {
        for (String section : ExperimentSettings.SECTIONS) {
            assertTrue(TrlSettingMap.EXPORTED_SECTIONS.contains(section)
                    || TrlSettingMap.unmappedSections().containsKey(section), section);
        }
    }

    @Test
    void trainingSettingsMapToTrlFieldsOfTheSameMeaning() {
        assertEquals("learning_rate", TrlSettingMap.entry("train.learning_rate").orElseThrow().trl());
        assertEquals("beta", TrlSettingMap.entry("dpo.beta").orElseThrow().trl());
        assertEquals("precompute_ref_log_probs", TrlSettingMap.entry("dpo.reference").orElseThrow().trl());
        assertTrue(!TrlSettingMap.entry("apl.budgets").orElseThrow().mapped());
        assertTrue(!TrlSettingMap.entry("data.max_prompt_length").orElseThrow().mapped());
    }
}

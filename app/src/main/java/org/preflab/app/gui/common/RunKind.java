package org.preflab.app.gui.common;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;

/**
 * What a run folder's config.json says about which per-run views apply: the method (an apl run has acquisition
 * rounds) and the oracle's type (a "human" oracle has questions to answer). Read from the tree, not as a
 * {@code RunConfig}, so that a config this version cannot load still opens its views.
 *
 * @param method the config's method ("sft" when absent, as the engine defaults it)
 * @param oracleType the oracle section's type, or "" when there is none
 */
public record RunKind(String method, String oracleType) {
    private static final ObjectMapper JSON = new ObjectMapper();
    public static final RunKind UNKNOWN = new RunKind("", "");

    /** The kind of a run folder; {@link #UNKNOWN} when its config cannot be read. */
    public static RunKind of(Path runDir) {
        try {
            return of(JSON.readTree(runDir.resolve("config.json").toFile()));
        } catch (IOException | RuntimeException unreadable) {
            return UNKNOWN;
        }
    }

    public static RunKind of(JsonNode config) {
        return new RunKind(config.path("method").asText("sft"), config.path("oracle").path("type").asText(""));
    }

    /** Active preference learning: rounds of acquisition, labelling and training. */
    public boolean isApl() {
        return method.equals("apl");
    }

    /** A person answers the run's questions (in the workbench's labelling view or with preflab label). */
    public boolean asksAPerson() {
        return oracleType.equals("human");
    }
}

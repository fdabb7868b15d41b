package org.preflab.engine.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A model's rotary position embedding: its base and scaling, read from either layout transformers writes.
 * transformers 5 keeps them in {@code "rope_parameters": {"rope_theta": 1000000.0, "rope_type": "default", ...}};
 * earlier versions in a top-level {@code rope_theta} beside {@code "rope_scaling": {"rope_type"|"type": ..., ...}}.
 * Reading only the older layout once gave a transformers-5 Llama base 10000 instead of 1e6, logits off by 26.6,
 * silently: now both are read, and what is not understood is a named error, never ignored.
 *
 * <p>Types computed: {@code default}, {@code linear} (positions divided by {@code factor}) and {@code llama3} (low
 * frequencies divided by {@code factor}, a smooth blend between {@code low_freq_factor} and
 * {@code high_freq_factor}), as transformers' {@code modeling_rope_utils} computes them. {@code dynamic} (a base that
 * grows with the sequence), {@code yarn}, {@code longrope} and others are refused by name.
 *
 * @param theta             the base
 * @param type              default, linear or llama3
 * @param factor            linear and llama3: the scaling factor (1 for default)
 * @param lowFreqFactor     llama3 only
 * @param highFreqFactor    llama3 only
 * @param originalPositions llama3 only: the context the model was pre-trained with
 */
public record Rope(double theta, String type, double factor, double lowFreqFactor, double highFreqFactor,
        int originalPositions) {
    private static final List<String> TYPES = List.of("default", "linear", "llama3");
    /** Keys each type reads besides rope_type / type and rope_theta; any other key in the object is refused. */
    private static final Map<String, Set<String>> PARAMETERS = Map.of(
            "default", Set.of(),
            "linear", Set.of("factor"),
            "llama3", Set.of("factor", "low_freq_factor", "high_freq_factor", "original_max_position_embeddings"));

    public static Rope plain(double theta) {
        return new Rope(theta, "default", 1, 0, 0, 0);
    }

    /**
     * The RoPE of a config.json. {@code legacyThetaKey} is where the older layout keeps the base ("rope_theta";
     * GPT-NeoX also "rotary_emb_base"); {@code extraKeys} are keys of rope_parameters the caller reads itself (NeoX's
     * partial_rotary_factor).
     */
    static Rope read(Path file, JsonNode root, double defaultTheta, Set<String> extraKeys) throws ModelFormatException {
        JsonNode params = root.get("rope_parameters");
        JsonNode scaling = root.get("rope_scaling");
        JsonNode topTheta = root.get("rope_theta");
        if (params != null && !params.isNull()) {
            if (!params.isObject()) {
                throw new ModelFormatException(file, "rope_parameters should be an object, got " + params);
            }
            if (!params.has("rope_type") && !params.has("type") && !params.has("rope_theta")) {
                throw new ModelFormatException(file, "rope_parameters " + params + " holds no rope_type or "
                        + "rope_theta (RoPE per layer type is not supported)");
            }
            if (scaling != null && !scaling.isNull() && !scaling.equals(params)) {
                throw new ModelFormatException(file, "rope_parameters " + params + " and rope_scaling " + scaling
                        + " disagree: which one holds is unclear");
            }
            double theta = number(file, "rope_parameters.rope_theta", params.get("rope_theta"),
                    topTheta == null || topTheta.isNull() ? defaultTheta
                            : number(file, "rope_theta", topTheta, defaultTheta));
            if (topTheta != null && topTheta.isNumber() && params.has("rope_theta") && topTheta.doubleValue() != theta) {
                throw new ModelFormatException(file, "rope_theta = " + topTheta + " but rope_parameters.rope_theta = "
                        + params.get("rope_theta") + ": which one holds is unclear");
            }
            return parse(file, "rope_parameters", params, theta, extraKeys);
        }
        double theta = topTheta == null || topTheta.isNull() ? defaultTheta : number(file, "rope_theta", topTheta, 0);
        if (scaling == null || scaling.isNull()) {
            return plain(theta);
        }
        if (!scaling.isObject()) {
            throw new ModelFormatException(file, "rope_scaling should be an object or null, got " + scaling);
        }
        return parse(file, "rope_scaling", scaling, theta, Set.of());
    }

    private static Rope parse(Path file, String key, JsonNode o, double theta, Set<String> extraKeys)
            throws ModelFormatException {
        JsonNode typeNode = o.has("rope_type") ? o.get("rope_type") : o.get("type");
        String type = typeNode == null || typeNode.isNull() ? "default" : typeNode.asText();
        if (!TYPES.contains(type)) {
            throw new ModelFormatException(file, key + ".rope_type = '" + type + "' is not supported: PrefLab "
                    + "computes RoPE of type " + String.join(", ", TYPES) + " only");
        }
        Map<String, JsonNode> rest = new LinkedHashMap<>();
        o.properties().forEach(e -> rest.put(e.getKey(), e.getValue()));
        rest.keySet().removeAll(List.of("rope_type", "type", "rope_theta"));
        rest.keySet().removeAll(extraKeys);
        JsonNode attention = rest.remove("attention_factor");
        if (attention != null && !attention.isNull() && number(file, key + ".attention_factor", attention, 1) != 1) {
            throw new ModelFormatException(file, key + ".attention_factor = " + attention + " is not supported "
                    + "(it scales attention; only 1 is)");
        }
        for (String k : rest.keySet()) {
            if (!PARAMETERS.get(type).contains(k)) {
                throw new ModelFormatException(file, key + "." + k + " = " + rest.get(k) + " is not understood for "
                        + "RoPE type '" + type + "' (it reads " + (PARAMETERS.get(type).isEmpty() ? "no other key"
                        : String.join(", ", PARAMETERS.get(type))) + ")");
            }
        }
        Rope rope = switch (type) {
            case "linear" -> new Rope(theta, type, required(file, key, o, "factor"), 0, 0, 0);
            case "llama3" -> new Rope(theta, type, required(file, key, o, "factor"),
                    required(file, key, o, "low_freq_factor"), required(file, key, o, "high_freq_factor"),
                    (int) required(file, key, o, "original_max_position_embeddings"));
            default -> plain(theta);
        };
        rope.check(file, key);
        return rope;
    }

    private void check(Path file, String key) throws ModelFormatException {
        if (!(theta > 1) || Double.isInfinite(theta)) {
            throw new ModelFormatException(file, key + ": rope_theta = " + theta + " must be a finite number > 1");
        }
        if (!(factor > 0) || Double.isInfinite(factor)) {
            throw new ModelFormatException(file, key + ".factor = " + factor + " must be a finite number > 0");
        }
        if (type.equals("llama3") && (!(lowFreqFactor > 0) || !(highFreqFactor > lowFreqFactor)
                || originalPositions < 1)) {
            throw new ModelFormatException(file, key + ": llama3 needs 0 < low_freq_factor (" + lowFreqFactor
                    + ") < high_freq_factor (" + highFreqFactor + ") and original_max_position_embeddings ("
                    + originalPositions + ") >= 1");
        }
    }

    private static double required(Path file, String key, JsonNode o, String name) throws ModelFormatException {
        JsonNode n = o.get(name);
        if (n == null || n.isNull()) {
            throw new ModelFormatException(file, key + " of type '" + (o.has("rope_type") ? o.get("rope_type")
                    : o.get("type")).asText() + "' needs '" + name + "'");
        }
        return number(file, key + "." + name, n, 0);
    }

    private static double number(Path file, String key, JsonNode n, double dflt) throws ModelFormatException {
        if (n == null || n.isNull()) return dflt;
        if (!n.isNumber()) throw new ModelFormatException(file, key + " should be a number, got " + n);
        return n.doubleValue();
    }

    /**
     * The inverse frequency of each rotated pair i < rotary/2: theta^(-2i/rotary), then the type's scaling
     * (transformers' {@code _compute_linear_scaling_rope_parameters} and {@code _compute_llama3_parameters}).
     */
    double[] inverseFrequencies(int rotary) {
        int half = rotary / 2;
        double[] inv = new double[half];
        for (int i = 0; i < half; i++) {
            inv[i] = 1.0 / Math.pow(theta, 2.0 * i / rotary);
            if (type.equals("linear")) {
                inv[i] /= factor;
            } else if (type.equals("llama3")) {
                double lowFreqWavelen = originalPositions / lowFreqFactor;
                double highFreqWavelen = originalPositions / highFreqFactor;
                double wavelen = 2 * Math.PI / inv[i];
                if (wavelen > lowFreqWavelen) {
                    inv[i] /= factor;
                } else if (wavelen >= highFreqWavelen) { // medium frequencies: a blend
                    double smooth = (originalPositions / wavelen - lowFreqFactor) / (highFreqFactor - lowFreqFactor);
                    inv[i] = (1 - smooth) * inv[i] / factor + smooth * inv[i];
                }
            }
        }
        return inv;
    }
}

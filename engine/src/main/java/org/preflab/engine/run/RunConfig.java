package org.preflab.engine.run;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.preflab.engine.dpo.DpoSettings;
import org.preflab.engine.dpo.SdpoSettings;
import org.preflab.engine.spo.SpoSettings;
import org.preflab.engine.train.TrainConfig;

/**
 * A run's whole configuration, as the experiment.json of a project. Paths are relative to the file's folder.
 * Loading rejects unknown keys and bad values with the file, line and the value quoted.
 *
 * @param name a short name; run folders are named after it
 * @param method the objective: "sft" (more methods build on the same runner)
 * @param model the starting checkpoint (a Hugging Face folder)
 * @param data training data and length limits
 * @param train optimisation settings
 * @param runsDir where run folders go (default "runs")
 */
public record RunConfig(
        @JsonProperty("name") String name,
        @JsonProperty("method") String method,
        @JsonProperty("model") String model,
        @JsonProperty("data") DataConfig data,
        @JsonProperty("train") TrainConfig train,
        @JsonProperty("dpo") DpoSettings dpo,
        @JsonProperty("sdpo") SdpoSettings sdpo,
        @JsonProperty("spo") SpoSettings spo,
        @JsonProperty("eval_every") int evalEvery,
        @JsonProperty("runs_dir") String runsDir) {

    /**
     * The data: {@code train} (JSONL or JSON; SFT: prompt/completion records; DPO: preference pairs), an optional
     * {@code eval} file or a seeded {@code eval_fraction} of train, and length limits in tokens.
     */
    public record DataConfig(
            @JsonProperty("train") String train,
            @JsonProperty("eval") String eval,
            @JsonProperty("eval_fraction") double evalFraction,
            @JsonProperty("max_length") int maxLength,
            @JsonProperty("max_prompt_length") int maxPromptLength) {
        /** Reads the "data" section; max_length defaults to 512, the rest to none. */
        @com.fasterxml.jackson.annotation.JsonCreator
        public static DataConfig fromJson(
                @JsonProperty("train") String train,
                @JsonProperty("eval") String eval,
                @JsonProperty("eval_fraction") Double evalFraction,
                @JsonProperty("max_length") Integer maxLength,
                @JsonProperty("max_prompt_length") Integer maxPromptLength) {
            return new DataConfig(train, eval, evalFraction == null ? 0 : evalFraction,
                    maxLength == null ? 512 : maxLength, maxPromptLength == null ? 0 : maxPromptLength);
        }

        public DataConfig {
            if (!(evalFraction >= 0 && evalFraction < 1)) {
                throw new IllegalArgumentException("data.eval_fraction = " + evalFraction + " is invalid: must be in [0, 1)");
            }
            if (eval != null && evalFraction > 0) {
                throw new IllegalArgumentException("data: give either eval (a file) or eval_fraction, not both");
            }
            if (maxPromptLength < 0) {
                throw new IllegalArgumentException("data.max_prompt_length = " + maxPromptLength + " must be >= 0");
            }
            if (maxLength < 2) {
                throw new IllegalArgumentException("data.max_length = " + maxLength + " is invalid: must be >= 2");
            }
        }
    }

    public RunConfig {
        if (name == null || !name.matches("[A-Za-z0-9._-]{1,64}")) {
            throw new IllegalArgumentException("name = '" + name + "' is invalid: use 1-64 letters, digits, . _ -");
        }
        if (method == null) {
            method = "sft";
        }
        if (!java.util.List.of("sft", "dpo", "sdpo").contains(method)) {
            throw new IllegalArgumentException("method = '" + method + "' is not known; known: sft, dpo, sdpo");
        }
        if (method.equals("sdpo") && sdpo == null) {
            throw new IllegalArgumentException("method sdpo needs an \"sdpo\" section (partition, steps or files)");
        }
        if (!method.equals("sft") && dpo == null) {
            dpo = DpoSettings.defaults();
        }
        if (spo != null && method.equals("sft")) {
            throw new IllegalArgumentException("an \"spo\" section needs method dpo or sdpo, not sft");
        }
        if (evalEvery < 0) {
            throw new IllegalArgumentException("eval_every = " + evalEvery + " is invalid: must be >= 0");
        }
        if (model == null || model.isBlank()) {
            throw new IllegalArgumentException("model is missing: give the starting checkpoint folder");
        }
        if (data == null) {
            throw new IllegalArgumentException("data is missing");
        }
        if (data.train() == null && !(sdpo != null && sdpo.partition() == SdpoSettings.Partition.BY_FILE)) {
            throw new IllegalArgumentException("data.train is missing: give the training data file");
        }
        if (train == null) {
            train = TrainConfig.defaults();
        }
        if (runsDir == null || runsDir.isBlank()) {
            runsDir = "runs";
        }
    }

    /** Reads a whole config; sections and fields left out take their defaults. */
    @com.fasterxml.jackson.annotation.JsonCreator
    public static RunConfig fromJson(
            @JsonProperty("name") String name,
            @JsonProperty("method") String method,
            @JsonProperty("model") String model,
            @JsonProperty("data") DataConfig data,
            @JsonProperty("train") TrainConfig train,
            @JsonProperty("dpo") DpoSettings dpo,
            @JsonProperty("sdpo") SdpoSettings sdpo,
            @JsonProperty("spo") SpoSettings spo,
            @JsonProperty("eval_every") Integer evalEvery,
            @JsonProperty("runs_dir") String runsDir) {
        return new RunConfig(name, method, model, data, train, dpo, sdpo, spo, evalEvery == null ? 0 : evalEvery,
                runsDir);
    }

    /** This config with other optimisation settings (for forks). */
    public RunConfig withTrain(TrainConfig newTrain) {
        return new RunConfig(name, method, model, data, newTrain, dpo, sdpo, spo, evalEvery, runsDir);
    }

    static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    /**
     * The config with {@code key=value} overrides applied: a dotted path ("train.learning_rate", "dpo.beta") and a
     * JSON value (or a plain string). The result is validated like a file, and a bad key or value is quoted.
     */
    public RunConfig with(java.util.List<String> overrides) throws IOException {
        com.fasterxml.jackson.databind.node.ObjectNode root = JSON.valueToTree(this);
        for (String o : overrides) {
            int eq = o.indexOf('=');
            if (eq <= 0) {
                throw new IOException("--set '" + o + "': expected key=value, e.g. train.learning_rate=1e-5");
            }
            String[] path = o.substring(0, eq).split("\\.");
            String raw = o.substring(eq + 1);
            com.fasterxml.jackson.databind.JsonNode value;
            try {
                value = JSON.readTree(raw);
            } catch (JsonProcessingException notJson) {
                value = com.fasterxml.jackson.databind.node.TextNode.valueOf(raw);
            }
            com.fasterxml.jackson.databind.node.ObjectNode node = root;
            for (int i = 0; i < path.length - 1; i++) {
                com.fasterxml.jackson.databind.JsonNode next = node.get(path[i]);
                if (next == null || next.isNull()) {
                    next = node.putObject(path[i]);
                }
                if (!next.isObject()) {
                    throw new IOException("--set '" + o + "': '" + path[i] + "' is not a section");
                }
                node = (com.fasterxml.jackson.databind.node.ObjectNode) next;
            }
            node.set(path[path.length - 1], value);
        }
        try {
            return JSON.treeToValue(root, RunConfig.class);
        } catch (UnrecognizedPropertyException e) {
            throw new IOException("--set: unknown key '" + e.getPropertyName() + "'; known keys here: "
                    + e.getKnownPropertyIds(), e);
        } catch (ValueInstantiationException e) {
            throw new IOException("--set: " + (e.getCause() == null ? e.getOriginalMessage() : e.getCause().getMessage()), e);
        } catch (JsonProcessingException e) {
            throw new IOException("--set: " + e.getOriginalMessage(), e);
        }
    }

    /** Reads and validates a config file; every problem names the file (and line where Jackson knows it). */
    public static RunConfig load(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException(file + ": no such config file");
        }
        try {
            return JSON.readValue(file.toFile(), RunConfig.class);
        } catch (UnrecognizedPropertyException e) {
            throw new IOException(file + ": line " + e.getLocation().getLineNr() + ": unknown key '"
                    + e.getPropertyName() + "'; known keys here: " + e.getKnownPropertyIds(), e);
        } catch (ValueInstantiationException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new IOException(file + ": line " + e.getLocation().getLineNr() + ": " + cause.getMessage(), e);
        } catch (com.fasterxml.jackson.databind.JsonMappingException e) {
            String field = e.getPath().stream().map(r -> r.getFieldName() != null ? r.getFieldName()
                    : "[" + r.getIndex() + "]").collect(java.util.stream.Collectors.joining("."));
            throw new IOException(file + ": line " + (e.getLocation() == null ? "?" : e.getLocation().getLineNr())
                    + (field.isEmpty() ? "" : ": field '" + field + "'") + ": " + e.getOriginalMessage(), e);
        } catch (JsonProcessingException e) {
            throw new IOException(file + ": line " + (e.getLocation() == null ? "?" : e.getLocation().getLineNr())
                    + ": " + e.getOriginalMessage(), e);
        }
    }

    public String toJson() {
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}

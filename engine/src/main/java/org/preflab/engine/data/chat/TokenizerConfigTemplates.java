package org.preflab.engine.data.chat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a checkpoint's chat template the way transformers does: {@code chat_template} in tokenizer_config.json is a
 * string or a list of {@code {name, template}}; newer checkpoints keep it in {@code chat_template.jinja} (or the older
 * {@code chat_template.json}) beside the config. Kept apart from the tokenizer wrapper on purpose: rendering text
 * must not need the tokenizer library.
 */
final class TokenizerConfigTemplates {
    /** The special tokens transformers hands to templates, when the config sets them. */
    private static final List<String> TOKEN_KEYS =
            List.of("bos_token", "eos_token", "unk_token", "pad_token", "sep_token", "cls_token", "mask_token");

    private static final ObjectMapper JSON = new ObjectMapper();

    private TokenizerConfigTemplates() {}

    static ChatTemplate load(Path tokenizerConfig, String templateName) throws IOException {
        JsonNode config = JSON.readTree(tokenizerConfig.toFile());
        if (config == null || !config.isObject()) throw new IOException(tokenizerConfig + " is not a JSON object");
        Path folder = tokenizerConfig.toAbsolutePath().getParent();
        String model = folder.getFileName() == null ? tokenizerConfig.toString() : folder.getFileName().toString();
        String source = select(config.get("chat_template"), templateName, tokenizerConfig);
        Path file = tokenizerConfig;
        if (source == null) {
            file = besideConfigFile(folder, templateName, tokenizerConfig);
            source = file.getFileName().toString().endsWith(".jinja") ? Files.readString(file)
                    : select(JSON.readTree(file.toFile()).get("chat_template"), templateName, file);
        }
        Map<String, String> tokens = new LinkedHashMap<>();
        for (String key : TOKEN_KEYS) {
            String token = tokenText(config.get(key));
            if (token != null) tokens.put(key, token);
        }
        return new ChatTemplate(model, file, source, tokens);
    }

    /** The template text in a {@code chat_template} value, or null when there is none. */
    private static String select(JsonNode node, String templateName, Path file) throws IOException {
        if (node == null || node.isNull()) return null;
        if (node.isTextual()) {
            if (!templateName.equals("default")) throw new IOException(file + " has one chat template, not '" + templateName + "'");
            return node.asText();
        }
        if (!node.isArray()) throw new IOException(file + ": chat_template is neither a string nor a list");
        List<String> names = new ArrayList<>();
        for (JsonNode entry : node) {
            String name = entry.path("name").asText(null);
            if (templateName.equals(name) && entry.path("template").isTextual()) return entry.get("template").asText();
            names.add(name);
        }
        throw new IOException(file + " has no chat template named '" + templateName + "' (it has " + names + ")");
    }

    /** The file beside the config that holds the template: chat_template.jinja, else chat_template.json. */
    private static Path besideConfigFile(Path folder, String templateName, Path file) throws IOException {
        Path jinja = folder.resolve("chat_template.jinja");
        if (templateName.equals("default") && Files.isRegularFile(jinja)) return jinja;
        Path json = folder.resolve("chat_template.json");
        if (Files.isRegularFile(json) && select(JSON.readTree(json.toFile()).get("chat_template"), templateName, json) != null) {
            return json;
        }
        throw new IOException(file + " has no chat_template (nor has its folder a chat_template.jinja): "
                + "this checkpoint is not a chat model, or its template must be supplied separately");
    }

    /** A special token is saved as its text or as an AddedToken object {@code {"content": ...}}. */
    private static String tokenText(JsonNode node) {
        if (node == null || node.isNull()) return null;
        if (node.isTextual()) return node.asText();
        JsonNode content = node.get("content");
        return content != null && content.isTextual() ? content.asText() : null;
    }
}

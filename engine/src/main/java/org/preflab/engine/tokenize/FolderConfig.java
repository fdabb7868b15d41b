package org.preflab.engine.tokenize;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import org.preflab.engine.tokenize.SpecialTokens.Token;

/**
 * What a model folder says about its tokenizer beyond {@code tokenizer.json}: the special tokens (config.json and
 * tokenizer_config.json) and the chat template.
 *
 * <p>Both files are optional, as in Hugging Face: a folder with only tokenizer.json loads, with no special tokens
 * besides the model's unknown token. A file that is present but malformed is an error.
 *
 * <p>Token strings are resolved through tokenizer.json (model vocab plus added_tokens). tokenizer_config.json's
 * {@code added_tokens_decoder} is not consulted: transformers writes it from the same added tokens, and a token known
 * only there could be neither produced nor decoded by the tokenizer.
 *
 * <p>Where both files name a token, tokenizer_config.json wins, because that is what the tokenizer itself uses
 * (transformers' {@code tokenizer.eos_token_id}); config.json's ids only fill gaps, except that every
 * {@code eos_token_id} also becomes a stop id.
 */
record FolderConfig(SpecialTokens specialTokens, String chatTemplate) {
    static final String CONFIG = "config.json";
    static final String TOKENIZER_CONFIG = "tokenizer_config.json";
    /** Where newer transformers versions save the template instead of in tokenizer_config.json. */
    static final String CHAT_TEMPLATE_FILE = "chat_template.jinja";

    static FolderConfig read(Path dir, Vocabulary vocab) {
        Path configPath = dir.resolve(CONFIG);
        Path tokConfigPath = dir.resolve(TOKENIZER_CONFIG);
        JsonNode config = JsonFiles.readObjectIfPresent(configPath);
        JsonNode tokConfig = JsonFiles.readObjectIfPresent(tokConfigPath);
        Resolver fromConfig = new Resolver(configPath, config, vocab);
        Resolver fromTokConfig = new Resolver(tokConfigPath, tokConfig, vocab);

        List<Long> eosIds = fromConfig.ids("eos_token_id", true);
        Token eos = fromTokConfig.token("eos_token");
        if (eos == null && !eosIds.isEmpty()) {
            eos = fromConfig.byId(eosIds.get(0), "eos_token_id");
        }
        Token bos = or(fromTokConfig.token("bos_token"), fromConfig.singleId("bos_token_id"));
        Token pad = or(fromTokConfig.token("pad_token"), fromConfig.singleId("pad_token_id"));
        Token unk = fromTokConfig.token("unk_token");
        if (unk == null) {
            unk = vocab.modelUnkToken().map(s -> new Token(vocab.id(s).getAsLong(), s)).orElse(null);
        }
        for (long id : eosIds) {
            fromConfig.byId(id, "eos_token_id"); // every stop id must be a real token
        }
        SpecialTokens special = new SpecialTokens(bos, eos, pad, unk, new LinkedHashSet<>(eosIds));
        return new FolderConfig(special, chatTemplate(dir, tokConfigPath, tokConfig));
    }

    private static Token or(Token first, Token second) {
        return first != null ? first : second;
    }

    /**
     * "chat_template" is a string, or a list of {"name", "template"} of which transformers uses "default" unless
     * told otherwise. A list without "default" gives no template: picking another one would be a guess.
     */
    private static String chatTemplate(Path dir, Path file, JsonNode cfg) {
        JsonNode node = cfg == null ? null : cfg.get("chat_template");
        if (node == null || node.isNull()) {
            Path jinja = dir.resolve(CHAT_TEMPLATE_FILE);
            try {
                return Files.isRegularFile(jinja) ? Files.readString(jinja, StandardCharsets.UTF_8) : null;
            } catch (IOException e) {
                throw new TokenizerException(jinja + ": cannot read: " + e, e);
            }
        }
        if (node.isTextual()) {
            return node.asText();
        }
        if (!node.isArray()) {
            throw new TokenizerException(file + ": field \"chat_template\" must be a string or a list of"
                    + " {\"name\", \"template\"}");
        }
        String chosen = null;
        for (int i = 0; i < node.size(); i++) {
            JsonNode name = node.get(i).get("name");
            JsonNode template = node.get(i).get("template");
            if (name == null || !name.isTextual() || template == null || !template.isTextual()) {
                throw new TokenizerException(file + ": field \"chat_template[" + i + "]\" needs string"
                        + " \"name\" and \"template\"");
            }
            if (name.asText().equals("default")) {
                chosen = template.asText();
            }
        }
        return chosen;
    }

    /** Reads special-token fields of one file and resolves them against the vocabulary. */
    private record Resolver(Path file, JsonNode cfg, Vocabulary vocab) {

        /** A "bos_token"-style field: a string, or an AddedToken object {"content": ...}; null or "" is absent. */
        Token token(String field) {
            JsonNode node = cfg == null ? null : cfg.get(field);
            if (node == null || node.isNull()) {
                return null;
            }
            JsonNode content = node.isObject() ? node.get("content") : node;
            if (content == null || !content.isTextual()) {
                throw new TokenizerException(file + ": field \"" + field + "\" must be a string or an object with a"
                        + " string \"content\", got " + node);
            }
            String s = content.asText();
            if (s.isEmpty()) {
                return null;
            }
            long id = vocab.id(s).orElseThrow(() -> new TokenizerException(file + ": field \"" + field + "\": \""
                    + s + "\" is not a token of tokenizer.json"));
            return new Token(id, s);
        }

        /** A "*_token_id" field: null or absent, an integer, or (when allowed) a list of integers. */
        List<Long> ids(String field, boolean listAllowed) {
            JsonNode node = cfg == null ? null : cfg.get(field);
            List<Long> ids = new ArrayList<>();
            if (node == null || node.isNull()) {
                return ids;
            }
            if (node.isIntegralNumber()) {
                ids.add(node.asLong());
                return ids;
            }
            boolean ok = listAllowed && node.isArray();
            for (int i = 0; ok && i < node.size(); i++) {
                ok = node.get(i).isIntegralNumber();
                if (ok) {
                    ids.add(node.get(i).asLong());
                }
            }
            if (!ok) {
                throw new TokenizerException(file + ": field \"" + field + "\" must be an integer"
                        + (listAllowed ? " or a list of integers" : "") + ", got " + node);
            }
            return ids;
        }

        Token singleId(String field) {
            List<Long> ids = ids(field, false);
            return ids.isEmpty() ? null : byId(ids.get(0), field);
        }

        Token byId(long id, String field) {
            String content = vocab.token(id).orElseThrow(() -> new TokenizerException(file + ": field \"" + field
                    + "\": id " + id + " is not a token of tokenizer.json (" + vocab.size() + " ids)"));
            return new Token(id, content);
        }
    }
}

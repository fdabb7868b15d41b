package org.preflab.engine.tokenize;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The token strings and ids of a {@code tokenizer.json}: the model vocabulary plus {@code added_tokens}.
 *
 * <p>DJL's tokenizer does not expose the vocabulary, and special-token names from the config files have to be
 * turned into ids, so the file is read a second time here. Only {@code model.vocab}, {@code model.unk_token} /
 * {@code unk_id} and {@code added_tokens} are bound; {@code merges} (hundreds of thousands of entries in real
 * tokenizers) is skipped by the parser without building a tree.
 */
final class Vocabulary {
    private final Map<String, Long> idsByToken;
    private final Map<Long, String> tokensById;
    private final String modelUnkToken;
    private final int size;
    private final int longestToken;

    private Vocabulary(Map<String, Long> idsByToken, Map<Long, String> tokensById, String modelUnkToken) {
        this.idsByToken = idsByToken;
        this.tokensById = tokensById;
        this.modelUnkToken = modelUnkToken;
        this.size = tokensById.isEmpty() ? 0 : Math.toIntExact(Collections.max(tokensById.keySet()) + 1);
        this.longestToken = idsByToken.keySet().stream().mapToInt(String::length).max().orElse(1);
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record FileShape(ModelShape model, @JsonProperty("added_tokens") List<AddedShape> addedTokens) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    record ModelShape(String type, JsonNode vocab, @JsonProperty("unk_token") String unkToken,
            @JsonProperty("unk_id") Long unkId) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    record AddedShape(Long id, String content) {}

    static Vocabulary read(Path tokenizerJson) {
        FileShape file;
        try {
            file = JsonFiles.MAPPER.readerFor(FileShape.class).readValue(tokenizerJson.toFile());
        } catch (IOException e) {
            throw JsonFiles.failure(tokenizerJson, e);
        }
        if (file == null || file.model() == null || file.model().vocab() == null) {
            throw new TokenizerException(tokenizerJson + ": no \"model\".\"vocab\"");
        }
        Map<String, Long> ids = new HashMap<>();
        Map<Long, String> tokens = new HashMap<>();
        JsonNode vocab = file.model().vocab();
        if (vocab.isObject()) {
            // BPE, WordPiece, WordLevel: {"piece": id, ...}
            for (var it = vocab.fields(); it.hasNext(); ) {
                var e = it.next();
                if (!e.getValue().canConvertToLong() || e.getValue().asLong() < 0) {
                    throw new TokenizerException(tokenizerJson + ": field \"model.vocab\": id of \"" + e.getKey()
                            + "\" is not a non-negative integer: " + e.getValue());
                }
                put(ids, tokens, e.getKey(), e.getValue().asLong());
            }
        } else if (vocab.isArray()) {
            // Unigram: [["piece", score], ...], the id is the position.
            for (int i = 0; i < vocab.size(); i++) {
                JsonNode entry = vocab.get(i);
                if (!entry.isArray() || entry.isEmpty() || !entry.get(0).isTextual()) {
                    throw new TokenizerException(tokenizerJson + ": field \"model.vocab\": entry " + i
                            + " is not [piece, score]");
                }
                put(ids, tokens, entry.get(0).asText(), i);
            }
        } else {
            throw new TokenizerException(tokenizerJson + ": field \"model.vocab\" is neither an object nor a list");
        }
        if (file.addedTokens() != null) {
            for (AddedShape added : file.addedTokens()) {
                if (added == null || added.id() == null || added.id() < 0 || added.content() == null) {
                    throw new TokenizerException(tokenizerJson + ": field \"added_tokens\": entry without id/content: "
                            + added);
                }
                put(ids, tokens, added.content(), added.id());
            }
        }
        String unk = file.model().unkToken();
        if (unk == null && file.model().unkId() != null) {
            unk = tokens.get(file.model().unkId());
        }
        // An unk_token that is not in the vocabulary is unusable by the model too; treat it as absent.
        return new Vocabulary(ids, tokens, unk != null && ids.containsKey(unk) ? unk : null);
    }

    private static void put(Map<String, Long> ids, Map<Long, String> tokens, String token, long id) {
        ids.put(token, id);
        tokens.put(id, token);
    }

    OptionalLong id(String token) {
        Long id = idsByToken.get(token);
        return id == null ? OptionalLong.empty() : OptionalLong.of(id);
    }

    Optional<String> token(long id) {
        return Optional.ofNullable(tokensById.get(id));
    }

    /** The model's own unknown token ({@code unk_token}, or the piece at {@code unk_id} for Unigram), if known. */
    Optional<String> modelUnkToken() {
        return Optional.ofNullable(modelUnkToken);
    }

    /**
     * The length of the longest token string, added tokens included. A token covers at most this many chars of
     * input: byte-level vocabularies spell each byte as one char, and a UTF-8 byte is never fewer than a UTF-16
     * char; SentencePiece spells a space as one "▁" and a fallback byte as six chars.
     */
    int longestToken() {
        return longestToken;
    }

    /** Highest id + 1: the number of embedding rows the tokenizer can address, added tokens included. */
    int size() {
        return size;
    }
}

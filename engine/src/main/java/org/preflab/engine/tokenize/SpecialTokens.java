package org.preflab.engine.tokenize;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.Set;

/**
 * The special tokens of a model folder. Each of {@code bos}, {@code eos}, {@code pad}, {@code unk} is null when the
 * folder does not define it.
 *
 * <p>{@code stopIds} holds every id that ends generation: all of config.json's {@code eos_token_id} (an int or a list,
 * as in Llama 3 chat models) plus {@code eos}'s id. It is empty only when there is no eos at all.
 *
 * @param bos   beginning-of-sequence token, or null
 * @param eos   end-of-sequence token, or null
 * @param pad   padding token as the folder defines it, or null (see {@link #padIdOrEos()})
 * @param unk   unknown token, or null (byte-level tokenizers such as GPT-2 have none)
 * @param stopIds ids that end generation, iteration order as listed in the files
 */
public record SpecialTokens(Token bos, Token eos, Token pad, Token unk, Set<Long> stopIds) {

    /** A special token: its id and its string in the vocabulary. */
    public record Token(long id, String content) {
        public Token {
            Objects.requireNonNull(content, "content");
        }
    }

    public SpecialTokens {
        Set<Long> stops = new LinkedHashSet<>(Objects.requireNonNull(stopIds, "stopIds"));
        if (eos != null) {
            stops.add(eos.id());
        }
        stopIds = Collections.unmodifiableSet(stops);
    }

    public OptionalLong bosId() {
        return idOf(bos);
    }

    public OptionalLong eosId() {
        return idOf(eos);
    }

    public OptionalLong padId() {
        return idOf(pad);
    }

    public OptionalLong unkId() {
        return idOf(unk);
    }

    /** True when generation should stop after {@code id}. */
    public boolean isStop(long id) {
        return stopIds.contains(id);
    }

    /**
     * The id to pad batches with: the pad token, or else the eos token. Many causal LMs (GPT-2, Llama 2, Mistral)
     * ship without a pad token; TRL then sets {@code pad_token = eos_token}. That is safe only because padded
     * positions are masked out of attention and of the loss, which callers must do.
     *
     * @throws IllegalStateException when the folder defines neither a pad nor an eos token
     */
    public long padIdOrEos() {
        if (pad != null) {
            return pad.id();
        }
        if (eos != null) {
            return eos.id();
        }
        throw new IllegalStateException("the tokenizer has neither a pad token nor an eos token to pad with");
    }

    private static OptionalLong idOf(Token t) {
        return t == null ? OptionalLong.empty() : OptionalLong.of(t.id());
    }
}

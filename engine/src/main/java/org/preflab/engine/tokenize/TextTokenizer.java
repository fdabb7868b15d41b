package org.preflab.engine.tokenize;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.preflab.engine.runtime.DjlRuntime;

/**
 * Text to token ids and back for a Hugging Face model folder, on DJL's binding of the Rust {@code tokenizers}
 * library (so normalizer, pre-tokenizer, model, post-processor and decoder run exactly as in Python).
 *
 * <p>Encoding never truncates or pads: DJL's defaults would cut every text at 512 tokens without a word, which
 * would silently shorten long chosen/rejected answers. Lengths are the caller's business.
 *
 * <p>{@link #close()} frees the native tokenizer: no call may run during or after it.
 */
public final class TextTokenizer implements AutoCloseable {
    static final String TOKENIZER_JSON = "tokenizer.json";

    /**
     * Options for {@code HuggingFaceTokenizer.newInstance}. "false" maps to DJL's DO_NOT_TRUNCATE / DO_NOT_PAD
     * (any truncation or padding block inside tokenizer.json is switched off too). addSpecialTokens is only DJL's
     * default for the one-argument encode; {@link #encode} always passes it explicitly.
     */
    private static final Map<String, String> DJL_OPTIONS = Map.of(
            "truncation", "false",
            "padding", "false",
            "addSpecialTokens", "true",
            "withOverflowingTokens", "false");

    private final HuggingFaceTokenizer hf;
    private final Vocabulary vocab;
    private final SpecialTokens specialTokens;
    private final String chatTemplate;

    private TextTokenizer(HuggingFaceTokenizer hf, Vocabulary vocab, FolderConfig config) {
        this.hf = hf;
        this.vocab = vocab;
        this.specialTokens = config.specialTokens();
        this.chatTemplate = config.chatTemplate();
    }

    /**
     * Loads {@code modelDir/tokenizer.json} with the special tokens of config.json and tokenizer_config.json
     * (both optional) and the chat template.
     *
     * @throws TokenizerException when tokenizer.json is missing, or any of the files is malformed; the message
     *     names the file (and the field for a bad special-token entry)
     */
    public static TextTokenizer load(Path modelDir) {
        Path json = modelDir.resolve(TOKENIZER_JSON);
        if (!Files.isRegularFile(json)) {
            throw new TokenizerException("no " + TOKENIZER_JSON + " in " + modelDir);
        }
        // Our own parse first: it gives a clear error for broken JSON, and DJL does not expose the vocabulary.
        Vocabulary vocab = Vocabulary.read(json);
        FolderConfig config = FolderConfig.read(modelDir, vocab);
        applyOfflineSettings();
        HuggingFaceTokenizer hf;
        try {
            // The (Path, Map) overload reads tokenizer.json only. The overload that also reads
            // tokenizer_config.json would let that file switch off special tokens and enable DJL's own
            // "clean up tokenization spaces" rewriting in decode; we want the tokenizer.json pipeline as is.
            hf = HuggingFaceTokenizer.newInstance(json, DJL_OPTIONS);
        } catch (IOException | RuntimeException e) {
            throw new TokenizerException(json + ": the tokenizers library rejected it: " + e.getMessage(), e);
        }
        return new TextTokenizer(hf, vocab, config);
    }

    /**
     * The same settings {@link DjlRuntime#engine()} applies, without starting PyTorch, which the tokenizer does not
     * need: without ai.djl.offline DJL's tokenizer factory calls a telemetry address. The native tokenizer library
     * ships inside the DJL jar and is unpacked to DJL_CACHE_DIR.
     */
    private static void applyOfflineSettings() {
        System.setProperty("ai.djl.offline", "true");
        System.setProperty("OPT_OUT_TRACKING", "true");
        if (System.getenv("DJL_CACHE_DIR") == null && System.getProperty("DJL_CACHE_DIR") == null) {
            System.setProperty("DJL_CACHE_DIR", DjlRuntime.defaultCacheDir().toString());
        }
    }

    /**
     * Token ids of {@code text}. With {@code addSpecialTokens} the tokenizer.json post_processor adds its tokens
     * (e.g. BOS for Llama); without, the ids are the bare text. A literal special-token string inside the text
     * (such as "&lt;s&gt;") becomes that special token, as in Hugging Face.
     */
    public long[] encode(String text, boolean addSpecialTokens) {
        Objects.requireNonNull(text, "text");
        return hf.encode(text, addSpecialTokens, false).getIds();
    }

    /**
     * The first {@code count} ids of {@code encode(text, addSpecialTokens)} (all of them when there are fewer), with
     * work bounded by {@code count} rather than by the text: a 19 MB completion cut to max_length took 46 s and
     * 2.5 GB tokenized whole. A prefix of the text is tokenized, long enough for count tokens even if every token
     * were the vocabulary's longest, with room to spare, since tokens near the cut differ from the full text's.
     * The result is taken only when a second, longer prefix (cut where a merge chain would end differently) gives
     * the same first count ids; otherwise the prefix doubles, up to the whole text. So it equals the full
     * encoding's prefix unless a merge chain spans both cuts with the same outcome at each, which pre-tokenized
     * vocabularies (split at spaces and punctuation) cannot produce over thousands of chars.
     */
    public long[] encodePrefix(String text, boolean addSpecialTokens, int count) {
        Objects.requireNonNull(text, "text");
        long budget = 2L * (count + 2) * vocab.longestToken() + 1024;
        while (budget < text.length()) {
            long[] first = encode(text.substring(0, cut(text, budget)), addSpecialTokens);
            if (first.length > count + 1) { // the last token or two may be a cut token
                long longer = budget + budget / 2 + 1;
                long[] second = longer >= text.length() ? encode(text, addSpecialTokens)
                        : encode(text.substring(0, cut(text, longer)), addSpecialTokens);
                if (second.length >= count && java.util.Arrays.equals(first, 0, count, second, 0, count)) {
                    return java.util.Arrays.copyOf(first, count);
                }
            }
            budget *= 2;
        }
        long[] all = encode(text, addSpecialTokens);
        return all.length > count ? java.util.Arrays.copyOf(all, count) : all;
    }

    /** {@code at} moved back off the middle of a surrogate pair. */
    private static int cut(String text, long at) {
        int i = (int) at;
        return Character.isHighSurrogate(text.charAt(i - 1)) ? i - 1 : i;
    }

    /**
     * Text of {@code ids} through the tokenizer.json decoder. With {@code skipSpecialTokens} the tokens marked
     * special in added_tokens are left out. As in Hugging Face, an id with no token (for instance a padding row of a
     * larger embedding matrix) decodes to nothing.
     *
     * @throws IllegalArgumentException for a negative id (the native side would wrap it to a huge unsigned id)
     */
    public String decode(long[] ids, boolean skipSpecialTokens) {
        for (long id : ids) {
            if (id < 0 || id > 0xFFFF_FFFFL) {
                throw new IllegalArgumentException("token id out of range: " + id);
            }
        }
        return hf.decode(ids, skipSpecialTokens);
    }

    /** Highest token id + 1, added tokens included. The model's embedding may have more rows (padding). */
    public int vocabSize() {
        return vocab.size();
    }

    public SpecialTokens specialTokens() {
        return specialTokens;
    }

    /** The pad id, or the eos id when there is no pad token; see {@link SpecialTokens#padIdOrEos()}. */
    public long padIdOrEos() {
        return specialTokens.padIdOrEos();
    }

    /**
     * The Jinja chat template: tokenizer_config.json "chat_template" (a string, or the "default" entry of a list of
     * named templates), else a chat_template.jinja file beside it. Empty when the folder has none.
     */
    public Optional<String> chatTemplate() {
        return Optional.ofNullable(chatTemplate);
    }

    /** Frees the native tokenizer; idempotent. */
    @Override
    public void close() {
        hf.close();
    }
}

package org.preflab.engine.data.chat;

import com.hubspot.jinjava.interpret.CollectionTooBigException;
import com.hubspot.jinjava.interpret.OutputTooBigException;
import com.hubspot.jinjava.interpret.RenderResult;
import com.hubspot.jinjava.interpret.TemplateError;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.preflab.engine.spi.ChatMessage;

/**
 * A Hugging Face chat template (Jinja2) rendered the way {@code tokenizer.apply_chat_template(..., tokenize=False)}
 * renders it, on jinjava. The template sees {@code messages}, {@code add_generation_prompt}, the special tokens
 * ({@code bos_token}, {@code eos_token}, ...), {@code raise_exception}, {@code strftime_now} and a Python-style
 * {@code tojson}; other variables transformers passes ({@code tools=None}, {@code documents=None}) are undefined here,
 * which jinjava cannot tell from None anyway. A render either returns Jinja2's text or throws
 * {@link ChatTemplateException}: jinjava's habit of rendering on after an error is never let through, and constructs
 * it would render differently are refused when the template is built.
 *
 * <p>Known differences that remain, none of which the templates we know depend on: None prints as nothing (not
 * "None") and {@code x is none} is true for an undefined {@code x}; attributes of undefined values are undefined
 * rather than an error; {@code a and b} gives a boolean rather than {@code b}; string literals cannot use
 * backslash-u or backslash-x escapes (a clear error).
 */
public final class ChatTemplate {
    private static final List<String> RESERVED = List.of("messages", "add_generation_prompt");

    private final String name;
    private final Path file;
    private final String source;
    private final String jinjavaSource;
    private final Map<String, String> specialTokens;
    private final RenderLimits limits;

    /**
     * An unnamed template with its {@code bos_token} and {@code eos_token}; either may be null (undefined in the
     * template, as when a tokenizer has none).
     */
    public static ChatTemplate of(String source, String bosToken, String eosToken) {
        return new ChatTemplate(null, source, tokens(bosToken, eosToken));
    }

    /**
     * A named template (the name appears in errors) with every special token it may use by variable name, e.g.
     * {@code bos_token -> "<s>"}.
     *
     * @throws ChatTemplateException if the template uses a construct this renderer would render wrongly
     */
    public ChatTemplate(String name, String source, Map<String, String> specialTokens) {
        this(name, null, source, specialTokens);
    }

    /** As {@link #ChatTemplate(String, String, Map)}, read from {@code file} (named in errors), with default limits. */
    ChatTemplate(String name, Path file, String source, Map<String, String> specialTokens) {
        this.name = name;
        this.file = file;
        this.source = Objects.requireNonNull(source, "source");
        this.specialTokens = Collections.unmodifiableMap(new LinkedHashMap<>(specialTokens));
        this.limits = RenderLimits.DEFAULT;
        String normalized = TemplateRewriter.normalizeNewlines(source);
        TemplateScanner.firstUnsupported(normalized, JinjaEnvironment::hasFilter, JinjaEnvironment::hasTest).ifPresent(problem -> {
            throw new ChatTemplateException(name, "it uses " + problem, false);
        });
        this.jinjavaSource = TemplateRewriter.rewrite(normalized);
    }

    private ChatTemplate(ChatTemplate t, RenderLimits limits) {
        this.name = t.name;
        this.file = t.file;
        this.source = t.source;
        this.jinjavaSource = t.jinjavaSource;
        this.specialTokens = t.specialTokens;
        this.limits = Objects.requireNonNull(limits, "limits");
    }

    /** This template rendering under other limits (experiment.json's data.template_*). */
    public ChatTemplate withLimits(RenderLimits limits) {
        return new ChatTemplate(this, limits);
    }

    public RenderLimits limits() {
        return limits;
    }

    /** The file the template was read from, when it was read from one. */
    public Optional<Path> file() {
        return Optional.ofNullable(file);
    }

    /**
     * The default chat template of a checkpoint, from its {@code tokenizer_config.json} (or the
     * {@code chat_template.jinja} beside it), with its special tokens; named after the checkpoint folder.
     */
    public static ChatTemplate fromTokenizerConfig(Path tokenizerConfig) throws IOException {
        return TokenizerConfigTemplates.load(tokenizerConfig, "default");
    }

    /** A named template of a checkpoint that ships several (e.g. "tool_use"). */
    public static ChatTemplate fromTokenizerConfig(Path tokenizerConfig, String templateName) throws IOException {
        return TokenizerConfigTemplates.load(tokenizerConfig, templateName);
    }

    public Optional<String> name() {
        return Optional.ofNullable(name);
    }

    public String source() {
        return source;
    }

    public Map<String, String> specialTokens() {
        return specialTokens;
    }

    public Optional<String> bosToken() {
        return Optional.ofNullable(specialTokens.get("bos_token"));
    }

    public Optional<String> eosToken() {
        return Optional.ofNullable(specialTokens.get("eos_token"));
    }

    /** {@code apply_chat_template(messages, add_generation_prompt=..., tokenize=False)}. */
    public String render(List<ChatMessage> messages, boolean addGenerationPrompt) {
        return render(messages, addGenerationPrompt, Map.of());
    }

    /**
     * As {@link #render(List, boolean)}, with extra template variables (transformers' {@code **kwargs}), e.g.
     * {@code date_string} to pin Llama 3's date or {@code enable_thinking}. Values are Strings, Numbers, Booleans,
     * Lists and Maps.
     */
    public String render(List<ChatMessage> messages, boolean addGenerationPrompt, Map<String, ?> variables) {
        Map<String, Object> context = new HashMap<>(JinjaEnvironment.FUNCTION_NAMES);
        context.putAll(specialTokens);
        for (Map.Entry<String, ?> v : variables.entrySet()) {
            if (RESERVED.contains(v.getKey())) throw new IllegalArgumentException(v.getKey() + " is set by the renderer");
            context.put(v.getKey(), v.getValue());
        }
        List<Map<String, Object>> turns = new ArrayList<>(messages.size());
        long messageChars = 0;
        for (ChatMessage m : messages) {
            messageChars += m.content().length();
            Map<String, Object> turn = new LinkedHashMap<>(); // role first, as in datasets, for tojson's key order
            turn.put("role", m.role());
            turn.put("content", m.content());
            turns.add(turn);
        }
        context.put("messages", turns);
        context.put("add_generation_prompt", addGenerationPrompt);
        // The messages are data and may be long; the cap is on what the template adds to them.
        long maxChars = Math.min(Long.MAX_VALUE / 2, limits.maxOutputChars()) + messageChars;
        RenderResult result;
        try (RenderBudget.Scope budget = RenderBudget.start(limits.timeLimitNanos())) {
            result = JinjaEnvironment.JINJAVA.renderForResult(jinjavaSource, context,
                    JinjaEnvironment.renderConfig(maxChars));
        } catch (RenderBudget.Exceeded e) {
            throw overLimit("took longer than " + seconds(limits.timeLimitSeconds()) + " s to render",
                    "data.template_time_limit_s");
        } catch (OutOfMemoryError e) {
            // Only a template can build this much from messages that fit in memory: its limit, not the JVM's.
            throw overLimit("ran out of memory while rendering", "data.template_max_output");
        } catch (StackOverflowError e) {
            throw overLimit("recursed too deeply while rendering", "data.template_max_output");
        }
        return check(result);
    }

    private ChatTemplateException overLimit(String what, String setting) {
        String where = file == null ? "" : " (" + file + ")";
        return new ChatTemplateException(name, where, what + ", past the limit " + setting + " ("
                + (setting.endsWith("_s") ? seconds(limits.timeLimitSeconds()) + " s"
                        : limits.maxOutputChars() + " characters beyond the messages' text")
                + "); a real chat template needs a few milliseconds and characters, so this one is broken or "
                + "hostile", setting);
    }

    private static String seconds(double s) {
        return s == Math.rint(s) ? String.valueOf((long) s) : String.valueOf(s);
    }

    /**
     * transformers' {@code continue_final_message=True}: the conversation rendered up to the end of the last
     * message's text, so that a model continues it (TRL uses this for prompts that end with an assistant turn).
     */
    public String renderContinuingFinalMessage(List<ChatMessage> messages) {
        if (messages.isEmpty()) throw new IllegalArgumentException("no final message to continue");
        String rendered = render(messages, false);
        String last = messages.get(messages.size() - 1).content();
        String stripped = PyStrings.strip(last, null, true, true);
        int at = rendered.lastIndexOf(stripped);
        if (at < 0) {
            throw new ChatTemplateException(name, "the final message does not appear in the rendered chat, so it "
                    + "cannot be continued (the template changes the message's text)", false);
        }
        String leftStripped = PyStrings.strip(last, null, true, false);
        // transformers compares the rendered text with the unstripped message: kept trailing spacing survives.
        boolean spacingKept = rendered.startsWith(last, at) && last.length() == leftStripped.length();
        return rendered.substring(0, at + (spacingKept ? leftStripped.length() : stripped.length()));
    }

    /**
     * jinjava keeps rendering after an error and returns partial text: the first error wins, as in Jinja2. Syntax
     * problems it only warns about (a stray {@code {% endif %}}) are errors in Jinja2; other warnings (an unknown
     * attribute, which Jinja2 also treats as undefined) are not.
     */
    private String check(RenderResult result) {
        for (TemplateError error : result.getErrors()) {
            if (sizeLimit(error)) {
                throw overLimit("built more than " + limits.maxOutputChars() + " characters (or list items) beyond "
                        + "the messages' text", "data.template_max_output");
            }
            if (error.getSeverity() != TemplateError.ErrorType.FATAL
                    && error.getReason() != TemplateError.ErrorReason.SYNTAX_ERROR) continue;
            if (JinjaEnvironment.RAISE_EXCEPTION.equals(error.getFieldName())
                    && error.getReason() == TemplateError.ErrorReason.INVALID_INPUT) {
                throw new ChatTemplateException(name, error.getMessage(), true);
            }
            throw new ChatTemplateException(name, describe(error), false);
        }
        return result.getOutput();
    }

    /** jinjava's size limits: its own reasons, or its exceptions wrapped in an expression error. */
    private static boolean sizeLimit(TemplateError error) {
        if (error.getReason() == TemplateError.ErrorReason.OUTPUT_TOO_BIG
                || error.getReason() == TemplateError.ErrorReason.OVER_LIMIT
                || error.getReason() == TemplateError.ErrorReason.COLLECTION_TOO_BIG) {
            return true;
        }
        for (Throwable t = error.getException(); t != null; t = t.getCause()) {
            if (t instanceof OutputTooBigException || t instanceof CollectionTooBigException) return true;
        }
        return false;
    }

    /** Our own exceptions (unsupported str methods, json types) carry the useful text deep in the cause chain. */
    private static String describe(TemplateError error) {
        String message = error.getMessage();
        for (Throwable t = error.getException(); t != null; t = t.getCause()) {
            if (t instanceof UnsupportedOperationException || t instanceof PyStrings.PyError) message = t.getMessage();
        }
        return message + (error.getLineno() > 0 ? " (line " + error.getLineno() + ")" : "");
    }

    private static Map<String, String> tokens(String bosToken, String eosToken) {
        Map<String, String> tokens = new LinkedHashMap<>();
        if (bosToken != null) tokens.put("bos_token", bosToken);
        if (eosToken != null) tokens.put("eos_token", eosToken);
        return tokens;
    }

    @Override
    public String toString() {
        return "ChatTemplate[" + (name == null ? "unnamed" : name) + "]";
    }
}

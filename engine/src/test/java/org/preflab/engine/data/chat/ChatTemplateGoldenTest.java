package org.preflab.engine.data.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.preflab.engine.spi.ChatMessage;

/** Every rendering and preference split in shared/fixtures/chat-templates/golden.json, which Jinja2 produced. */
class ChatTemplateGoldenTest {
    private static final Path FIXTURES = Path.of(System.getProperty("preflab.shared", "../../shared"), "fixtures", "chat-templates");
    private static final JsonNode GOLDEN = readGolden();
    private static final Map<String, ChatTemplate> TEMPLATES = new HashMap<>();

    private static JsonNode readGolden() {
        try {
            return new ObjectMapper().readTree(FIXTURES.resolve("golden.json").toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("golden.json not found under " + FIXTURES + " (set -Dpreflab.shared)", e);
        }
    }

    /** Loaded from the fixture checkpoints' tokenizer_config.json, so the loader is tested on every case. */
    private static synchronized ChatTemplate template(String name) {
        return TEMPLATES.computeIfAbsent(name, n -> {
            try {
                return ChatTemplate.fromTokenizerConfig(FIXTURES.resolve(n).resolve("tokenizer_config.json"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    static Stream<Arguments> renderings() {
        return cases("renderings", c -> c.get("case").asText() + (c.get("add_generation_prompt").asBoolean() ? "+gen" : ""));
    }

    static Stream<Arguments> preferencePairs() {
        return cases("preference_pairs", c -> c.get("case").asText());
    }

    private static Stream<Arguments> cases(String section, java.util.function.Function<JsonNode, String> label) {
        List<Arguments> out = new ArrayList<>();
        for (JsonNode c : GOLDEN.get(section)) out.add(Arguments.of(c.get("template").asText() + " " + label.apply(c), c));
        return out.stream();
    }

    private static List<ChatMessage> messages(JsonNode array) {
        List<ChatMessage> out = new ArrayList<>();
        for (JsonNode m : array) out.add(new ChatMessage(m.get("role").asText(), m.get("content").asText()));
        return out;
    }

    @Test
    void goldenHoldsWhatTheReadmeSays() {
        assertEquals(120, GOLDEN.get("renderings").size());
        assertEquals(30, GOLDEN.get("preference_pairs").size());
    }

    @Test
    void specialTokensComeFromTheTokenizerConfig() {
        GOLDEN.get("special_tokens").fields().forEachRemaining(e -> {
            ChatTemplate t = template(e.getKey());
            assertEquals(e.getKey(), t.name().orElseThrow());
            // qwen2.5 has no bos_token: Jinja2 sees it undefined, which renders like the golden's "".
            assertEquals(e.getValue().get("bos_token").asText(), t.bosToken().orElse(""), e.getKey());
            assertEquals(e.getValue().get("eos_token").asText(), t.eosToken().orElse(""), e.getKey());
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("renderings")
    void rendersLikeJinja2(String label, JsonNode c) {
        ChatTemplate template = template(c.get("template").asText());
        List<ChatMessage> messages = messages(c.get("messages"));
        boolean generationPrompt = c.get("add_generation_prompt").asBoolean();
        JsonNode expected = c.get("expected");
        if (expected.has("error")) {
            ChatTemplateException e = assertThrows(ChatTemplateException.class, () -> template.render(messages, generationPrompt));
            assertTrue(e.raisedByTemplate(), e::getMessage);
            assertEquals(expected.get("error").asText(), e.reason());
            assertEquals(c.get("template").asText(), e.templateName().orElseThrow());
            assertTrue(e.getMessage().contains(c.get("template").asText()), e::getMessage);
        } else {
            assertEquals(expected.get("text").asText(), template.render(messages, generationPrompt));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("preferencePairs")
    void splitsLikeTrl(String label, JsonNode c) {
        TextTriple triple = ConversationalSplit.split(template(c.get("template").asText()),
                messages(c.get("prompt")), messages(c.get("chosen")), messages(c.get("rejected")));
        JsonNode expected = c.get("expected");
        assertEquals(expected.get("prompt").asText(), triple.prompt());
        assertEquals(expected.get("chosen").asText(), triple.chosen());
        assertEquals(expected.get("rejected").asText(), triple.rejected());
    }

    @Test
    void everyFixtureTemplateIsAcceptedByTheScanner() throws IOException {
        try (Stream<Path> dirs = Files.list(FIXTURES)) {
            assertEquals(10, dirs.filter(d -> Files.isRegularFile(d.resolve("tokenizer_config.json")))
                    .map(d -> template(d.getFileName().toString())).count());
        }
    }
}

package org.preflab.engine.data.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.preflab.engine.spi.ChatMessage;

/**
 * Jinja2's output for our own snippets (jinja2-snippets.txt: Python string methods, tojson, whitespace rules,
 * printing, rewritten constructs) and for the fixture templates on hostile conversations (control characters,
 * Unicode whitespace, template syntax in content). jinja2_cases.py regenerates the expectations.
 */
class ChatTemplateJinja2CasesTest {
    private static final Path FIXTURES = Path.of(System.getProperty("preflab.shared", "../../shared"), "fixtures", "chat-templates");
    private static final ObjectMapper JSON = new ObjectMapper();

    static Stream<Arguments> cases() throws IOException {
        try (InputStream in = ChatTemplateJinja2CasesTest.class.getResourceAsStream("jinja2-cases.json")) {
            List<Arguments> out = new ArrayList<>();
            for (JsonNode c : JSON.readTree(in).get("cases")) out.add(Arguments.of(c.get("id").asText(), c));
            return out.stream();
        }
    }

    @SuppressWarnings("unchecked")
    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void rendersLikeJinja2(String id, JsonNode c) throws IOException {
        JsonNode expected = c.get("expected");
        if (expected.has("unsupported")) {
            ChatTemplateException e = assertThrows(ChatTemplateException.class, () -> render(id, c));
            assertFalse(e.raisedByTemplate(), e::getMessage);
            assertTrue(e.getMessage().contains(expected.get("unsupported").asText()), e::getMessage);
        } else if (expected.has("raised")) {
            ChatTemplateException e = assertThrows(ChatTemplateException.class, () -> render(id, c));
            assertTrue(e.raisedByTemplate(), e::getMessage);
            assertEquals(expected.get("raised").asText(), e.reason());
        } else {
            assertEquals(expected.get("text").asText(), render(id, c));
        }
    }

    @SuppressWarnings("unchecked")
    private static String render(String id, JsonNode c) throws IOException {
        String source = c.has("fixture")
                ? ChatTemplate.fromTokenizerConfig(FIXTURES.resolve(c.get("fixture").asText()).resolve("tokenizer_config.json")).source()
                : c.get("source").asText();
        ChatTemplate template = new ChatTemplate(id, source, JSON.convertValue(c.get("special_tokens"), Map.class));
        List<ChatMessage> messages = new ArrayList<>();
        for (JsonNode m : c.get("messages")) messages.add(new ChatMessage(m.get("role").asText(), m.get("content").asText()));
        return template.render(messages, c.get("add_generation_prompt").asBoolean(), JSON.convertValue(c.get("variables"), Map.class));
    }
}

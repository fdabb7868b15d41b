package org.preflab.engine.data.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.preflab.engine.spi.ChatMessage;

/** The shapes of tokenizer_config.json that transformers writes. */
class ChatTemplateLoadingTest {
    @TempDir
    Path dir;

    private Path checkpoint(String name, String config) throws IOException {
        Path folder = Files.createDirectories(dir.resolve(name));
        return Files.writeString(folder.resolve("tokenizer_config.json"), config);
    }

    @Test
    void namedTemplatesAndAddedTokenObjects() throws IOException {
        Path config = checkpoint("tiny-chat", """
                {"bos_token": {"__type": "AddedToken", "content": "<s>", "lstrip": false},
                 "eos_token": "</s>", "pad_token": null,
                 "chat_template": [{"name": "default", "template": "{{ bos_token }}{{ messages[0].content }}{{ eos_token }}"},
                                   {"name": "tool_use", "template": "tools:{{ messages[0].content }}"}]}""");
        ChatTemplate t = ChatTemplate.fromTokenizerConfig(config);
        assertEquals("tiny-chat", t.name().orElseThrow());
        assertEquals("<s>hi</s>", t.render(List.of(ChatMessage.user("hi")), false));
        assertEquals("tools:hi", ChatTemplate.fromTokenizerConfig(config, "tool_use").render(List.of(ChatMessage.user("hi")), false));
        IOException missing = assertThrows(IOException.class, () -> ChatTemplate.fromTokenizerConfig(config, "rag"));
        assertTrue(missing.getMessage().contains("[default, tool_use]"), missing::getMessage);
    }

    @Test
    void chatTemplateJinjaBesideTheConfig() throws IOException {
        Path config = checkpoint("newer", "{\"eos_token\": \"<|im_end|>\"}");
        // Saved files end with a newline, which Jinja2 drops.
        Files.writeString(config.resolveSibling("chat_template.jinja"), "{{ messages[0].content }}{{ eos_token }}\n");
        assertEquals("hi<|im_end|>", ChatTemplate.fromTokenizerConfig(config).render(List.of(ChatMessage.user("hi")), false));
    }

    @Test
    void aCheckpointWithoutATemplateSaysSo() throws IOException {
        Path config = checkpoint("base-model", "{\"bos_token\": \"<s>\"}");
        IOException e = assertThrows(IOException.class, () -> ChatTemplate.fromTokenizerConfig(config));
        assertTrue(e.getMessage().contains("no chat_template"), e::getMessage);
    }
}

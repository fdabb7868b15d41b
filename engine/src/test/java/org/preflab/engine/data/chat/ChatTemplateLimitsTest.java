package org.preflab.engine.data.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.preflab.engine.data.DatasetFileException;
import org.preflab.engine.data.PreferenceReader;
import org.junit.jupiter.api.io.TempDir;
import org.preflab.engine.spi.ChatMessage;

/** Untrusted templates (they come inside downloaded model folders) stop at a time and an output limit. */
class ChatTemplateLimitsTest {
    private static final Path FIXTURES = Path.of(System.getProperty("preflab.shared", "../../shared"), "fixtures", "chat-templates");
    private static final List<ChatMessage> HELLO = List.of(new ChatMessage("user", "hello"));
    private static final RenderLimits ONE_SECOND = new RenderLimits(1, RenderLimits.DEFAULT.maxOutputChars());

    private static String loops(int depth) {
        return "{% for a in range(1000) %}".repeat(depth) + "{{ '' }}" + "{% endfor %}".repeat(depth);
    }

    @Test
    void nestedLoopsStopAtTheTimeLimitNamingTemplateFileAndSetting(@TempDir Path dir) throws IOException {
        Path folder = Files.createDirectories(dir.resolve("evil-7b"));
        Files.writeString(folder.resolve("tokenizer_config.json"), "{\"eos_token\": \"</s>\"}");
        for (int depth : new int[] {3, 4}) {
            Files.writeString(folder.resolve("chat_template.jinja"), loops(depth));
            ChatTemplate t = ChatTemplate.fromTokenizerConfig(folder.resolve("tokenizer_config.json")).withLimits(ONE_SECOND);
            long start = System.nanoTime();
            ChatTemplateException e = assertTimeoutPreemptively(Duration.ofSeconds(20),
                    () -> assertThrows(ChatTemplateException.class, () -> t.render(HELLO, true)));
            double seconds = (System.nanoTime() - start) / 1e9;
            assertTrue(seconds < 3, depth + " loops stopped after " + seconds + " s");
            assertEquals("data.template_time_limit_s", e.limitReached().orElseThrow());
            assertTrue(e.getMessage().contains("evil-7b") && e.getMessage().contains("chat_template.jinja")
                    && e.getMessage().contains("data.template_time_limit_s (1 s)"), e.getMessage());
        }
        // The budget ends with the render: the same thread renders a good template afterwards.
        assertEquals("hello", ChatTemplate.of("{{ messages[0]['content'] }}", null, null).render(HELLO, false));
    }

    /** Every record would meet the limit again: the file stops at the first, not after records x limit seconds. */
    @Test
    void aTemplateAtItsLimitStopsTheWholeFileAtItsFirstConversation(@TempDir Path dir) throws IOException {
        Path model = Files.createDirectories(dir.resolve("evil-7b"));
        Files.writeString(model.resolve("tokenizer_config.json"), "{\"eos_token\": \"</s>\"}");
        Files.writeString(model.resolve("chat_template.jinja"), loops(4));
        String pair = "{\"prompt\": [{\"role\": \"user\", \"content\": \"hi\"}], \"chosen\": [{\"role\": "
                + "\"assistant\", \"content\": \"a\"}], \"rejected\": [{\"role\": \"assistant\", \"content\": \"b\"}]}\n";
        Path data = Files.writeString(dir.resolve("pairs.jsonl"), pair.repeat(50));
        long start = System.nanoTime();
        DatasetFileException e = assertThrows(DatasetFileException.class, () -> PreferenceReader.read(data,
                PreferenceReader.templateOf(model, new RenderLimits(0.5, 1000))));
        assertTrue((System.nanoTime() - start) / 1e9 < 5, "took " + (System.nanoTime() - start) / 1e9 + " s");
        assertTrue(e.getMessage().startsWith(data + ": line 1: The chat template of evil-7b ("), e.getMessage());
        assertTrue(e.getMessage().contains("data.template_time_limit_s (0.5 s)"), e.getMessage());
    }

    @Test
    void aStringDoubledInALoopStopsAtTheOutputLimitWithoutRunningOutOfMemory() {
        for (String op : new String[] {"s ~ s", "s + s", "[s, s] | join"}) {
            ChatTemplate t = ChatTemplate.of("{% set s = 'ab' %}{% for i in range(64) %}{% set s = " + op
                    + " %}{% endfor %}{{ s }}", null, null);
            ChatTemplateException e = assertTimeoutPreemptively(Duration.ofSeconds(20),
                    () -> assertThrows(ChatTemplateException.class, () -> t.render(HELLO, true)), op);
            assertEquals("data.template_max_output", e.limitReached().orElse(e.getMessage()));
        }
    }

    @Test
    void outputBeyondTheCapIsRefusedButLongMessagesAreNot() {
        ChatTemplate t = ChatTemplate.of("{% for m in messages %}{{ m['content'] }}{% endfor %}"
                + "{% for i in range(1000) %}{{ 'xxxxxxxxxx' }}{% endfor %}", null, null);
        assertEquals(10_005, t.render(HELLO, false).length());
        ChatTemplate capped = t.withLimits(new RenderLimits(10, 5_000));
        ChatTemplateException e = assertThrows(ChatTemplateException.class, () -> capped.render(HELLO, false));
        assertEquals("data.template_max_output", e.limitReached().orElseThrow());
        assertTrue(e.getMessage().contains("5000 characters"), e.getMessage());
        String longText = "y".repeat(2_000_000); // data, not the template's own output
        assertEquals(2_010_000, capped.withLimits(new RenderLimits(10, 20_000))
                .render(List.of(new ChatMessage("user", longText)), false).length());
    }

    /** The defaults are far above what the ten real templates need: time and characters added to the messages. */
    @Test
    void realTemplatesRenderWellWithinTheDefaults() throws IOException {
        JsonNode golden = new ObjectMapper().readTree(FIXTURES.resolve("golden.json").toFile());
        double slowest = 0;
        long mostAdded = 0;
        for (JsonNode c : golden.get("renderings")) {
            if (c.get("expected").has("error")) continue;
            ChatTemplate t = ChatTemplate.fromTokenizerConfig(
                    FIXTURES.resolve(c.get("template").asText()).resolve("tokenizer_config.json"));
            List<ChatMessage> messages = new ArrayList<>();
            long chars = 0;
            for (JsonNode m : c.get("messages")) {
                messages.add(new ChatMessage(m.get("role").asText(), m.get("content").asText()));
                chars += m.get("content").asText().length();
            }
            for (int i = 0; i < 3; i++) { // the first render of a template pays for parsing and class loading
                long start = System.nanoTime();
                String out = t.render(messages, c.get("add_generation_prompt").asBoolean());
                if (i == 2) slowest = Math.max(slowest, (System.nanoTime() - start) / 1e9);
                mostAdded = Math.max(mostAdded, out.length() - chars);
            }
        }
        System.out.printf("real templates: slowest render %.4f s, at most %d characters added%n", slowest, mostAdded);
        assertTrue(slowest < RenderLimits.DEFAULT.timeLimitSeconds() / 20, "slowest render " + slowest + " s");
        assertTrue(mostAdded < RenderLimits.DEFAULT.maxOutputChars() / 100, "added " + mostAdded + " characters");
    }
}

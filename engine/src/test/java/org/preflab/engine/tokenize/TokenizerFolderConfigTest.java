package org.preflab.engine.tokenize;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Special tokens, chat template and error messages from hand-written config files beside the stories260k vocab. */
class TokenizerFolderConfigTest {
    @TempDir
    Path dir;

    @BeforeEach
    void copyTokenizerJson() throws IOException {
        Path stories = Path.of(System.getProperty("preflab.shared"), "fixtures", "stories260k");
        Files.copy(stories.resolve("tokenizer.json"), dir.resolve("tokenizer.json"));
    }

    private void write(String file, String json) throws IOException {
        Files.writeString(dir.resolve(file), json);
    }

    private String loadError() {
        return assertThrows(TokenizerException.class, () -> TextTokenizer.load(dir).close()).getMessage();
    }

    @Test
    void contentObjectsPadTokenEosListAndNamedChatTemplates() throws IOException {
        write("config.json", """
                {"bos_token_id": 1, "eos_token_id": [2, 0], "pad_token_id": null}""");
        write("tokenizer_config.json", """
                {"bos_token": {"__type": "AddedToken", "content": "<s>", "lstrip": false},
                 "eos_token": {"content": "</s>", "special": true},
                 "pad_token": "<unk>",
                 "unk_token": null,
                 "added_tokens_decoder": {"0": {"content": "<unk>", "special": true},
                                          "2": {"content": "</s>", "special": true}},
                 "chat_template": [{"name": "tool_use", "template": "TOOLS"},
                                   {"name": "default",
                                    "template": "{{ bos_token }}{% for m in messages %}{{ m.content }}{% endfor %}"}]}""");
        try (TextTokenizer tok = TextTokenizer.load(dir)) {
            SpecialTokens st = tok.specialTokens();
            assertEquals(new SpecialTokens.Token(1, "<s>"), st.bos());
            assertEquals(new SpecialTokens.Token(2, "</s>"), st.eos());
            assertEquals(new SpecialTokens.Token(0, "<unk>"), st.pad());
            assertEquals(0, tok.padIdOrEos(), "an explicit pad token wins over the eos fallback");
            // unk_token null in tokenizer_config: the BPE model's own unk_token is used.
            assertEquals(new SpecialTokens.Token(0, "<unk>"), st.unk());
            assertEquals(List.of(2L, 0L), List.copyOf(st.stopIds()), "every eos_token_id is a stop id, in order");
            assertEquals(Optional.of("{{ bos_token }}{% for m in messages %}{{ m.content }}{% endfor %}"),
                    tok.chatTemplate());
            assertArrayEquals(new long[] {1, 403, 407, 261, 378}, tok.encode("Once upon a time", true));
        }
    }

    @Test
    void configIdsFillGapsAndEosListGivesStops() throws IOException {
        write("config.json", """
                {"bos_token_id": 1, "eos_token_id": [2, 1], "pad_token_id": 0}""");
        write("tokenizer_config.json", """
                {"chat_template": "{{ messages }}"}""");
        try (TextTokenizer tok = TextTokenizer.load(dir)) {
            SpecialTokens st = tok.specialTokens();
            assertEquals(new SpecialTokens.Token(1, "<s>"), st.bos());
            assertEquals(new SpecialTokens.Token(2, "</s>"), st.eos(), "first eos_token_id");
            assertEquals(new SpecialTokens.Token(0, "<unk>"), st.pad());
            assertEquals(List.of(2L, 1L), List.copyOf(st.stopIds()));
            assertEquals(Optional.of("{{ messages }}"), tok.chatTemplate());
        }
    }

    @Test
    void onlyTokenizerJson() throws IOException {
        try (TextTokenizer tok = TextTokenizer.load(dir)) {
            SpecialTokens st = tok.specialTokens();
            assertEquals(null, st.bos());
            assertEquals(null, st.eos());
            assertTrue(st.stopIds().isEmpty());
            assertEquals(new SpecialTokens.Token(0, "<unk>"), st.unk());
            assertThrows(IllegalStateException.class, tok::padIdOrEos);
            assertEquals(Optional.empty(), tok.chatTemplate());
            // The post_processor still adds BOS: that is tokenizer.json's business, not the config files'.
            assertArrayEquals(new long[] {1, 410, 444}, tok.encode("x", true));
        }
    }

    @Test
    void templateListWithoutDefaultGivesNoneAndJinjaFileIsAFallback() throws IOException {
        write("tokenizer_config.json", """
                {"chat_template": [{"name": "rag", "template": "R"}]}""");
        try (TextTokenizer tok = TextTokenizer.load(dir)) {
            assertEquals(Optional.empty(), tok.chatTemplate());
        }
        write("tokenizer_config.json", "{}");
        write("chat_template.jinja", "{{ bos_token }}");
        try (TextTokenizer tok = TextTokenizer.load(dir)) {
            assertEquals(Optional.of("{{ bos_token }}"), tok.chatTemplate());
        }
    }

    @Test
    void missingTokenizerJson() throws IOException {
        Files.delete(dir.resolve("tokenizer.json"));
        assertEquals("no tokenizer.json in " + dir, loadError());
    }

    @Test
    void malformedFilesAreNamed() throws IOException {
        write("config.json", "{\"eos_token_id\": 2,");
        String msg = loadError();
        assertTrue(msg.startsWith(dir.resolve("config.json") + ": malformed JSON (line 1"), msg);

        Files.delete(dir.resolve("config.json"));
        write("tokenizer_config.json", "{\"bos_token\": \"<s>\"} trailing");
        msg = loadError();
        assertTrue(msg.startsWith(dir.resolve("tokenizer_config.json") + ": malformed JSON"), msg);

        write("tokenizer_config.json", "[1, 2]");
        assertEquals(dir.resolve("tokenizer_config.json") + ": expected a JSON object at the top level", loadError());

        Files.delete(dir.resolve("tokenizer_config.json"));
        String json = Files.readString(dir.resolve("tokenizer.json"));
        write("tokenizer.json", json.substring(0, json.length() / 2));
        msg = loadError();
        assertTrue(msg.startsWith(dir.resolve("tokenizer.json") + ": malformed JSON"), msg);
    }

    @Test
    void badSpecialTokenEntriesNameFileAndField() throws IOException {
        Path tc = dir.resolve("tokenizer_config.json");
        write("tokenizer_config.json", "{\"eos_token\": 2}");
        assertEquals(tc + ": field \"eos_token\" must be a string or an object with a string \"content\", got 2",
                loadError());
        write("tokenizer_config.json", "{\"pad_token\": {\"special\": true}}");
        assertTrue(loadError().startsWith(tc + ": field \"pad_token\" must be a string"));
        write("tokenizer_config.json", "{\"pad_token\": \"<pad>\"}");
        assertEquals(tc + ": field \"pad_token\": \"<pad>\" is not a token of tokenizer.json", loadError());
        write("tokenizer_config.json", "{\"chat_template\": 7}");
        assertTrue(loadError().startsWith(tc + ": field \"chat_template\""));

        Files.delete(tc);
        Path cfg = dir.resolve("config.json");
        write("config.json", "{\"eos_token_id\": \"2\"}");
        assertEquals(cfg + ": field \"eos_token_id\" must be an integer or a list of integers, got \"2\"",
                loadError());
        write("config.json", "{\"bos_token_id\": [1]}");
        assertEquals(cfg + ": field \"bos_token_id\" must be an integer, got [1]", loadError());
        write("config.json", "{\"eos_token_id\": [2, 600]}");
        assertEquals(cfg + ": field \"eos_token_id\": id 600 is not a token of tokenizer.json (512 ids)",
                loadError());
    }

    @Test
    void aTokenizerJsonTheLibraryRejectsIsNamed() throws IOException {
        write("tokenizer.json", """
                {"version": "1.0", "model": {"type": "NoSuchModel", "vocab": {"a": 0}}}""");
        String msg = loadError();
        assertTrue(msg.startsWith(dir.resolve("tokenizer.json") + ": the tokenizers library rejected it"), msg);
    }
}

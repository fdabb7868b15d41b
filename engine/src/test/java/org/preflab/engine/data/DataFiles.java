package org.preflab.engine.data;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.preflab.engine.data.chat.ChatTemplate;

/** Small helpers for data tests: files in a temp folder, and fixtures under ../shared. */
final class DataFiles {
    private DataFiles() {}

    static Path write(Path dir, String name, String content) throws IOException {
        return Files.writeString(dir.resolve(name), content, StandardCharsets.UTF_8);
    }

    static Path shared(String first, String... more) {
        return Path.of(System.getProperty("preflab.shared"), "fixtures").resolve(Path.of(first, more));
    }

    /** ChatML from the chat-template fixtures: {@code <s>} then {@code <|im_start|>role\ncontent<|im_end|>\n} turns. */
    static PreferenceReader.TemplateLoader chatml() {
        return () -> ChatTemplate.fromTokenizerConfig(shared("chat-templates", "chatml", "tokenizer_config.json"));
    }
}

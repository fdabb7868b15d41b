package org.preflab.engine.spi;

import java.util.List;
import java.util.Objects;

/**
 * One preference pair as a {@link DatasetFormat} reads it from a record, before the engine makes training text of it.
 * Text pairs are used as they are (the tokenizer adds BOS and EOS, as TRL does for plain text); conversations are
 * rendered with the model's chat template. Either may leave its prompt implicit: then chosen and rejected both start
 * with it, and the engine splits off their common beginning as TRL's {@code extract_prompt} does.
 */
public sealed interface PreferenceExample permits PreferenceExample.Text, PreferenceExample.Conversation {

    /**
     * Plain text.
     *
     * @param prompt   the prompt, which chosen and rejected continue; null when implicit
     * @param chosen   the preferred completion (or, with an implicit prompt, the whole preferred text)
     * @param rejected the other one
     */
    record Text(String prompt, String chosen, String rejected) implements PreferenceExample {
        public Text {
            Objects.requireNonNull(chosen, "chosen");
            Objects.requireNonNull(rejected, "rejected");
        }
    }

    /**
     * Messages for the model's chat template.
     *
     * @param prompt   the prompt turns; null when implicit (chosen and rejected are then whole conversations)
     * @param chosen   the preferred reply turns (or whole conversation)
     * @param rejected the other one
     */
    record Conversation(List<ChatMessage> prompt, List<ChatMessage> chosen, List<ChatMessage> rejected)
            implements PreferenceExample {
        public Conversation {
            prompt = prompt == null ? null : List.copyOf(prompt);
            chosen = List.copyOf(chosen);
            rejected = List.copyOf(rejected);
        }
    }

    /** A prompt and two completions that follow it. */
    static Text text(String prompt, String chosen, String rejected) {
        return new Text(Objects.requireNonNull(prompt, "prompt"), chosen, rejected);
    }

    /** Two whole texts whose common beginning is the prompt (Anthropic HH's "\n\nHuman: ... \n\nAssistant:"). */
    static Text implicitText(String chosen, String rejected) {
        return new Text(null, chosen, rejected);
    }

    /** Prompt turns and the two replies. */
    static Conversation conversation(List<ChatMessage> prompt, List<ChatMessage> chosen, List<ChatMessage> rejected) {
        return new Conversation(Objects.requireNonNull(prompt, "prompt"), chosen, rejected);
    }

    /** Two whole conversations whose shared first turns are the prompt. */
    static Conversation implicitConversation(List<ChatMessage> chosen, List<ChatMessage> rejected) {
        return new Conversation(null, chosen, rejected);
    }
}

package org.preflab.engine.data.chat;

import java.util.ArrayList;
import java.util.List;
import org.preflab.engine.spi.ChatMessage;

/**
 * TRL's conversion of a conversational preference example into text ({@code maybe_apply_chat_template}): the prompt
 * is rendered with the generation prompt (or, when it ends with an assistant turn, up to the end of that turn), and
 * prompt+chosen and prompt+rejected are rendered whole. The prompt string is the longest common prefix of the prompt
 * rendering and the prompt+chosen rendering (templates such as DeepSeek-R1's add text to the generation prompt that
 * the full rendering lacks); chosen and rejected are what follows that prefix in their full renderings.
 */
public final class ConversationalSplit {
    private ConversationalSplit() {}

    /**
     * @throws ChatTemplateException if the template rejects a conversation, or renders prompt+rejected so that it
     *     does not start with the prompt string (the completion would silently include prompt text)
     */
    public static TextTriple split(ChatTemplate template, List<ChatMessage> prompt, List<ChatMessage> chosen,
            List<ChatMessage> rejected) {
        if (prompt.isEmpty()) throw new IllegalArgumentException("a conversational preference example needs a prompt");
        boolean prefill = prompt.get(prompt.size() - 1).role().equals("assistant");
        String promptText = prefill ? template.renderContinuingFinalMessage(prompt) : template.render(prompt, true);
        String promptChosen = template.render(concat(prompt, chosen), false);
        String promptRejected = template.render(concat(prompt, rejected), false);
        String common = commonPrefix(promptText, promptChosen);
        if (!promptRejected.startsWith(common)) {
            throw new ChatTemplateException(template.name().orElse(null), "the prompt+rejected rendering does not start "
                    + "with the prompt rendering, so the rejected completion cannot be separated from the prompt", false);
        }
        return new TextTriple(common, promptChosen.substring(common.length()), promptRejected.substring(common.length()));
    }

    /** Python compares code points; never cut a surrogate pair in half. */
    static String commonPrefix(String a, String b) {
        int i = 0;
        while (i < a.length() && i < b.length()) {
            int cp = a.codePointAt(i);
            if (cp != b.codePointAt(i)) break;
            i += Character.charCount(cp);
        }
        return a.substring(0, i);
    }

    private static List<ChatMessage> concat(List<ChatMessage> head, List<ChatMessage> tail) {
        List<ChatMessage> all = new ArrayList<>(head);
        all.addAll(tail);
        return all;
    }
}

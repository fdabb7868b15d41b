package org.preflab.engine.data.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.preflab.engine.spi.ChatMessage;

class ChatConversationalSplitTest {
    /** Like DeepSeek-R1's: the generation prompt opens a think block that a rendered answer does not have. */
    private static final ChatTemplate THINKING = ChatTemplate.of("{% for m in messages %}{% if m.role == 'user' %}<U>{{ m.content }}"
            + "{% else %}<A>{{ m.content }}</s>{% endif %}{% endfor %}{% if add_generation_prompt %}<A><think>\n{% endif %}", null, null);
    private static final ChatTemplate CHATML = ChatTemplate.of("{% for m in messages %}<|im_start|>{{ m.role }}\n{{ m.content }}"
            + "<|im_end|>\n{% endfor %}{% if add_generation_prompt %}<|im_start|>assistant\n{% endif %}", null, null);

    @Test
    void promptIsTheCommonPrefixWithThePromptPlusChosenRendering() {
        TextTriple t = ConversationalSplit.split(THINKING, List.of(ChatMessage.user("q")),
                List.of(ChatMessage.assistant("yes")), List.of(ChatMessage.assistant("no")));
        assertEquals(new TextTriple("<U>q<A>", "yes</s>", "no</s>"), t);
    }

    @Test
    void rejectedThatDoesNotFollowThePromptIsAnError() {
        // The prompt keeps "<think>\n" because chosen starts with it; rejected does not, so its split would eat prompt text.
        ChatTemplateException e = assertThrows(ChatTemplateException.class, () -> ConversationalSplit.split(THINKING,
                List.of(ChatMessage.user("q")), List.of(ChatMessage.assistant("<think>\nhm</think>yes")), List.of(ChatMessage.assistant("no"))));
        assertTrue(e.getMessage().contains("prompt+rejected"), e::getMessage);
    }

    @Test
    void aPromptEndingWithAnAssistantTurnIsContinued() {
        TextTriple t = ConversationalSplit.split(CHATML, List.of(ChatMessage.user("Hi"), ChatMessage.assistant("Sure")),
                List.of(ChatMessage.assistant("thing.")), List.of(ChatMessage.assistant("no.")));
        assertEquals("<|im_start|>user\nHi<|im_end|>\n<|im_start|>assistant\nSure", t.prompt());
        assertEquals("<|im_end|>\n<|im_start|>assistant\nthing.<|im_end|>\n", t.chosen());
        assertEquals("<|im_end|>\n<|im_start|>assistant\nno.<|im_end|>\n", t.rejected());
    }

    @Test
    void commonPrefixNeverSplitsASurrogatePair() {
        assertEquals("a", ConversationalSplit.commonPrefix("a\uD83D\uDE00", "a\uD83D\uDE01"));
        assertEquals("ab", ConversationalSplit.commonPrefix("ab", "abc"));
    }

    @Test
    void templateErrorsPropagate() {
        ChatTemplate strict = ChatTemplate.of("{% if messages|length > 2 %}{{ raise_exception('too long') }}{% endif %}", null, null);
        ChatTemplateException e = assertThrows(ChatTemplateException.class, () -> ConversationalSplit.split(strict,
                List.of(ChatMessage.user("q")), List.of(ChatMessage.assistant("a"), ChatMessage.user("x")), List.of(ChatMessage.assistant("b"))));
        assertEquals("too long", e.reason());
    }
}

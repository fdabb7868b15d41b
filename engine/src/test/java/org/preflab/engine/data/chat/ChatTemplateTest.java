package org.preflab.engine.data.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.preflab.engine.spi.ChatMessage;

class ChatTemplateTest {
    private static final String CHATML = "{% for m in messages %}<|im_start|>{{ m.role }}\n{{ m.content }}<|im_end|>\n{% endfor %}"
            + "{% if add_generation_prompt %}<|im_start|>assistant\n{% endif %}";

    @Test
    void messageTextIsNeverInterpretedAsTemplate() {
        // Dataset text is untrusted: jinjava's default nested interpretation would print 49 here.
        String text = "{{ 7*7 }} {% if true %}x{% endif %} {# c #} {{ raise_exception('no') }}";
        String rendered = ChatTemplate.of(CHATML, null, null).render(List.of(ChatMessage.user(text)), false);
        assertEquals("<|im_start|>user\n" + text + "<|im_end|>\n", rendered);
    }

    @Test
    void raiseExceptionSurfacesTheTemplatesMessageAndNoText() {
        ChatTemplate t = new ChatTemplate("acme/chat-7b", "partial output {% if messages|length > 1 %}"
                + "{{ raise_exception('Only one message, please') }}{% endif %}", Map.of());
        ChatTemplateException e = assertThrows(ChatTemplateException.class,
                () -> t.render(List.of(ChatMessage.user("a"), ChatMessage.user("b")), false));
        assertTrue(e.raisedByTemplate());
        assertEquals("Only one message, please", e.reason());
        assertEquals("acme/chat-7b", e.templateName().orElseThrow());
        assertEquals("The chat template of acme/chat-7b rejected the conversation: Only one message, please", e.getMessage());
    }

    @Test
    void unsupportedConstructsFailWhenLoadedAndNameTheConstruct() {
        ChatTemplateException loopFilter = assertThrows(ChatTemplateException.class, () -> new ChatTemplate("m",
                "{{ bos_token }}\n{% for m in messages if m.role == 'user' %}{{ m.content }}{% endfor %}", Map.of()));
        assertFalse(loopFilter.raisedByTemplate());
        assertTrue(loopFilter.getMessage().contains("loop filter"), loopFilter::getMessage);
        assertTrue(loopFilter.getMessage().endsWith("at line 2"), loopFilter::getMessage);

        ChatTemplateException filter = assertThrows(ChatTemplateException.class,
                () -> ChatTemplate.of("{{ messages | shuffle_tokens }}", null, null));
        assertTrue(filter.getMessage().contains("the filter 'shuffle_tokens'"), filter::getMessage);
    }

    @Test
    void unsupportedMethodsFailAtRenderInsteadOfPrintingNothing() {
        ChatTemplate t = ChatTemplate.of("{{ messages[0].content.zfill(5) }}", null, null);
        ChatTemplateException e = assertThrows(ChatTemplateException.class, () -> t.render(List.of(ChatMessage.user("7")), false));
        assertEquals("str.zfill() is not supported by this Jinja renderer (jinjava) (line 1)", e.reason());
        // Java's own String methods are not Python's: length() must not quietly work either.
        ChatTemplate java = ChatTemplate.of("{{ messages[0].content.length() }}", null, null);
        assertThrows(ChatTemplateException.class, () -> java.render(List.of(ChatMessage.user("7")), false));
    }

    @Test
    void syntaxErrorsThatJinjavaOnlyWarnsAboutFail() {
        ChatTemplate stray = ChatTemplate.of("text{% endif %}", null, null);
        ChatTemplateException e = assertThrows(ChatTemplateException.class, () -> stray.render(List.of(), false));
        assertFalse(e.raisedByTemplate());
    }

    @Test
    void pythonErrorsInsideTheTemplateFail() {
        ChatTemplate t = ChatTemplate.of("{{ messages[0].content.split('') }}", null, null);
        ChatTemplateException e = assertThrows(ChatTemplateException.class, () -> t.render(List.of(ChatMessage.user("ab")), false));
        assertTrue(e.reason().startsWith("ValueError: empty separator"), e::reason);
    }

    @Test
    void specialTokensAndVariables() {
        ChatTemplate t = ChatTemplate.of("[{{ bos_token }}][{{ eos_token }}][{{ date_string }}][{{ enable_thinking }}]", "<s>", null);
        assertEquals("[<s>][][01 Jan 2025][False]",
                t.render(List.of(), false, Map.of("date_string", "01 Jan 2025", "enable_thinking", false)));
        assertThrows(IllegalArgumentException.class, () -> t.render(List.of(), false, Map.of("messages", List.of())));
    }

    @Test
    void strftimeNowIsDefinedAndGivesTodaysDate() {
        // Llama 3.2 only calls strftime_now when it "is defined"; otherwise it writes its fixed 26 Jul 2024.
        ChatTemplate t = ChatTemplate.of("{% if strftime_now is defined %}{{ strftime_now('%d %b %Y') }}{% else %}fixed{% endif %}", null, null);
        String today = LocalDate.now().format(DateTimeFormatter.ofPattern("dd MMM yyyy", Locale.US));
        assertEquals(today, t.render(List.of(), false));
    }

    @Test
    void continuingTheFinalMessageCutsAfterItsText() {
        List<ChatMessage> prefill = List.of(ChatMessage.user("Hi"), ChatMessage.assistant("Sure, here "));
        // Expected strings from transformers' apply_chat_template(continue_final_message=True).
        assertEquals("<|im_start|>user\nHi<|im_end|>\n<|im_start|>assistant\nSure, here ",
                ChatTemplate.of(CHATML, null, null).renderContinuingFinalMessage(prefill));
        ChatTemplate trimming = ChatTemplate.of(CHATML.replace("{{ m.content }}", "{{ m.content | trim }}"), null, null);
        assertEquals("<|im_start|>user\nHi<|im_end|>\n<|im_start|>assistant\nSure, here", trimming.renderContinuingFinalMessage(prefill));
        assertEquals("<|im_start|>user\nHi<|im_end|>\n<|im_start|>assistant\n Sure", ChatTemplate.of(CHATML, null, null)
                .renderContinuingFinalMessage(List.of(ChatMessage.user("Hi"), ChatMessage.assistant(" Sure"))));
        ChatTemplate dropping = ChatTemplate.of("{% for m in messages %}{{ m.role }}{% endfor %}", null, null);
        assertThrows(ChatTemplateException.class, () -> dropping.renderContinuingFinalMessage(prefill));
    }

    @Test
    void templateSourceIsKeptAsWritten() {
        String source = "{% for m in messages[::-1] %}{{ m.role }}{% endfor %}\n";
        ChatTemplate t = ChatTemplate.of(source, null, null);
        assertEquals(source, t.source());
        assertEquals("assistantuser", t.render(List.of(ChatMessage.user("a"), ChatMessage.assistant("b")), false));
    }
}

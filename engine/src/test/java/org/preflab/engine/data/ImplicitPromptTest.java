package org.preflab.engine.data;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.preflab.engine.spi.ChatMessage;

/** TRL's extract_prompt, worked by hand from its loop in trl/data_utils.py. */
class ImplicitPromptTest {

    @Test
    void theSpaceBeforeTheFirstDifferenceStartsBothCompletions() {
        // First difference at index 11 ('b' vs 'g'); index 10 is a space, so the split moves to 10.
        assertEquals(new ImplicitPrompt.Split<>("The sky is", " blue.", " green."),
                ImplicitPrompt.ofText("The sky is blue.", "The sky is green."));
    }

    @Test
    void withoutASpaceTheSplitIsAtTheFirstDifference() {
        assertEquals(new ImplicitPrompt.Split<>("2+2=", "4", "5"), ImplicitPrompt.ofText("2+2=4", "2+2=5"));
    }

    @Test
    void whenOneIsAPrefixOfTheOtherTheLastSharedCharacterStartsTheCompletions() {
        // Python's loop variable ends at len(shorter) - 1 when no character differs.
        assertEquals(new ImplicitPrompt.Split<>("Say h", "i", "i there"),
                ImplicitPrompt.ofText("Say hi", "Say hi there"));
    }

    @Test
    void aDifferenceAtTheFirstCharacterGivesAnEmptyPrompt() {
        // TRL would look at index -1 here; we report the record instead (see RecordProblemsTest).
        assertEquals(new ImplicitPrompt.Split<>("", "yes ", "no "), ImplicitPrompt.ofText("yes ", "no "));
    }

    @Test
    void charactersAreCodePointsAsInPython() {
        // The two emoji share their high surrogate; Python compares whole characters, so the split is before them.
        assertEquals(new ImplicitPrompt.Split<>("Mood:", " \uD83D\uDE00", " \uD83D\uDE22"),
                ImplicitPrompt.ofText("Mood: \uD83D\uDE00", "Mood: \uD83D\uDE22"));
    }

    @Test
    void conversationsSplitAtTheFirstDifferentMessage() {
        ChatMessage sys = ChatMessage.system("Be brief.");
        ChatMessage user = ChatMessage.user("Hi");
        List<ChatMessage> chosen = List.of(sys, user, ChatMessage.assistant("Hello!"));
        List<ChatMessage> rejected = List.of(sys, user, ChatMessage.assistant("Go away."));
        assertEquals(new ImplicitPrompt.Split<>(List.of(sys, user), List.of(ChatMessage.assistant("Hello!")),
                List.of(ChatMessage.assistant("Go away."))), ImplicitPrompt.ofMessages(chosen, rejected));
    }

    @Test
    void aConversationThatExtendsTheOtherKeepsItsLastSharedMessageInBothCompletions() {
        ChatMessage user = ChatMessage.user("Hi");
        ChatMessage hello = ChatMessage.assistant("Hello!");
        List<ChatMessage> longer = List.of(user, hello, ChatMessage.user("Bye"), ChatMessage.assistant("Bye!"));
        assertEquals(new ImplicitPrompt.Split<>(List.of(user), List.of(hello), longer.subList(1, 4)),
                ImplicitPrompt.ofMessages(List.of(user, hello), longer));
    }
}

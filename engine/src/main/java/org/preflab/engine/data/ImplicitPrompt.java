package org.preflab.engine.data;

import java.util.List;
import java.util.Objects;
import org.preflab.engine.spi.ChatMessage;

/**
 * TRL's {@code extract_prompt} (trl/data_utils.py): when a preference example has no prompt, the prompt is the
 * beginning that chosen and rejected share, character by character for text and message by message for
 * conversations. Two details of TRL's loop are kept on purpose, so that PrefLab splits exactly where TRL does:
 * <ul>
 *   <li>if the character before the first difference is a space, the split moves one to the left, so that both
 *       completions start with that space ({@code "The sky is blue."} / {@code "The sky is green."} gives the
 *       prompt {@code "The sky is"} and the completions {@code " blue."} / {@code " green."});</li>
 *   <li>if one is a prefix of the other (no differing position), Python's loop variable stops at the last index
 *       of the shorter one, so the prompt is all but its last element, which then starts both completions.</li>
 * </ul>
 * One detail is not kept: when the very first element differs, TRL looks at index -1 (Python's last character) and
 * can split off everything but the last character. Here a first-element difference means an empty prompt, which
 * the reader reports as a bad record.
 */
public final class ImplicitPrompt {
    private ImplicitPrompt() {}

    /** A prompt and the two completions that follow it. */
    public record Split<T>(T prompt, T chosen, T rejected) {}

    /** The split of two texts, counted in code points as Python counts characters. */
    public static Split<String> ofText(String chosen, String rejected) {
        int[] c = chosen.codePoints().toArray();
        int[] r = rejected.codePoints().toArray();
        int shorter = Math.min(c.length, r.length);
        int at = Math.max(0, shorter - 1); // where TRL's loop variable ends when nothing differs
        for (int i = 0; i < shorter; i++) {
            if (c[i] != r[i]) {
                at = i > 0 && c[i - 1] == ' ' ? i - 1 : i;
                break;
            }
        }
        return new Split<>(new String(c, 0, at), new String(c, at, c.length - at), new String(r, at, r.length - at));
    }

    /** The split of two conversations: the messages (role and content) they share from the start. */
    public static Split<List<ChatMessage>> ofMessages(List<ChatMessage> chosen, List<ChatMessage> rejected) {
        int shorter = Math.min(chosen.size(), rejected.size());
        int at = Math.max(0, shorter - 1);
        for (int i = 0; i < shorter; i++) {
            if (!Objects.equals(chosen.get(i), rejected.get(i))) {
                at = i; // a message is never equal to " ", so TRL's space rule never applies here
                break;
            }
        }
        return new Split<>(List.copyOf(chosen.subList(0, at)), List.copyOf(chosen.subList(at, chosen.size())),
                List.copyOf(rejected.subList(at, rejected.size())));
    }
}

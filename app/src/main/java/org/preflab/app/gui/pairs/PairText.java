package org.preflab.app.gui.pairs;

/** An eval pair's texts as the model saw them (after truncation). */
public record PairText(String prompt, String chosen, String rejected) {
    /** The prompt on one line, cut to {@code max} characters (for table cells). */
    public String promptExcerpt(int max) {
        String flat = prompt.replaceAll("\\s+", " ").strip();
        return flat.length() <= max ? flat : flat.substring(0, Math.max(0, max - 1)) + "…";
    }
}

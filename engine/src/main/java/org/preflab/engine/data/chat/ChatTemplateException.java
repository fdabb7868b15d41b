package org.preflab.engine.data.chat;

import java.util.Optional;

/**
 * A chat template could not render a conversation. Either the template itself refused it through
 * {@code raise_exception(msg)} ({@link #raisedByTemplate()}: the data does not fit this model, e.g. roles that do not
 * alternate), or the template uses something this renderer cannot do faithfully (a problem with the template).
 */
public final class ChatTemplateException extends RuntimeException {
    private final String templateName;
    private final String reason;
    private final boolean raisedByTemplate;

    ChatTemplateException(String templateName, String reason, boolean raisedByTemplate) {
        super(describe(templateName, reason, raisedByTemplate));
        this.templateName = templateName;
        this.reason = reason;
        this.raisedByTemplate = raisedByTemplate;
    }

    private static String describe(String templateName, String reason, boolean raisedByTemplate) {
        String who = templateName == null ? "The chat template" : "The chat template of " + templateName;
        return who + (raisedByTemplate ? " rejected the conversation: " : " cannot be rendered: ") + reason;
    }

    /** The model or template name, when the template was loaded from a checkpoint or named. */
    public Optional<String> templateName() {
        return Optional.ofNullable(templateName);
    }

    /** The template's own message for {@code raise_exception}, otherwise what went wrong and where. */
    public String reason() {
        return reason;
    }

    /** True when the template raised the error on purpose; false for template constructs we cannot render. */
    public boolean raisedByTemplate() {
        return raisedByTemplate;
    }
}

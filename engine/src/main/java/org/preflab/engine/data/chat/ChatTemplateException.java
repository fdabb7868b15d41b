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
    private final String limit;

    ChatTemplateException(String templateName, String reason, boolean raisedByTemplate) {
        super(describe(templateName, reason, raisedByTemplate));
        this.templateName = templateName;
        this.reason = reason;
        this.raisedByTemplate = raisedByTemplate;
        this.limit = null;
    }

    /** A render stopped at a limit: {@code where} names the template's file, {@code limit} the setting. */
    ChatTemplateException(String templateName, String where, String reason, String limit) {
        super((templateName == null ? "The chat template" : "The chat template of " + templateName) + where + " "
                + reason);
        this.templateName = templateName;
        this.reason = reason;
        this.raisedByTemplate = false;
        this.limit = limit;
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

    /**
     * The setting whose limit the render reached (data.template_time_limit_s or data.template_max_output): the
     * template, not the conversation, is at fault, so every record would fail the same way.
     */
    public Optional<String> limitReached() {
        return Optional.ofNullable(limit);
    }

    /** True when the template raised the error on purpose; false for template constructs we cannot render. */
    public boolean raisedByTemplate() {
        return raisedByTemplate;
    }
}

package org.preflab.engine.data.chat;

/**
 * How much work one chat-template render may do. A template comes inside a downloaded model folder and is
 * untrusted: three nested loops took 88 s per render, four never finished, and a string doubled in a loop ended in
 * an OutOfMemoryError. The defaults are far above what real templates need (the ten fixture templates render in
 * milliseconds and add a few hundred characters to the messages), so only a runaway template meets them.
 *
 * @param timeLimitSeconds wall-clock time one render may take
 * @param maxOutputChars   characters a render, and any one string it builds, may have beyond the messages' own
 *                         text (the messages are data and may be long; the template's own additions are not)
 */
public record RenderLimits(double timeLimitSeconds, long maxOutputChars) {
    /** experiment.json's defaults for data.template_time_limit_s and data.template_max_output. */
    public static final RenderLimits DEFAULT = new RenderLimits(10.0, 1_000_000);

    public RenderLimits {
        if (!(timeLimitSeconds > 0) || Double.isInfinite(timeLimitSeconds)) {
            throw new IllegalArgumentException("template time limit must be a positive number of seconds, not "
                    + timeLimitSeconds);
        }
        if (maxOutputChars < 1) {
            throw new IllegalArgumentException("template output limit must be at least 1 character, not "
                    + maxOutputChars);
        }
    }

    long timeLimitNanos() {
        return (long) Math.min(Long.MAX_VALUE / 4.0, timeLimitSeconds * 1e9);
    }
}

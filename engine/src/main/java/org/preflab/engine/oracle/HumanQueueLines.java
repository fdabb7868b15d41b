package org.preflab.engine.oracle;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.time.Instant;
import org.preflab.engine.spi.Comparison;
import org.preflab.engine.spi.Judgement.Verdict;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JSON lines of the human queue's files. requests.jsonl: {@code {"id", "prompt", "a", "b", "time"}};
 * answers.jsonl: {@code {"id", "verdict", "time", "who", "prompt", "a", "b"}}, whole on its own. A line that cannot
 * be read (edited by hand, say) is logged and skipped, so one bad line does not stop a run.
 */
final class HumanQueueLines {
    private static final Logger LOG = LoggerFactory.getLogger(HumanQueueLines.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private HumanQueueLines() {}

    static String request(Comparison c, Instant time) throws JsonProcessingException {
        ObjectNode n = JSON.createObjectNode().put("id", c.id()).put("prompt", c.prompt()).put("a", c.a())
                .put("b", c.b()).put("time", time.toString());
        return JSON.writeValueAsString(n);
    }

    static String answer(HumanAnswer a) throws JsonProcessingException {
        ObjectNode n = JSON.createObjectNode().put("id", a.id()).put("verdict", a.verdict().name())
                .put("time", a.time().toString()).put("who", a.who()).put("prompt", a.prompt()).put("a", a.a())
                .put("b", a.b());
        return JSON.writeValueAsString(n);
    }

    /** The question on a requests.jsonl line, or null (logged) when the line is unreadable. */
    static Comparison parseRequest(Path file, String line) {
        JsonNode n = parse(file, line);
        try {
            return n == null ? null : new Comparison(n.get("id").asText(), text(n, "prompt"), text(n, "a"),
                    text(n, "b"));
        } catch (RuntimeException e) {
            return skip(file, line, e);
        }
    }

    /** The answer on an answers.jsonl line, or null (logged) when the line is unreadable. */
    static HumanAnswer parseAnswer(Path file, String line) {
        JsonNode n = parse(file, line);
        try {
            return n == null ? null : new HumanAnswer(n.get("id").asText(), Verdict.valueOf(text(n, "verdict")),
                    Instant.parse(text(n, "time")), n.path("who").asText(), text(n, "prompt"), text(n, "a"),
                    text(n, "b"));
        } catch (RuntimeException e) {
            return skip(file, line, e);
        }
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || !v.isTextual()) {
            throw new IllegalArgumentException("no text field '" + field + "'");
        }
        return v.asText();
    }

    private static JsonNode parse(Path file, String line) {
        try {
            JsonNode n = JSON.readTree(line);
            if (n != null && n.hasNonNull("id")) {
                return n;
            }
            return skip(file, line, new IllegalArgumentException("no id"));
        } catch (JsonProcessingException e) {
            return skip(file, line, new IllegalArgumentException("not JSON"));
        }
    }

    private static <T> T skip(Path file, String line, RuntimeException why) {
        LOG.warn("{}: skipping a line that cannot be read ({}): {}", file, why.getMessage(), line);
        return null;
    }
}

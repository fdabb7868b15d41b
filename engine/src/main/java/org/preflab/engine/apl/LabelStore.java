package org.preflab.engine.apl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.preflab.engine.spi.Candidate;
import org.preflab.engine.spi.Judgement;

/**
 * Every oracle answer of a run, one JSON line each, appended and forced to disk as it arrives: a kill loses at most
 * the line being written (dropped when the store reopens), and a question answered before a restart is never asked
 * again. Ties and skips are kept too, for the same reason.
 */
public final class LabelStore {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Path file;
    private final Map<String, Label> byId = new LinkedHashMap<>();

    private LabelStore(Path file) {
        this.file = file;
    }

    /** Opens (or creates) the store; a torn last line from a kill is cut off. */
    public static LabelStore open(Path file) throws IOException {
        LabelStore s = new LabelStore(file);
        Files.createDirectories(file.getParent());
        if (!Files.exists(file)) {
            return s;
        }
        byte[] bytes = Files.readAllBytes(file);
        int start = 0;
        long good = 0;
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == '\n') {
                String line = new String(bytes, start, i - start, StandardCharsets.UTF_8);
                if (!line.isBlank()) {
                    Label l = read(JSON.readTree(line), file, s.byId.size() + 1);
                    s.byId.put(l.candidate().id(), l);
                }
                start = i + 1;
                good = start;
            }
        }
        if (good < bytes.length) { // the last line never got its newline: a write cut short
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
                ch.truncate(good);
                ch.force(true);
            }
        }
        return s;
    }

    public Path file() {
        return file;
    }

    public boolean has(String candidateId) {
        return byId.containsKey(candidateId);
    }

    /** Every answer, in the order recorded. */
    public List<Label> all() {
        return List.copyOf(byId.values());
    }

    /** The decisive answers (the training data), in the order recorded. */
    public List<Label> decisive() {
        return byId.values().stream().filter(Label::decisive).toList();
    }

    /** Records an answer durably before returning. */
    public void append(Label l) throws IOException {
        if (byId.containsKey(l.candidate().id())) {
            throw new IllegalStateException("candidate " + l.candidate().id() + " is labelled already");
        }
        byte[] line = (JSON.writeValueAsString(write(l)) + "\n").getBytes(StandardCharsets.UTF_8);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND)) {
            ByteBuffer b = ByteBuffer.wrap(line);
            while (b.hasRemaining()) {
                ch.write(b);
            }
            ch.force(true);
        }
        byId.put(l.candidate().id(), l);
    }

    static ObjectNode write(Label l) {
        Candidate c = l.candidate();
        ObjectNode n = JSON.createObjectNode();
        n.put("id", c.id());
        n.put("round", l.round());
        n.put("item", c.item());
        n.put("prompt", c.prompt());
        n.put("first", c.firstText());
        n.put("second", c.secondText());
        n.put("swapped", l.swapped());
        n.put("verdict", l.judgement().verdict().name());
        if (l.judgement().hasScores()) {
            n.put("score_a", l.judgement().scoreA());
            n.put("score_b", l.judgement().scoreB());
        }
        n.put("note", l.judgement().note());
        n.put("time", l.time().toString());
        ids(n.putArray("prompt_tokens"), c.promptTokens());
        ids(n.putArray("first_tokens"), c.first());
        ids(n.putArray("second_tokens"), c.second());
        return n;
    }

    static Label read(JsonNode n, Path file, int line) throws IOException {
        try {
            Candidate c = new Candidate(n.get("id").asText(), n.get("item").asInt(), n.get("prompt").asText(),
                    ids(n.get("prompt_tokens")), ids(n.get("first_tokens")), ids(n.get("second_tokens")),
                    n.get("first").asText(), n.get("second").asText());
            Judgement j = new Judgement(Judgement.Verdict.valueOf(n.get("verdict").asText()),
                    n.has("score_a") ? n.get("score_a").asDouble() : Double.NaN,
                    n.has("score_b") ? n.get("score_b").asDouble() : Double.NaN, n.path("note").asText(""));
            return new Label(c, n.get("round").asInt(), n.get("swapped").asBoolean(), j,
                    Instant.parse(n.get("time").asText()));
        } catch (RuntimeException e) {
            throw new IOException(file + ": line " + line + ": not a label record (" + e + ")", e);
        }
    }

    private static void ids(ArrayNode a, long[] ids) {
        for (long id : ids) {
            a.add(id);
        }
    }

    static long[] ids(JsonNode a) {
        long[] out = new long[a.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = a.get(i).asLong();
        }
        return out;
    }

    /** Counts per verdict, for the round's event. */
    public static Map<String, Integer> counts(List<Label> labels) {
        Map<String, Integer> m = new LinkedHashMap<>();
        for (Judgement.Verdict v : Judgement.Verdict.values()) {
            m.put(v.name(), 0);
        }
        labels.forEach(l -> m.merge(l.judgement().verdict().name(), 1, Integer::sum));
        return m;
    }

    static List<Label> ofRound(List<Label> labels, int round) {
        List<Label> out = new ArrayList<>();
        labels.forEach(l -> {
            if (l.round() == round) {
                out.add(l);
            }
        });
        return out;
    }
}

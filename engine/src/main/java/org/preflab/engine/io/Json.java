package org.preflab.engine.io;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;

/** The JSON settings shared by safetensors headers and sharded-checkpoint indexes. */
final class Json {
    /**
     * Strict where the format is: a repeated tensor name or text after the header object means a corrupt file, and
     * Jackson would otherwise silently keep the last duplicate and ignore the rest.
     */
    static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private Json() {}

    /** Jackson's message without its source-location and feature-flag asides, plus where in the text it is. */
    static String problem(JsonProcessingException e) {
        String m = String.valueOf(e.getOriginalMessage());
        for (String aside : new String[] {"\n", " (start marker", " (bound as", " (for "}) {
            int cut = m.indexOf(aside);
            if (cut > 0) {
                m = m.substring(0, cut);
            }
        }
        var loc = e.getLocation();
        return loc == null ? m : m + " (line " + loc.getLineNr() + ", column " + loc.getColumnNr() + ")";
    }
}

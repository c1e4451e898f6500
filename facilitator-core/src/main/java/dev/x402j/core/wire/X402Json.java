package dev.x402j.core.wire;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.x402j.core.ErrorReason;
import java.util.stream.Collectors;

/**
 * The one JSON configuration of the x402 wire: unknown fields ignored (the protocol grows), duplicate keys and
 * trailing content rejected (two parsers must never read the same bytes as two different payments), nesting and
 * string lengths bounded.
 */
public final class X402Json {
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .build();

    static {
        MAPPER.getFactory()
                .setStreamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(64)
                        .maxStringLength(256 * 1024)
                        .maxNumberLength(100)
                        .build());
    }

    private X402Json() {}

    /** The shared, thread-safe mapper. Do not reconfigure it. */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    public static byte[] write(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise " + value.getClass().getSimpleName(), e);
        }
    }

    public static String writeString(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise " + value.getClass().getSimpleName(), e);
        }
    }

    /**
     * Turns a Jackson failure into a short sentence that says which field is wrong and why, without echoing the
     * input (which may hold a signature).
     */
    static MalformedPaymentException malformed(ErrorReason reason, String what, JsonProcessingException e) {
        String where = "";
        if (e instanceof JsonMappingException m && !m.getPath().isEmpty()) {
            where = m.getPath().stream()
                    .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                    .collect(Collectors.joining(".", " at ", ""));
        }
        String why;
        if (e instanceof ValueInstantiationException vi && vi.getCause() != null) {
            why = vi.getCause().getMessage();
        } else {
            why = e.getOriginalMessage();
            int cut = why.indexOf('\n');
            if (cut > 0) {
                why = why.substring(0, cut);
            }
            if (why.length() > 200) {
                why = why.substring(0, 200) + "…";
            }
        }
        return new MalformedPaymentException(reason, what + " is malformed" + where + ": " + why);
    }
}

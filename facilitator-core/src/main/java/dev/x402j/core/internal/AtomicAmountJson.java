package dev.x402j.core.internal;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.SerializerProvider;
import java.io.IOException;
import java.math.BigInteger;
import java.util.regex.Pattern;

/**
 * JSON form of atomic token amounts: written as a decimal string (the x402 wire form, safe from JavaScript's 53-bit
 * numbers), read from a string of digits or an integral JSON number. Anything else (a sign, a fraction, an exponent,
 * hex) is rejected so a malformed amount can never be silently reinterpreted.
 */
public final class AtomicAmountJson {
    private static final Pattern DIGITS = Pattern.compile("0|[1-9][0-9]{0,77}");

    private AtomicAmountJson() {}

    public static BigInteger parse(String text) {
        if (text == null || !DIGITS.matcher(text).matches()) {
            throw new IllegalArgumentException("amount must be a non-negative integer in atomic units, got '" + text + "'");
        }
        return new BigInteger(text);
    }

    public static final class Serializer extends JsonSerializer<BigInteger> {
        @Override
        public void serialize(BigInteger value, JsonGenerator gen, SerializerProvider serializers) throws IOException {
            gen.writeString(value.toString());
        }
    }

    public static final class Deserializer extends JsonDeserializer<BigInteger> {
        @Override
        public BigInteger deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            JsonToken t = p.currentToken();
            if (t == JsonToken.VALUE_NUMBER_INT) {
                return parse(p.getText());
            }
            if (t == JsonToken.VALUE_STRING) {
                try {
                    return parse(p.getText());
                } catch (IllegalArgumentException e) {
                    return (BigInteger) ctxt.handleWeirdStringValue(BigInteger.class, p.getText(), e.getMessage());
                }
            }
            return (BigInteger) ctxt.handleUnexpectedToken(BigInteger.class, p);
        }
    }
}

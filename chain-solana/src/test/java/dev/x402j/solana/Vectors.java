package dev.x402j.solana;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Base64;
import java.util.HexFormat;

/**
 * The fixtures in {@code src/test/resources/vectors/solana/vectors.json}, produced by {@code generate.mjs} beside it
 * with the official JavaScript libraries ({@code @solana/kit}, {@code @solana-program/token},
 * {@code @solana-program/compute-budget}).
 */
public final class Vectors {
    private static final JsonNode ROOT = load();

    private Vectors() {}

    public static JsonNode root() {
        return ROOT;
    }

    public static JsonNode keys() {
        return ROOT.get("keys");
    }

    public static JsonNode associatedTokenAccounts() {
        return ROOT.get("associatedTokenAccounts");
    }

    public static JsonNode programDerivedAddresses() {
        return ROOT.get("programDerivedAddresses");
    }

    /** [0]: SPL Token with memo "x402j vector memo"; [1]: Token-2022. */
    public static JsonNode payment(int index) {
        return ROOT.get("payments").get(index);
    }

    public static JsonNode legacy() {
        return ROOT.get("legacy");
    }

    public static byte[] base64(JsonNode node) {
        return Base64.getDecoder().decode(node.asText());
    }

    public static byte[] hex(String hex) {
        return HexFormat.of().parseHex(hex);
    }

    /** The seed of key {@code index} (0: payer, 1: fee payer, 2: payTo). */
    public static byte[] seed(int index) {
        return hex(keys().get(index).get("seedHex").asText());
    }

    private static JsonNode load() {
        try (InputStream in = Vectors.class.getResourceAsStream("/vectors/solana/vectors.json")) {
            if (in == null) {
                throw new IllegalStateException("vectors/solana/vectors.json is missing from the test resources");
            }
            return new ObjectMapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

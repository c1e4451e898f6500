package dev.x402j.core.model;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.x402j.core.internal.AtomicAmountJson;
import java.math.BigInteger;
import java.util.Optional;

/**
 * One way to pay for a resource (x402 v2): pay {@code amount} atomic units of {@code asset} on {@code network} to
 * {@code payTo} under {@code scheme}. {@code extra} carries scheme-specific data (EVM: the token's EIP-712
 * {@code name} and {@code version}; Solana: {@code feePayer}); it is never null and is a defensive copy.
 *
 * @param network CAIP-2 id such as {@code eip155:8453}
 * @param amount atomic units of the asset; non-negative
 * @param maxTimeoutSeconds how long the payment may take to complete
 */
public record PaymentRequirements(
        String scheme,
        String network,
        @JsonSerialize(using = AtomicAmountJson.Serializer.class)
                @JsonDeserialize(using = AtomicAmountJson.Deserializer.class)
                BigInteger amount,
        String asset,
        String payTo,
        int maxTimeoutSeconds,
        ObjectNode extra) {

    public PaymentRequirements {
        require(scheme, "scheme");
        require(network, "network");
        require(asset, "asset");
        require(payTo, "payTo");
        if (amount == null) {
            throw new IllegalArgumentException("amount is required");
        }
        if (amount.signum() < 0) {
            throw new IllegalArgumentException("amount must not be negative");
        }
        if (maxTimeoutSeconds < 0) {
            throw new IllegalArgumentException("maxTimeoutSeconds must not be negative");
        }
        extra = extra == null ? JsonNodeFactory.instance.objectNode() : extra.deepCopy();
    }

    private static void require(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(field + " is required");
        }
    }

    /** A copy with {@code extra} replaced. */
    public PaymentRequirements withExtra(ObjectNode newExtra) {
        return new PaymentRequirements(scheme, network, amount, asset, payTo, maxTimeoutSeconds, newExtra);
    }

    /** A copy with {@code network} replaced (used when translating v1 network names). */
    public PaymentRequirements withNetwork(String newNetwork) {
        return new PaymentRequirements(scheme, newNetwork, amount, asset, payTo, maxTimeoutSeconds, extra);
    }

    /** A text field of {@code extra}, if present. */
    public Optional<String> extraText(String field) {
        var node = extra.get(field);
        return node != null && node.isTextual() ? Optional.of(node.asText()) : Optional.empty();
    }

    @Override
    public ObjectNode extra() {
        return extra.deepCopy();
    }
}

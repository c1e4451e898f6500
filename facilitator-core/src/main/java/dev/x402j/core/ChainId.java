package dev.x402j.core;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.OptionalLong;
import java.util.regex.Pattern;

/**
 * A CAIP-2 blockchain id, {@code namespace:reference}: {@code eip155:8453}, {@code solana:5eykt4UsFv8P8NJdTREpY1vzqKqZKvdp},
 * {@code sui:mainnet}, {@code aptos:1}, {@code starknet:SN_MAIN}. This is how x402 v2 names networks on the wire; it
 * serialises with Jackson as that string.
 *
 * <p>The namespace must match {@code [-a-z0-9]{3,8}} and the reference {@code [-_a-zA-Z0-9]{1,32}}, as CAIP-2 requires.
 * In the {@code eip155} namespace the reference must also be a decimal chain id without leading zeros, so that one
 * chain has exactly one {@code ChainId}.
 */
public record ChainId(String namespace, String reference) {

    /** The CAIP-2 namespace of EVM chains. */
    public static final String EIP155 = "eip155";

    private static final Pattern NAMESPACE = Pattern.compile("[-a-z0-9]{3,8}");
    private static final Pattern REFERENCE = Pattern.compile("[-_a-zA-Z0-9]{1,32}");
    private static final Pattern EVM_REFERENCE = Pattern.compile("[1-9][0-9]{0,31}");

    public ChainId {
        if (namespace == null || !NAMESPACE.matcher(namespace).matches()) {
            throw new IllegalArgumentException("invalid CAIP-2 namespace " + quote(namespace)
                    + ": expected 3 to 8 characters of [-a-z0-9], e.g. eip155");
        }
        if (reference == null || !REFERENCE.matcher(reference).matches()) {
            throw new IllegalArgumentException("invalid CAIP-2 reference " + quote(reference)
                    + " in namespace " + namespace + ": expected 1 to 32 characters of [-_a-zA-Z0-9]");
        }
        if (EIP155.equals(namespace) && !EVM_REFERENCE.matcher(reference).matches()) {
            throw new IllegalArgumentException("invalid CAIP-2 reference " + quote(reference)
                    + " in namespace eip155: expected a positive decimal chain id without leading zeros, e.g. 8453");
        }
    }

    /**
     * Parses {@code namespace:reference}.
     *
     * @throws IllegalArgumentException if the text is not a CAIP-2 chain id; the message names the bad part
     */
    @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
    public static ChainId parse(String caip2) {
        if (caip2 == null || caip2.isBlank()) {
            throw new IllegalArgumentException("a CAIP-2 chain id must not be blank (expected namespace:reference, e.g. eip155:8453)");
        }
        int colon = caip2.indexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("not a CAIP-2 chain id: " + quote(caip2)
                    + " has no ':' (expected namespace:reference, e.g. eip155:8453)");
        }
        return new ChainId(caip2.substring(0, colon), caip2.substring(colon + 1));
    }

    /** The CAIP-2 id of an EVM chain, {@code eip155:<chainId>}. */
    public static ChainId eip155(long chainId) {
        if (chainId <= 0) {
            throw new IllegalArgumentException("EVM chain id must be positive, got " + chainId);
        }
        return new ChainId(EIP155, Long.toString(chainId));
    }

    /** Whether this is an EVM chain (namespace {@code eip155}). */
    public boolean isEvm() {
        return EIP155.equals(namespace);
    }

    /** The EVM chain id (the reference as a number) when this is an {@code eip155} chain that fits in a long. */
    public OptionalLong evmChainId() {
        if (!isEvm()) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(Long.parseLong(reference));
        } catch (NumberFormatException tooLarge) {
            return OptionalLong.empty();
        }
    }

    /** {@code namespace:reference}. */
    @JsonValue
    @Override
    public String toString() {
        return namespace + ":" + reference;
    }

    private static String quote(String s) {
        return s == null ? "null" : "'" + s + "'";
    }
}

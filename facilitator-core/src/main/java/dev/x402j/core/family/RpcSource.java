package dev.x402j.core.family;

import java.util.regex.Pattern;

/**
 * Where a served network's RPC endpoints came from, as {@code /health} and the logs name it: configured explicitly, a
 * provider's URL for the network (a family defines its providers: Alchemy, Infura, Helius…), the chain's public
 * endpoint, or dev mode's local chain. Never the URL itself, which may hold an API key.
 */
public record RpcSource(String label) {
    private static final Pattern LABEL = Pattern.compile("[a-z][a-z0-9-]{0,31}");

    public static final RpcSource EXPLICIT = new RpcSource("explicit");
    public static final RpcSource PUBLIC = new RpcSource("public");
    /** Dev mode's local chains (anvil, LiteSVM…). */
    public static final RpcSource LOCAL = new RpcSource("local");

    public RpcSource {
        if (label == null || !LABEL.matcher(label).matches()) {
            throw new IllegalArgumentException("an RPC source label is lower case, e.g. alchemy, not " + label);
        }
    }

    @Override
    public String toString() {
        return label;
    }
}

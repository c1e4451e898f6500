package dev.x402j.core.model;

import java.util.List;
import java.util.Map;

/**
 * The answer of {@code GET /supported}: the kinds of payment served, the protocol extensions understood, and the
 * facilitator's signer addresses keyed by CAIP family pattern (e.g. {@code "eip155:*"}).
 */
public record SupportedResponse(List<SupportedKind> kinds, List<String> extensions, Map<String, List<String>> signers) {
    public SupportedResponse {
        kinds = List.copyOf(kinds);
        extensions = List.copyOf(extensions);
        signers = Map.copyOf(signers);
    }
}

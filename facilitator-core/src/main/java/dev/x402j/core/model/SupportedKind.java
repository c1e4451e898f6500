package dev.x402j.core.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** One (version, scheme, network) combination a facilitator can verify and settle, with scheme-specific extras. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SupportedKind(int x402Version, String scheme, String network, ObjectNode extra) {
    public SupportedKind {
        extra = extra == null || extra.isEmpty() ? null : extra.deepCopy();
    }
}

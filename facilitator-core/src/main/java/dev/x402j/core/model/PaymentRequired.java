package dev.x402j.core.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/** The body of an x402 v2 "402 Payment Required" answer: what the resource is and the ways it can be paid for. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PaymentRequired(
        int x402Version, String error, ResourceInfo resource, List<PaymentRequirements> accepts, ObjectNode extensions) {
    public PaymentRequired {
        accepts = accepts == null ? List.of() : List.copyOf(accepts);
        extensions = extensions == null ? null : extensions.deepCopy();
    }

    public static PaymentRequired of(ResourceInfo resource, List<PaymentRequirements> accepts, String error) {
        return new PaymentRequired(2, error, resource, accepts, null);
    }
}

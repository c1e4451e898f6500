package dev.x402j.core.gate;

import dev.x402j.core.NetworkRegistry;
import dev.x402j.core.model.PaymentPayload;
import dev.x402j.core.model.PaymentRequirements;
import dev.x402j.core.wire.MalformedPaymentException;
import dev.x402j.core.wire.PaymentHeaders;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Finds the payment a request carries — in {@code PAYMENT-SIGNATURE} (v2), {@code X-PAYMENT} (v1) or one of the
 * configured aliases, first found wins in that order — and decodes it. Thread-safe.
 */
final class PaymentHeaderReader {
    private final List<String> names;
    private final NetworkRegistry networks;

    PaymentHeaderReader(List<String> aliases, NetworkRegistry networks) {
        List<String> headers = new ArrayList<>(List.of(PaymentHeaders.PAYMENT_SIGNATURE, PaymentHeaders.X_PAYMENT));
        headers.addAll(aliases);
        this.names = List.copyOf(headers);
        this.networks = networks;
    }

    /** A payment header as the client sent it. */
    record PaymentHeader(String name, String value) {
        /** The protocol version the client spoke: 1 in {@code X-PAYMENT}, else 2 (an alias too). */
        int version() {
            return name.equalsIgnoreCase(PaymentHeaders.X_PAYMENT) ? 1 : 2;
        }
    }

    Optional<PaymentHeader> find(GateRequest request) {
        for (String name : names) {
            Optional<String> v = request.header(name);
            if (v.isPresent()) {
                return Optional.of(new PaymentHeader(name, v.get()));
            }
        }
        return Optional.empty();
    }

    /**
     * The payment in {@code header}; {@code offers} are the route's, which a v1 payment is read against.
     *
     * @throws MalformedPaymentException naming what is wrong with the header
     */
    PaymentPayload decode(PaymentHeader header, List<PaymentRequirements> offers) {
        return PaymentHeaders.decodePayment(header.name(), header.value(), offers, networks);
    }
}

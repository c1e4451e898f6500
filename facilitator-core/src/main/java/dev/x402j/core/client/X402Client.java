package dev.x402j.core.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.x402j.core.NetworkRegistry;
import dev.x402j.core.model.PaymentPayload;
import dev.x402j.core.model.PaymentRequired;
import dev.x402j.core.model.PaymentRequirements;
import dev.x402j.core.model.ResourceInfo;
import dev.x402j.core.model.SettleResponse;
import dev.x402j.core.wire.MalformedPaymentException;
import dev.x402j.core.wire.PaymentHeaders;
import dev.x402j.core.wire.V1;
import dev.x402j.core.wire.X402Json;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A paying HTTP client around {@link HttpClient}: when a server answers 402, it picks the first offer it can sign
 * and its {@link SpendingPolicy} allows, signs it locally (keys never leave the client), retries the request once
 * with the payment, and returns the final response with the decoded settlement. Speaks x402 v2 and v1. Thread-safe.
 */
public final class X402Client {
    private final HttpClient http;
    private final List<PaymentSigner> signers;
    private final SpendingPolicy policy;
    private final NetworkRegistry networks;
    private final Clock clock;

    private X402Client(Builder b) {
        this.http = b.http != null ? b.http : HttpClient.newHttpClient();
        this.signers = List.copyOf(b.signers);
        this.policy = b.policy;
        this.networks = b.networks;
        this.clock = b.clock;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Sends {@code request}; pays and retries once if the server asks for payment.
     *
     * @throws PaymentRefusedException if no offer can or may be paid
     * @throws MalformedPaymentException if the server's 402 cannot be read
     */
    public <T> PaidResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> bodyHandler)
            throws IOException, InterruptedException {
        HttpResponse<Object> first = http.send(request, info -> info.statusCode() == 402
                ? widen(HttpResponse.BodyHandlers.ofByteArray().apply(info))
                : widen(bodyHandler.apply(info)));
        if (first.statusCode() != 402) {
            return new PaidResponse<>(cast(first), Optional.empty(), Optional.empty());
        }
        Offers offers = readOffers(first);
        List<String> reasons = new ArrayList<>();
        for (PaymentRequirements offer : offers.accepts()) {
            Optional<PaymentSigner> signer = signers.stream().filter(s -> s.supports(offer)).findFirst();
            if (signer.isEmpty()) {
                reasons.add(offer.scheme() + " on " + offer.network() + ": no signer for it");
                continue;
            }
            Optional<String> refusal = policy.refusal(offer, networks);
            if (refusal.isPresent()) {
                reasons.add(offer.scheme() + " on " + offer.network() + ": " + refusal.get());
                continue;
            }
            PaymentPayload payment = signer.get().sign(offer, offers.resource(), clock.instant());
            HttpRequest paid = HttpRequest.newBuilder(request, (name, value) -> true)
                    .header(offers.version() == 1 ? PaymentHeaders.X_PAYMENT : PaymentHeaders.PAYMENT_SIGNATURE, encode(payment, offers.version()))
                    .build();
            HttpResponse<T> second = http.send(paid, bodyHandler);
            return new PaidResponse<>(second, Optional.of(offer), settlement(second));
        }
        throw new PaymentRefusedException("cannot pay for " + request.uri(), reasons);
    }

    private record Offers(int version, ResourceInfo resource, List<PaymentRequirements> accepts) {}

    private Offers readOffers(HttpResponse<Object> response) {
        Optional<String> header = response.headers().firstValue(PaymentHeaders.PAYMENT_REQUIRED);
        if (header.isPresent()) {
            PaymentRequired required = PaymentHeaders.decodePaymentRequired(header.get());
            return new Offers(2, required.resource(), required.accepts());
        }
        JsonNode body;
        try {
            body = X402Json.mapper().readTree((byte[]) response.body());
        } catch (IOException e) {
            throw new MalformedPaymentException(dev.x402j.core.ErrorReason.INVALID_PAYMENT_REQUIREMENTS,
                    "the 402 has no PAYMENT-REQUIRED header and its body is not JSON");
        }
        if (body != null && body.path("x402Version").asInt() == 1 && body.get("accepts") != null) {
            List<PaymentRequirements> accepts = new ArrayList<>();
            ResourceInfo resource = null;
            for (JsonNode a : body.get("accepts")) {
                accepts.add(V1.requirementsFromV1(a, networks));
                resource = resource == null ? V1.resourceFromV1(a) : resource;
            }
            return new Offers(1, resource, accepts);
        }
        if (body != null && body.path("x402Version").asInt() == 2) {
            PaymentRequired required = PaymentHeaders.decodePaymentRequired(
                    java.util.Base64.getEncoder().encodeToString(X402Json.write(body)));
            return new Offers(2, required.resource(), required.accepts());
        }
        throw new MalformedPaymentException(dev.x402j.core.ErrorReason.INVALID_PAYMENT_REQUIREMENTS,
                "the 402 carries no x402 payment requirements");
    }

    private String encode(PaymentPayload payment, int version) {
        if (version == 2) {
            return PaymentHeaders.encode(payment);
        }
        ObjectNode v1 = X402Json.mapper().createObjectNode();
        v1.put("x402Version", 1);
        v1.put("scheme", payment.accepted().scheme());
        v1.put("network", V1.toV1Name(payment.accepted().network(), networks));
        v1.set("payload", payment.payload());
        return PaymentHeaders.encode(v1);
    }

    private static Optional<SettleResponse> settlement(HttpResponse<?> response) {
        for (String name : List.of(PaymentHeaders.PAYMENT_RESPONSE, PaymentHeaders.X_PAYMENT_RESPONSE)) {
            Optional<String> v = response.headers().firstValue(name);
            if (v.isPresent()) {
                return Optional.of(PaymentHeaders.decodeSettleResponse(name, v.get()));
            }
        }
        return Optional.empty();
    }

    @SuppressWarnings("unchecked")
    private static HttpResponse.BodySubscriber<Object> widen(HttpResponse.BodySubscriber<?> s) {
        return (HttpResponse.BodySubscriber<Object>) s;
    }

    @SuppressWarnings("unchecked")
    private static <T> HttpResponse<T> cast(HttpResponse<Object> r) {
        return (HttpResponse<T>) (HttpResponse<?>) r; // the body came from the caller's handler
    }

    /** Configures an {@link X402Client}. */
    public static final class Builder {
        private HttpClient http;
        private final List<PaymentSigner> signers = new ArrayList<>();
        private SpendingPolicy policy;
        private NetworkRegistry networks = NetworkRegistry.defaults();
        private Clock clock = Clock.systemUTC();

        private Builder() {}

        public Builder httpClient(HttpClient http) {
            this.http = Objects.requireNonNull(http, "http");
            return this;
        }

        /** A key the client may pay with; the first signer that supports an offer signs it. */
        public Builder signer(PaymentSigner signer) {
            signers.add(Objects.requireNonNull(signer, "signer"));
            return this;
        }

        public Builder policy(SpendingPolicy policy) {
            this.policy = Objects.requireNonNull(policy, "policy");
            return this;
        }

        public Builder networks(NetworkRegistry networks) {
            this.networks = Objects.requireNonNull(networks, "networks");
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        public X402Client build() {
            List<String> problems = new ArrayList<>();
            if (signers.isEmpty()) {
                problems.add("no payment signer");
            }
            if (policy == null) {
                problems.add("no spending policy (a client never pays without one)");
            }
            if (!problems.isEmpty()) {
                throw new IllegalStateException("cannot build the x402 client: " + String.join("; ", problems));
            }
            return new X402Client(this);
        }
    }
}

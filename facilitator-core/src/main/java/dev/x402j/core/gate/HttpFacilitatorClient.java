package dev.x402j.core.gate;

import com.fasterxml.jackson.databind.JsonNode;
import dev.x402j.core.model.FacilitatorRequest;
import dev.x402j.core.model.PaymentRequired;
import dev.x402j.core.model.SettleResponse;
import dev.x402j.core.model.SupportedResponse;
import dev.x402j.core.model.VerifyResponse;
import dev.x402j.core.wire.X402Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * A {@link FacilitatorClient} over HTTP, speaking x402 v2 to {@code POST /verify}, {@code POST /settle},
 * {@code GET /supported} and {@code POST /accepts}. Sends optional per-endpoint auth headers, bounds every call by a
 * timeout, reads x402 answers even on non-200 statuses, and retries {@code /supported} on 429. Thread-safe.
 */
public final class HttpFacilitatorClient implements FacilitatorClient {
    private final URI base;
    private final HttpClient http;
    private final Duration timeout;
    private final Function<String, Map<String, String>> authHeaders;
    private final int supportedRetries;

    private HttpFacilitatorClient(Builder b) {
        String s = b.baseUrl.toString();
        this.base = URI.create(s.endsWith("/") ? s : s + "/");
        this.http = b.http != null ? b.http : HttpClient.newBuilder().connectTimeout(b.timeout).build();
        this.timeout = b.timeout;
        this.authHeaders = b.authHeaders;
        this.supportedRetries = b.supportedRetries;
    }

    /** A client for the facilitator at {@code baseUrl} (e.g. {@code https://facilitator.example/}). */
    public static Builder builder(URI baseUrl) {
        return new Builder(baseUrl);
    }

    public static HttpFacilitatorClient of(URI baseUrl) {
        return builder(baseUrl).build();
    }

    @Override
    public VerifyResponse verify(FacilitatorRequest request) {
        JsonNode body = post("verify", request);
        requireField(body, "isValid", "verify");
        return convert(body, VerifyResponse.class, "verify");
    }

    @Override
    public SettleResponse settle(FacilitatorRequest request) {
        JsonNode body = post("settle", request);
        requireField(body, "success", "settle");
        return convert(body, SettleResponse.class, "settle");
    }

    @Override
    public SupportedResponse supported() {
        long backoffMillis = 250;
        for (int attempt = 0; ; attempt++) {
            HttpResponse<byte[]> r = send(request("supported").GET().build(), "supported");
            if (r.statusCode() == 429 && attempt < supportedRetries) {
                sleep(retryAfter(r).orElse(backoffMillis));
                backoffMillis = Math.min(backoffMillis * 2, 4000);
                continue;
            }
            if (r.statusCode() != 200) {
                throw new FacilitatorUnavailableException("facilitator /supported answered HTTP " + r.statusCode(), r.statusCode(), null);
            }
            return convert(parse(r, "supported"), SupportedResponse.class, "supported");
        }
    }

    @Override
    public PaymentRequired accepts(PaymentRequired required) {
        JsonNode body = post("accepts", required);
        return convert(body, PaymentRequired.class, "accepts");
    }

    private JsonNode post(String endpoint, Object payload) {
        HttpRequest req = request(endpoint)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(X402Json.write(payload)))
                .build();
        // x402 answers come with any status (some facilitators send 400 for an invalid payment): read the body.
        return parse(send(req, endpoint), endpoint);
    }

    private HttpRequest.Builder request(String endpoint) {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(endpoint)).timeout(timeout).header("Accept", "application/json");
        authHeaders.apply(endpoint).forEach(b::header);
        return b;
    }

    private HttpResponse<byte[]> send(HttpRequest req, String endpoint) {
        try {
            return http.send(req, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new FacilitatorUnavailableException("facilitator /" + endpoint + " unreachable: " + e.getMessage(), 0, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FacilitatorUnavailableException("interrupted calling facilitator /" + endpoint, 0, e);
        }
    }

    private static JsonNode parse(HttpResponse<byte[]> r, String endpoint) {
        try {
            JsonNode n = X402Json.mapper().readTree(r.body());
            if (n == null || !n.isObject()) {
                throw new IOException("not a JSON object");
            }
            return n;
        } catch (IOException e) {
            throw new FacilitatorUnavailableException(
                    "facilitator /" + endpoint + " answered HTTP " + r.statusCode() + " with a body that is not x402 JSON", r.statusCode(), e);
        }
    }

    private static void requireField(JsonNode body, String field, String endpoint) {
        if (!body.has(field)) {
            String error = body.path("error").asText(body.path("message").asText("no '" + field + "' field"));
            throw new FacilitatorUnavailableException("facilitator /" + endpoint + " refused the request: " + error, 0, null);
        }
    }

    private static <T> T convert(JsonNode body, Class<T> type, String endpoint) {
        try {
            return X402Json.mapper().treeToValue(body, type);
        } catch (IOException | IllegalArgumentException e) {
            throw new FacilitatorUnavailableException("facilitator /" + endpoint + " answer is malformed: " + e.getMessage(), 0, e);
        }
    }

    private static java.util.Optional<Long> retryAfter(HttpResponse<?> r) {
        return r.headers().firstValue("Retry-After").flatMap(v -> {
            try {
                return java.util.Optional.of(Math.min(Long.parseLong(v.trim()) * 1000, 10_000));
            } catch (NumberFormatException e) {
                return java.util.Optional.empty();
            }
        });
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FacilitatorUnavailableException("interrupted while waiting to retry /supported", 0, e);
        }
    }

    /**
     * The default upper bound of one call: longer than a facilitator's default confirm timeout (30 s) plus the RPC
     * around it, so a slow confirmation comes back as {@code settlement_pending} (served, paid) rather than as a
     * client timeout (a 502 while the payer is charged).
     */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

    /** Configures an {@link HttpFacilitatorClient}. */
    public static final class Builder {
        private final URI baseUrl;
        private HttpClient http;
        private Duration timeout = DEFAULT_TIMEOUT;
        private Function<String, Map<String, String>> authHeaders = endpoint -> Map.of();
        private int supportedRetries = 3;

        private Builder(URI baseUrl) {
            this.baseUrl = Objects.requireNonNull(baseUrl, "baseUrl");
            String scheme = baseUrl.getScheme();
            if (!"http".equals(scheme) && !"https".equals(scheme)) {
                throw new IllegalArgumentException("facilitator URL must be http or https, got " + baseUrl);
            }
        }

        public Builder httpClient(HttpClient http) {
            this.http = Objects.requireNonNull(http, "http");
            return this;
        }

        /** Upper bound of each call, settle included (which waits for the chain). Default {@link #DEFAULT_TIMEOUT}: keep
         * it longer than the facilitator's confirm timeout. */
        public Builder timeout(Duration timeout) {
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("timeout must be positive");
            }
            this.timeout = timeout;
            return this;
        }

        /** Headers per endpoint name ({@code verify}, {@code settle}, {@code supported}, {@code accepts}), e.g. an API key. */
        public Builder authHeaders(Function<String, Map<String, String>> headers) {
            this.authHeaders = Objects.requireNonNull(headers, "headers");
            return this;
        }

        public Builder supportedRetries(int retries) {
            if (retries < 0) {
                throw new IllegalArgumentException("retries must not be negative");
            }
            this.supportedRetries = retries;
            return this;
        }

        public HttpFacilitatorClient build() {
            return new HttpFacilitatorClient(this);
        }
    }
}

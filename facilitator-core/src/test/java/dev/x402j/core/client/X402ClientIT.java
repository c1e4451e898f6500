package dev.x402j.core.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.x402j.core.Asset;
import dev.x402j.core.ChainId;
import dev.x402j.core.Facilitator;
import dev.x402j.core.FakeChainSchemeAccess;
import dev.x402j.core.Network;
import dev.x402j.core.NetworkRegistry;
import dev.x402j.core.gate.GateRequest;
import dev.x402j.core.gate.GateResult;
import dev.x402j.core.gate.HttpFacilitatorClient;
import dev.x402j.core.gate.InProcessFacilitatorClient;
import dev.x402j.core.gate.Offer;
import dev.x402j.core.gate.PaidRoute;
import dev.x402j.core.gate.PaymentGate;
import dev.x402j.core.model.PaymentPayload;
import dev.x402j.core.model.PaymentRequirements;
import dev.x402j.core.model.ResourceInfo;
import dev.x402j.core.wire.X402Json;
import java.io.IOException;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The paying client against a real HTTP server that protects a route with the gate, settled by an in-process
 * facilitator over the fake chain scheme (the chain itself is exercised in the chain modules and the server).
 */
class X402ClientIT {
    static final String USDC = "0x5FbDB2315678afecb367f032d93F642f64180aa3";
    static final String PAY_TO = "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC";
    static final NetworkRegistry NETS = NetworkRegistry.defaults()
            .with(Network.of("local", ChainId.parse("eip155:31337"), true, Asset.eip712(USDC, "USDC", 6, "USD Coin", "2")));

    /** Signs payloads the fake chain scheme accepts. */
    static final class FakeSigner implements PaymentSigner {
        final AtomicInteger signed = new AtomicInteger();

        @Override
        public boolean supports(PaymentRequirements r) {
            return r.network().startsWith("eip155:");
        }

        @Override
        public PaymentPayload sign(PaymentRequirements r, ResourceInfo resource, Instant now) {
            signed.incrementAndGet();
            ObjectNode proof = X402Json.mapper().createObjectNode().put("id", UUID.randomUUID().toString()).put("payer", "0xClient").put("valid", true);
            return new PaymentPayload(2, resource, r, proof, null);
        }
    }

    HttpServer server;
    URI base;
    final AtomicInteger handlerRuns = new AtomicInteger();
    final AtomicInteger supportedHits = new AtomicInteger();

    @BeforeEach
    void start() throws IOException {
        Facilitator facilitator = Facilitator.builder().scheme(new FakeChainSchemeAccess().scheme()).networks(NETS).build();
        PaymentGate gate = PaymentGate.builder(new InProcessFacilitatorClient(facilitator))
                .networks(NETS)
                .route(PaidRoute.of("GET", "/weather", Offer.usd("$0.01", "local", PAY_TO)))
                .build();
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", ex -> serve(gate, ex));
        server.createContext("/facilitator/supported", ex -> {
            // Rate-limited twice, then the real answer: the client must retry.
            if (supportedHits.incrementAndGet() <= 2) {
                ex.getResponseHeaders().add("Retry-After", "0");
                reply(ex, 429, "application/json", "{\"error\":\"slow down\"}".getBytes(StandardCharsets.UTF_8));
            } else {
                reply(ex, 200, "application/json", X402Json.write(facilitator.supported()));
            }
        });
        server.createContext("/facilitator/verify", ex ->
                reply(ex, 400, "application/json", "{\"error\":\"invalid_payload\",\"message\":\"bad\"}".getBytes(StandardCharsets.UTF_8)));
        server.start();
        base = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private void serve(PaymentGate gate, HttpExchange ex) throws IOException {
        var req = new GateRequest(ex.getRequestMethod(), ex.getRequestURI().getPath(), base + ex.getRequestURI().toString(),
                ex.getRequestHeaders()::getFirst);
        switch (gate.check(req)) {
            case GateResult.Free free -> reply(ex, 200, "text/plain", "free".getBytes(StandardCharsets.UTF_8));
            case GateResult.Respond r -> {
                r.headers().forEach((k, v) -> ex.getResponseHeaders().add(k, v));
                reply(ex, r.status(), r.contentType(), r.body());
            }
            case GateResult.Admitted a -> {
                handlerRuns.incrementAndGet();
                switch (gate.complete(a, 200)) {
                    case PaymentGate.Completion.Deliver d -> {
                        d.headers().forEach((k, v) -> ex.getResponseHeaders().add(k, v));
                        reply(ex, 200, "application/json", "{\"temp\":21}".getBytes(StandardCharsets.UTF_8));
                    }
                    case PaymentGate.Completion.Refuse r -> reply(ex, r.response().status(), r.response().contentType(), r.response().body());
                }
            }
        }
    }

    private static void reply(HttpExchange ex, int status, String type, byte[] body) throws IOException {
        ex.getResponseHeaders().add("Content-Type", type);
        ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (var out = ex.getResponseBody()) {
            out.write(body);
        }
    }

    X402Client client(FakeSigner signer, SpendingPolicy policy) {
        return X402Client.builder().signer(signer).policy(policy).networks(NETS).build();
    }

    @Test
    void paysA402OnceAndReturnsTheSettlement() throws Exception {
        FakeSigner signer = new FakeSigner();
        var policy = SpendingPolicy.builder().maxAmount("eip155:31337", USDC, new BigInteger("10000")).build();
        PaidResponse<String> r = client(signer, policy).send(HttpRequest.newBuilder(base.resolve("/weather")).build(), HttpResponse.BodyHandlers.ofString());

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("{\"temp\":21}");
        assertThat(r.paid().orElseThrow().amount()).isEqualTo(new BigInteger("10000"));
        assertThat(r.settlement().orElseThrow().success()).isTrue();
        assertThat(r.settlement().orElseThrow().transaction()).startsWith("0xtx-");
        assertThat(signer.signed).hasValue(1);
        assertThat(handlerRuns).hasValue(1);
    }

    @Test
    void freeRoutesAreNotPaid() throws Exception {
        FakeSigner signer = new FakeSigner();
        var r = client(signer, SpendingPolicy.builder().maxUsdc("$1").build())
                .send(HttpRequest.newBuilder(base.resolve("/free")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.body()).isEqualTo("free");
        assertThat(r.paid()).isEmpty();
        assertThat(signer.signed).hasValue(0);
    }

    @Test
    void refusesToPayAboveItsLimitAndSaysWhy() {
        FakeSigner signer = new FakeSigner();
        var policy = SpendingPolicy.builder().maxAmount("eip155:31337", USDC, new BigInteger("9999")).build();
        assertThatThrownBy(() -> client(signer, policy).send(HttpRequest.newBuilder(base.resolve("/weather")).build(), HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(PaymentRefusedException.class)
                .hasMessageContaining("exceeds the limit of 9999");
        assertThat(signer.signed).hasValue(0);
        assertThat(handlerRuns).hasValue(0);
    }

    @Test
    void refusesAssetsWithoutALimitAndNetworksNotAllowed() {
        FakeSigner signer = new FakeSigner();
        assertThatThrownBy(() -> client(signer, SpendingPolicy.builder().build())
                        .send(HttpRequest.newBuilder(base.resolve("/weather")).build(), HttpResponse.BodyHandlers.ofString()))
                .hasMessageContaining("has no spending limit");
        var onlyBase = SpendingPolicy.builder().maxUsdc("$1").allowNetworks("base").build();
        assertThatThrownBy(() -> client(signer, onlyBase).send(HttpRequest.newBuilder(base.resolve("/weather")).build(), HttpResponse.BodyHandlers.ofString()))
                .hasMessageContaining("network eip155:31337 is not allowed");
        assertThat(signer.signed).hasValue(0);
    }

    @Test
    void httpFacilitatorClientRetriesSupportedOn429AndReadsErrorBodies() {
        var client = HttpFacilitatorClient.builder(base.resolve("/facilitator/"))
                .authHeaders(endpoint -> Map.of("Authorization", "Bearer test-" + endpoint))
                .build();
        assertThat(client.supported().kinds()).extracting(k -> k.network()).containsExactly("eip155:31337");
        assertThat(supportedHits).hasValue(3);
        assertThatThrownBy(() -> client.verify(new dev.x402j.core.model.FacilitatorRequest(2,
                        new PaymentPayload(2, null, Offer.usd("$0.01", "local", PAY_TO).toRequirements(NETS), X402Json.mapper().createObjectNode(), null),
                        Offer.usd("$0.01", "local", PAY_TO).toRequirements(NETS))))
                .hasMessageContaining("refused the request: invalid_payload");
        assertThat(List.of(supportedHits.get())).containsExactly(3);
    }
}

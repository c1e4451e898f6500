package dev.x402j.server;

import dev.x402j.evm.EvmDevChain;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.x402j.core.Facilitator;
import dev.x402j.core.client.PaidResponse;
import dev.x402j.core.client.SpendingPolicy;
import dev.x402j.core.client.X402Client;
import dev.x402j.core.model.SettleResponse;
import dev.x402j.evm.EvmPaymentSigner;
import dev.x402j.testkit.AnvilChain;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The operators' endpoints on the real server. Dev mode with an admin token: the demo paid route ({@code /demo/weather},
 * the x402j-micronaut gate over this server's facilitator) is paid on the local anvil chain by x402j's
 * {@link X402Client}, and {@code /tracking/payments} and {@code /tracking/stats} show it — with its mined transaction —
 * and the 402s before it; requests without the token are 401, bad parameters 400, all JSON. Live mode without a token
 * (anvil posing as Base Sepolia): the endpoints do not exist (404 JSON).
 */
class TrackingEndpointsIT {
    private static final String TOKEN = "test-admin-token-0123456789abcdef";

    private static TestServer dev;
    private static Instant startedAt;

    @BeforeAll
    static void start() {
        startedAt = Instant.now();
        dev = TestServer.start(Map.of("X402J_ADMIN_TOKEN", TOKEN), Map.of());
    }

    @AfterAll
    static void stop() {
        if (dev != null) {
            dev.close();
        }
    }

    private static TestServer.Answer admin(String path) {
        return dev.send(HttpRequest.newBuilder(dev.base.resolve(path)).header("Authorization", "Bearer " + TOKEN).GET());
    }

    /**
     * The list answer once {@code done} holds for it: the gate writes records after answering, in the background.
     * This waits for the writes (up to 30 s); it does not time anything.
     */
    private static JsonNode listOnce(String query, Predicate<JsonNode> done) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (true) {
            TestServer.Answer answer = admin("/tracking/payments" + query);
            assertThat(answer.status()).as(answer.body()).isEqualTo(200);
            JsonNode list = answer.json();
            if (done.test(list)) {
                return list;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the tracked payments never became as expected: " + list);
            }
            Thread.sleep(25);
        }
    }

    private static boolean allEnded(JsonNode list, long total) {
        if (list.path("total").asLong() != total) {
            return false;
        }
        for (JsonNode item : list.path("items")) {
            if (!item.has("finishedAt")) {
                return false;
            }
        }
        return true;
    }

    private static JsonNode item(JsonNode list, Predicate<JsonNode> which) {
        for (JsonNode item : list.path("items")) {
            if (which.test(item)) {
                return item;
            }
        }
        throw new AssertionError("no item matched in " + list);
    }

    @Test
    void aPaidDemoRequestAndThe402BeforeItAreListedAndCounted() throws Exception {
        EvmDevChain chain = dev.context.getBean(DevChains.class).get(EvmDevChain.class);
        Facilitator facilitator = dev.context.getBean(Facilitator.class);
        String usdc = chain.usdc().address();

        // An early exit: no payment, a 402.
        TestServer.Answer unpaid = dev.get("/demo/weather?city=paris");
        assertThat(unpaid.status()).isEqualTo(402);

        // x402j's client pays the route (after its own first request, answered 402 too).
        PaidResponse<String> paid;
        try (HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
            X402Client client = X402Client.builder()
                    .httpClient(http)
                    .signer(EvmPaymentSigner.fromHex(chain.payer().privateKeyHex()))
                    .policy(SpendingPolicy.builder().maxUsdc("$0.05").build())
                    .networks(facilitator.networks())
                    .build();
            paid = client.send(HttpRequest.newBuilder(dev.base.resolve("/demo/weather")).timeout(Duration.ofSeconds(60)).build(),
                    HttpResponse.BodyHandlers.ofString());
        }
        assertThat(paid.statusCode()).as(paid.body()).isEqualTo(200);
        SettleResponse settlement = paid.settlement().orElseThrow();
        assertThat(settlement.transaction()).matches("0x[0-9a-f]{64}");

        // Three requests to the paid route, each recorded once it was answered.
        JsonNode all = listOnce("", list -> allEnded(list, 3));
        assertThat(all.path("items")).extracting(i -> i.path("status").asText())
                .containsExactlyInAnyOrder("settled", "payment_required", "payment_required");

        // Listed with its transaction, filtered by status, network (by name) and payer (any case).
        JsonNode settled = admin("/tracking/payments?status=settled&network=local&payer="
                + chain.payer().address().toLowerCase(java.util.Locale.ROOT)).json();
        assertThat(settled.path("total").asLong()).isEqualTo(1);
        assertThat(item(settled, i -> true).path("transaction").asText()).isEqualTo(settlement.transaction());
        JsonNode record = item(settled, i -> true);
        assertThat(record.path("status").asText()).isEqualTo("settled");
        assertThat(record.path("method").asText()).isEqualTo("GET");
        assertThat(record.path("resource").asText()).isEqualTo(dev.base + "/demo/weather");
        assertThat(record.path("scheme").asText()).isEqualTo("exact");
        assertThat(record.path("network").asText()).isEqualTo("eip155:31337");
        assertThat(record.path("networkName").asText()).isEqualTo("local");
        assertThat(record.path("asset").asText()).isEqualToIgnoringCase(usdc);
        assertThat(record.path("amount").asText()).isEqualTo("10000");
        assertThat(record.path("payer").asText()).isEqualToIgnoringCase(chain.payer().address());
        assertThat(record.path("latencyMs").asDouble()).isGreaterThanOrEqualTo(0);
        assertThat(record.has("errorReason")).isFalse();
        String id = record.path("id").asText();

        // One record by its id; an unknown id is a 404.
        TestServer.Answer one = admin("/tracking/payments/" + id);
        assertThat(one.status()).isEqualTo(200);
        assertThat(one.json().path("transaction").asText()).isEqualTo(settlement.transaction());
        TestServer.Answer missing = admin("/tracking/payments/no-such-id");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.json().path("error").asText()).isEqualTo("not_found");

        // The two 402s: ours (its query not recorded) and the client's first attempt; pages of one.
        JsonNode required = admin("/tracking/payments?status=payment_required&limit=1").json();
        assertThat(required.path("total").asLong()).isEqualTo(2);
        assertThat(item(required, i -> true).path("resource").asText()).isEqualTo(dev.base + "/demo/weather");
        assertThat(required.path("items")).hasSize(1);
        assertThat(item(required, i -> true).path("amount").asText()).isEqualTo("10000");
        assertThat(item(required, i -> true).has("payer")).isFalse();
        JsonNode secondPage = admin("/tracking/payments?status=PAYMENT_REQUIRED&limit=1&offset=1").json();
        assertThat(secondPage.path("items")).hasSize(1);
        assertThat(item(secondPage, i -> true).path("id").asText()).isNotEqualTo(item(required, i -> true).path("id").asText());

        // Stats over the test's time range: three requests, one settled, the price in the local USDC.
        String range = "?from=" + enc(startedAt.minusSeconds(1)) + "&to=" + enc(Instant.now().plusSeconds(60));
        TestServer.Answer statsAnswer = admin("/tracking/stats" + range);
        assertThat(statsAnswer.status()).as(statsAnswer.body()).isEqualTo(200);
        JsonNode stats = statsAnswer.json();
        assertThat(stats.path("count").asLong()).isEqualTo(3);
        assertThat(stats.path("settled").asLong()).isEqualTo(1);
        assertThat(stats.path("failed").asLong()).isZero();
        assertThat(stats.path("successRate").asDouble()).isEqualTo(1.0);
        assertThat(stats.path("volume")).hasSize(1);
        JsonNode volume = stats.path("volume").get(0);
        assertThat(volume.path("network").asText()).isEqualTo("eip155:31337");
        assertThat(volume.path("networkName").asText()).isEqualTo("local");
        assertThat(volume.path("asset").asText()).isEqualToIgnoringCase(usdc);
        assertThat(volume.path("amount").asText()).isEqualTo("10000");
        assertThat(stats.path("p95LatencyMs").asDouble()).isGreaterThanOrEqualTo(stats.path("p50LatencyMs").asDouble());
        // The default range is the last 24 hours, which holds them all.
        assertThat(admin("/tracking/stats").json().path("count").asLong()).isEqualTo(3);
    }

    @Test
    void withoutTheAdminTokenTheEndpointsAnswer401InJson() {
        for (String path : new String[] {"/tracking/payments", "/tracking/stats", "/tracking/payments/x"}) {
            TestServer.Answer none = dev.get(path);
            assertThat(none.status()).as(path).isEqualTo(401);
            assertThat(none.contentType()).startsWith("application/json");
            assertThat(none.json().path("error").asText()).isEqualTo("unauthorized");
            assertThat(none.body()).doesNotContain(TOKEN).doesNotContain("Exception");
        }
        TestServer.Answer wrong = dev.send(HttpRequest.newBuilder(dev.base.resolve("/tracking/payments"))
                .header("Authorization", "Bearer " + TOKEN + "x").GET());
        assertThat(wrong.status()).isEqualTo(401);
        TestServer.Answer basic = dev.send(HttpRequest.newBuilder(dev.base.resolve("/tracking/payments"))
                .header("Authorization", "Basic " + TOKEN).GET());
        assertThat(basic.status()).isEqualTo(401);
        TestServer.Answer lowerCaseScheme = dev.send(HttpRequest.newBuilder(dev.base.resolve("/tracking/payments"))
                .header("Authorization", "bearer " + TOKEN).GET());
        assertThat(lowerCaseScheme.status()).isEqualTo(200);
    }

    @Test
    void badParametersAre400WithAReasonThatNamesThem() {
        Map<String, String> cases = Map.of(
                "/tracking/payments?status=paid", "status must be one of payment_required, verified",
                "/tracking/payments?limit=0", "limit must be a whole number from 1 to 1000",
                "/tracking/payments?limit=1001", "limit must be a whole number from 1 to 1000",
                "/tracking/payments?offset=-1", "offset must be a whole number from 0 up",
                "/tracking/payments?from=yesterday", "from must be an ISO-8601 instant",
                "/tracking/payments?from=2025-02-01T00:00:00Z&to=2025-01-01T00:00:00Z", "from must be before to",
                "/tracking/payments?network=atlantis", "network 'atlantis' is neither a known network name nor a CAIP-2 id",
                "/tracking/payments?state=settled", "unknown parameter state; known: from, limit, network, offset, payer, status, to",
                "/tracking/payments?limit=5&limit=6", "parameter limit is given 2 times",
                "/tracking/stats?to=2020-01-01T00:00:00Z&from=2021-01-01T00:00:00Z", "from must be before to");
        cases.forEach((path, message) -> {
            TestServer.Answer answer = admin(path);
            assertThat(answer.status()).as(path).isEqualTo(400);
            assertThat(answer.contentType()).startsWith("application/json");
            assertThat(answer.json().path("error").asText()).as(path).isEqualTo("invalid_query");
            assertThat(answer.json().path("message").asText()).as(path).startsWith(message);
            assertThat(answer.json().size()).as(path + ": only error and message").isEqualTo(2);
        });
    }

    @Test
    void inLiveModeWithoutATokenTheEndpointsDoNotExist() {
        try (AnvilChain chain = AnvilChain.start(84532);
                TestServer live = TestServer.start(Map.of(
                        "EVM_PRIVATE_KEY", chain.accounts().get(0).privateKeyHex(),
                        "EVM_NETWORKS", "base-sepolia",
                        "EVM_RPC_URL_BASE_SEPOLIA", chain.rpcUrl()), Map.of())) {
            assertThat(live.get("/health").json().path("mode").asText()).isEqualTo("live");
            for (String path : new String[] {"/tracking/payments", "/tracking/stats"}) {
                TestServer.Answer answer = live.send(HttpRequest.newBuilder(live.base.resolve(path))
                        .header("Authorization", "Bearer " + TOKEN).GET());
                assertThat(answer.status()).as(path).isEqualTo(404);
                assertThat(answer.json().path("error").asText()).isEqualTo("not_found");
                assertThat(answer.json().path("message").asText()).contains("X402J_ADMIN_TOKEN");
            }
        }
    }

    private static String enc(Instant instant) {
        return URLEncoder.encode(instant.toString(), StandardCharsets.UTF_8);
    }
}

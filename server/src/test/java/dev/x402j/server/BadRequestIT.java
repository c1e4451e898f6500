package dev.x402j.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Malformed requests through the real HTTP server: each gets a 4xx with a JSON {@code {error, message}} and nothing of
 * an exception. None of them reaches a chain, so the server is configured (through {@code application.yml} keys this
 * time) with an RPC endpoint nobody listens on.
 */
class BadRequestIT {
    private static final String KEY = "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80";
    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(Map.of(), Map.of(
                "x402j.evm.private-key", KEY,
                "x402j.evm.networks", "base-sepolia",
                "x402j.evm.rpc-urls.base-sepolia", "http://127.0.0.1:9"));
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    private static final String REQUIREMENTS = """
            {"scheme":"exact","network":"eip155:84532","amount":"%s","asset":"0x036CbD53842c5426634e7929541eC2318f3dCF7e",
             "payTo":"0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC","maxTimeoutSeconds":60,"extra":{"name":"USDC","version":"2"}}""";
    private static final String PAYLOAD = """
            {"x402Version":2,"accepted":%s,"payload":{"signature":"0x00","authorization":{}}}""";

    private static String request(int version, String amount) {
        String req = REQUIREMENTS.formatted(amount);
        return """
                {"x402Version":%d,"paymentPayload":%s,"paymentRequirements":%s}""".formatted(version, PAYLOAD.formatted(req), req);
    }

    private static JsonNode assertJsonError(TestServer.Answer a, int status, String error) {
        assertThat(a.status()).as(a.body()).isEqualTo(status);
        assertThat(a.contentType()).startsWith("application/json");
        assertThat(a.body()).doesNotContain("Exception").doesNotContain("at dev.").doesNotContain("at io.");
        JsonNode json = a.json();
        assertThat(json.path("error").asText()).isEqualTo(error);
        assertThat(json.path("message").asText()).isNotBlank();
        return json;
    }

    private static TestServer.Answer post(String path, String body) {
        return server.post(path, "application/json", body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void anEmptyBody() {
        assertJsonError(post("/verify", ""), 400, "invalid_payload");
        assertJsonError(post("/settle", ""), 400, "invalid_payload");
        assertJsonError(post("/accepts", ""), 400, "invalid_payment_requirements");
    }

    @Test
    void aBodyThatIsNotJson() {
        assertJsonError(post("/verify", "x402 please"), 400, "invalid_payload");
        assertJsonError(post("/settle", "{\"x402Version\":2,"), 400, "invalid_payload");
        assertJsonError(post("/accepts", "<xml/>"), 400, "invalid_payment_requirements");
    }

    @Test
    void aJsonArray() {
        assertJsonError(post("/verify", "[1,2,3]"), 400, "invalid_payload");
        assertJsonError(post("/accepts", "[]"), 400, "invalid_payment_requirements");
    }

    @Test
    void aMissingPaymentPayload() {
        JsonNode e = assertJsonError(
                post("/settle", "{\"x402Version\":2,\"paymentRequirements\":" + REQUIREMENTS.formatted("1") + "}"),
                400, "invalid_payload");
        assertThat(e.path("message").asText()).contains("paymentPayload");
    }

    @Test
    void aNegativeAmount() {
        JsonNode e = assertJsonError(post("/verify", request(2, "-1")), 400, "invalid_payload");
        assertThat(e.path("message").asText()).contains("amount");
    }

    @Test
    void aFractionalAmount() {
        JsonNode e = assertJsonError(post("/settle", request(2, "1.5")), 400, "invalid_payload");
        assertThat(e.path("message").asText()).contains("amount");
    }

    @Test
    void anUnknownVersion() {
        assertJsonError(post("/verify", request(7, "1")), 400, "invalid_x402_version");
        assertJsonError(post("/accepts", "{\"x402Version\":3,\"accepts\":[]}"), 400, "invalid_x402_version");
    }

    @Test
    void tooManyOffersInOneAcceptsRequest() {
        String offers = String.join(",", java.util.Collections.nCopies(FacilitatorController.MAX_OFFERS + 1,
                REQUIREMENTS.formatted("10000")));
        JsonNode json = assertJsonError(post("/accepts", "{\"x402Version\":2,\"accepts\":[" + offers + "]}"), 400,
                "invalid_payment_requirements");
        assertThat(json.path("message").asText()).contains("33 offers").contains("32");

        String fewEnough = String.join(",", java.util.Collections.nCopies(FacilitatorController.MAX_OFFERS,
                REQUIREMENTS.formatted("10000")));
        TestServer.Answer served = post("/accepts", "{\"x402Version\":2,\"accepts\":[" + fewEnough + "]}");
        assertThat(served.status()).as(served.body()).isEqualTo(200);
        assertThat(served.json().path("accepts").size()).isEqualTo(FacilitatorController.MAX_OFFERS);
    }

    @Test
    void aOneMegabyteBody() {
        byte[] big = new byte[1024 * 1024];
        Arrays.fill(big, (byte) ' ');
        big[0] = '{';
        big[big.length - 1] = '}';
        assertJsonError(server.post("/settle", "application/json", big), 413, "payload_too_large");
    }

    @Test
    void aWrongContentType() {
        byte[] body = request(2, "1").getBytes(StandardCharsets.UTF_8);
        assertJsonError(server.post("/verify", "text/plain", body), 415, "unsupported_media_type");
        assertJsonError(server.post("/settle", "application/x-www-form-urlencoded", body), 415, "unsupported_media_type");
    }

    @Test
    void anUnknownRouteOrMethod() {
        assertJsonError(server.get("/nope"), 404, "not_found");
        assertJsonError(server.get("/verify"), 405, "method_not_allowed");
        assertJsonError(server.send(HttpRequest.newBuilder(URI.create(server.base + "/supported"))
                .DELETE()), 405, "method_not_allowed");
    }
}

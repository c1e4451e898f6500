package dev.x402j.core.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.x402j.core.NetworkRegistry;
import dev.x402j.core.model.FacilitatorRequest;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FacilitatorRequestsTest {
    private static final NetworkRegistry NETS = NetworkRegistry.defaults();

    static final String V2 = """
            {"x402Version":2,
             "paymentPayload":{"x402Version":2,"resource":{"url":"https://api.example/weather"},
               "accepted":{"scheme":"exact","network":"eip155:84532","amount":"10000","asset":"0x036CbD53842c5426634e7929541eC2318f3dCF7e",
                 "payTo":"0x209693Bc6afc0C5328bA36FaF03C514EF312287C","maxTimeoutSeconds":60,"extra":{"name":"USDC","version":"2"}},
               "payload":{"signature":"0xabc","authorization":{"from":"0x1","to":"0x2","value":"10000","validAfter":"0","validBefore":"9","nonce":"0x00"}},
               "someFutureField":true},
             "paymentRequirements":{"scheme":"exact","network":"eip155:84532","amount":"10000","asset":"0x036CbD53842c5426634e7929541eC2318f3dCF7e",
                 "payTo":"0x209693Bc6afc0C5328bA36FaF03C514EF312287C","maxTimeoutSeconds":60,"extra":{"name":"USDC","version":"2"}}}
            """;

    static final String V1 = """
            {"x402Version":1,
             "paymentPayload":{"x402Version":1,"scheme":"exact","network":"base-sepolia",
               "payload":{"signature":"0xabc","authorization":{"from":"0x1"}}},
             "paymentRequirements":{"scheme":"exact","network":"base-sepolia","maxAmountRequired":"10000",
               "resource":"https://api.example/weather","description":"Weather","mimeType":"application/json",
               "payTo":"0x209693Bc6afc0C5328bA36FaF03C514EF312287C","maxTimeoutSeconds":60,
               "asset":"0x036CbD53842c5426634e7929541eC2318f3dCF7e","extra":{"name":"USDC","version":"2"}}}
            """;

    private static FacilitatorRequest parse(String json) {
        return FacilitatorRequests.parse(json.getBytes(StandardCharsets.UTF_8), NETS);
    }

    @Test
    void readsV2IgnoringUnknownFields() {
        FacilitatorRequest r = parse(V2);
        assertThat(r.x402Version()).isEqualTo(2);
        assertThat(r.paymentRequirements().amount()).isEqualTo(new BigInteger("10000"));
        assertThat(r.paymentRequirements().extraText("name")).contains("USDC");
        assertThat(r.paymentPayload().accepted().network()).isEqualTo("eip155:84532");
        assertThat(r.paymentPayload().payload().path("authorization").path("value").asText()).isEqualTo("10000");
        assertThat(r.paymentPayload().resource().url()).isEqualTo("https://api.example/weather");
    }

    @Test
    void readsV1IntoTheV2ModelWithCaip2Networks() {
        FacilitatorRequest r = parse(V1);
        assertThat(r.x402Version()).isEqualTo(1);
        assertThat(r.paymentRequirements().network()).isEqualTo("eip155:84532");
        assertThat(r.paymentRequirements().amount()).isEqualTo(new BigInteger("10000"));
        assertThat(r.paymentPayload().accepted()).isEqualTo(r.paymentRequirements());
        assertThat(r.paymentPayload().x402Version()).isEqualTo(1);
        assertThat(r.paymentPayload().payload().path("signature").asText()).isEqualTo("0xabc");
    }

    /** V2 or V1 with one field of the tree changed. */
    private static String edit(String json, java.util.function.Consumer<com.fasterxml.jackson.databind.node.ObjectNode> change) {
        try {
            var tree = (com.fasterxml.jackson.databind.node.ObjectNode) X402Json.mapper().readTree(json);
            change.accept(tree);
            return X402Json.writeString(tree);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void amountsBeyondLongRangeStayExact() {
        String huge = "115792089237316195423570985008687907853269984665640564039457584007913129639935";
        FacilitatorRequest r = parse(edit(V2, t -> t.with("paymentRequirements").put("amount", huge)));
        assertThat(r.paymentRequirements().amount()).isEqualTo(new BigInteger(huge));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "empty body||invalid_payload|request body is empty",
        "not json|hello|invalid_payload|request body is malformed",
        "array|[1,2]|invalid_payload|must be a JSON object",
        "no payload|{\"x402Version\":2,\"paymentRequirements\":{}}|invalid_payload|paymentPayload is required",
        "no requirements|{\"x402Version\":2,\"paymentPayload\":{}}|invalid_payment_requirements|paymentRequirements is required",
        "version 3|{\"x402Version\":3,\"paymentPayload\":{},\"paymentRequirements\":{}}|invalid_x402_version|unsupported x402Version 3",
        "trailing garbage|{\"x402Version\":2} x|invalid_payload|malformed",
        "duplicate key|{\"x402Version\":2,\"x402Version\":1}|invalid_payload|Duplicate field",
    })
    void rejectsMalformedBodiesNamingTheProblem(String name, String body, String reason, String message) {
        assertThatThrownBy(() -> parse(body == null ? "" : body))
                .isInstanceOfSatisfying(MalformedPaymentException.class, e -> {
                    assertThat(e.reason().wire()).isEqualTo(reason);
                    assertThat(e.getMessage()).contains(message);
                });
    }

    @ParameterizedTest(name = "amount {0}")
    @CsvSource({"'\"-1\"'", "'\"1.5\"'", "'\"1e3\"'", "'\"0x10\"'", "'1.5'", "'\" 1\"'", "'true'"})
    void rejectsAmountsThatAreNotAtomicUnits(String amount) {
        String body = V2.replace("\"paymentRequirements\":{\"scheme\":\"exact\",\"network\":\"eip155:84532\",\"amount\":\"10000\"",
                "\"paymentRequirements\":{\"scheme\":\"exact\",\"network\":\"eip155:84532\",\"amount\":" + amount);
        assertThat(body).isNotEqualTo(V2);
        assertThatThrownBy(() -> parse(body))
                .isInstanceOfSatisfying(MalformedPaymentException.class, e -> {
                    assertThat(e.reason().wire()).isEqualTo("invalid_payment_requirements");
                    assertThat(e.getMessage()).contains("paymentRequirements").contains("amount");
                });
    }

    @Test
    void missingRequiredFieldIsNamed() {
        String body = V2.replace("\"payTo\":\"0x209693Bc6afc0C5328bA36FaF03C514EF312287C\",\"maxTimeoutSeconds\":60,\"extra\":{\"name\":\"USDC\",\"version\":\"2\"}}}",
                "\"maxTimeoutSeconds\":60}}");
        assertThatThrownBy(() -> parse(body)).hasMessageContaining("payTo is required");
    }

    @Test
    void errorsNeverEchoTheSignature() {
        String body = V2.replace("\"accepted\":{", "\"accepted\":{\"amount\":\"-5\",");
        assertThatThrownBy(() -> parse(body)).satisfies(e -> assertThat(e.getMessage()).doesNotContain("0xabc"));
    }

    @Test
    void rejectsOversizeBodies() {
        byte[] big = new byte[FacilitatorRequests.MAX_BODY_BYTES + 1];
        assertThatThrownBy(() -> FacilitatorRequests.parse(big, NETS)).hasMessageContaining("more than the");
    }

    @Test
    void v1PaymentForAnotherNetworkThanRequiredIsRefused() {
        String body = edit(V1, t -> t.with("paymentPayload").put("network", "base"));
        assertThatThrownBy(() -> parse(body))
                .isInstanceOfSatisfying(MalformedPaymentException.class, e -> assertThat(e.getMessage()).contains("not offered"));
    }
}

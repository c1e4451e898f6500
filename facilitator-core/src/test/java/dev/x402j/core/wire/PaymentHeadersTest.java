package dev.x402j.core.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.x402j.core.NetworkRegistry;
import dev.x402j.core.model.PaymentPayload;
import dev.x402j.core.model.PaymentRequired;
import dev.x402j.core.model.PaymentRequirements;
import dev.x402j.core.model.ResourceInfo;
import dev.x402j.core.model.SettleResponse;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

class PaymentHeadersTest {
    private static final NetworkRegistry NETS = NetworkRegistry.defaults();
    private static final PaymentRequirements OFFER = new PaymentRequirements(
            "exact", "eip155:8453", new BigInteger("10000"), "0x833589fCD6eDb6E08f4c7C32D4f71b54bdA02913",
            "0x209693Bc6afc0C5328bA36FaF03C514EF312287C", 60, null);

    private static String b64(String json) {
        return Base64.getEncoder().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void paymentRoundTripsThroughTheHeader() {
        ObjectNode proof = X402Json.mapper().createObjectNode().put("signature", "0xsig");
        PaymentPayload p = new PaymentPayload(2, ResourceInfo.of("https://x/y"), OFFER, proof, null);
        String header = PaymentHeaders.encode(p);
        PaymentPayload back = PaymentHeaders.decodePayment(PaymentHeaders.PAYMENT_SIGNATURE, header, List.of(), NETS);
        assertThat(back.accepted()).isEqualTo(OFFER);
        assertThat(back.payload()).isEqualTo(proof);
        assertThat(new String(Base64.getDecoder().decode(header), StandardCharsets.UTF_8)).contains("\"amount\":\"10000\"");
    }

    @Test
    void aV1PaymentTakesTheMatchingOfferAsAccepted() {
        String v1 = b64("{\"x402Version\":1,\"scheme\":\"exact\",\"network\":\"base\",\"payload\":{\"signature\":\"0x1\"}}");
        PaymentPayload p = PaymentHeaders.decodePayment(PaymentHeaders.X_PAYMENT, v1, List.of(OFFER), NETS);
        assertThat(p.x402Version()).isEqualTo(1);
        assertThat(p.accepted()).isEqualTo(OFFER);
    }

    @Test
    void urlSafeBase64IsAccepted() {
        String json = "{\"x402Version\":2,\"accepted\":" + X402Json.writeString(OFFER) + ",\"payload\":{\"s\":\"??>>\"}}";
        String urlSafe = Base64.getUrlEncoder().encodeToString(json.getBytes(StandardCharsets.UTF_8));
        assertThat(PaymentHeaders.decodePayment("PAYMENT-SIGNATURE", urlSafe, List.of(), NETS).accepted()).isEqualTo(OFFER);
    }

    @Test
    void malformedHeadersNameTheHeaderAndTheProblem() {
        assertThatThrownBy(() -> PaymentHeaders.decodePayment("PAYMENT-SIGNATURE", "", List.of(), NETS))
                .hasMessage("PAYMENT-SIGNATURE is empty");
        assertThatThrownBy(() -> PaymentHeaders.decodePayment("PAYMENT-SIGNATURE", "%%%not-base64", List.of(), NETS))
                .hasMessage("PAYMENT-SIGNATURE is not valid base64");
        assertThatThrownBy(() -> PaymentHeaders.decodePayment("PAYMENT-SIGNATURE", b64("{oops"), List.of(), NETS))
                .hasMessageStartingWith("PAYMENT-SIGNATURE is malformed");
        assertThatThrownBy(() -> PaymentHeaders.decodePayment("PAYMENT-SIGNATURE", b64("[]"), List.of(), NETS))
                .hasMessage("PAYMENT-SIGNATURE must hold a JSON object");
        assertThatThrownBy(() -> PaymentHeaders.decodePayment("PAYMENT-SIGNATURE", b64("{\"x402Version\":7}"), List.of(), NETS))
                .isInstanceOfSatisfying(MalformedPaymentException.class, e -> assertThat(e.reason().wire()).isEqualTo("invalid_x402_version"));
        assertThatThrownBy(() -> PaymentHeaders.decodePayment("PAYMENT-SIGNATURE", b64("{\"x402Version\":2,\"payload\":{}}"), List.of(), NETS))
                .hasMessageContaining("accepted is required");
        assertThatThrownBy(() -> PaymentHeaders.decodePayment("X-PAYMENT",
                        b64("{\"x402Version\":1,\"scheme\":\"exact\",\"network\":\"polygon\",\"payload\":{}}"), List.of(OFFER), NETS))
                .hasMessageContaining("not offered");
    }

    @Test
    void oversizeHeadersAreRefusedBeforeDecoding() {
        String huge = "A".repeat(PaymentHeaders.MAX_HEADER_CHARS + 4);
        assertThatThrownBy(() -> PaymentHeaders.decodeTree("PAYMENT-SIGNATURE", huge)).hasMessageContaining("more than the 65536 allowed");
    }

    @Test
    void paymentRequiredAndSettleResponseRoundTrip() {
        PaymentRequired pr = PaymentRequired.of(new ResourceInfo("https://x/y", "Weather", "application/json"), List.of(OFFER), "payment required");
        assertThat(PaymentHeaders.decodePaymentRequired(PaymentHeaders.encode(pr))).isEqualTo(pr);
        SettleResponse ok = SettleResponse.success("0xpayer", "0xtx", "eip155:8453", null);
        assertThat(PaymentHeaders.decodeSettleResponse(PaymentHeaders.PAYMENT_RESPONSE, PaymentHeaders.encode(ok))).isEqualTo(ok);
        assertThat(X402Json.writeString(SettleResponse.failure("invalid_payload", "bad", null, null, "eip155:8453")))
                .isEqualTo("{\"success\":false,\"errorReason\":\"invalid_payload\",\"errorMessage\":\"bad\",\"transaction\":\"\",\"network\":\"eip155:8453\"}");
    }
}

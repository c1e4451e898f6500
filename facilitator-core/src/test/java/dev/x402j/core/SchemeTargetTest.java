package dev.x402j.core;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.x402j.core.model.PaymentPayload;
import dev.x402j.core.model.PaymentRequirements;
import dev.x402j.core.model.SupportedKind;
import java.math.BigInteger;
import org.junit.jupiter.api.Test;

/** The kinds a scheme advertises and the first two rules every scheme's verify applies. */
class SchemeTargetTest {
    private static final ChainId BASE_SEPOLIA = ChainId.eip155(84532);
    private final SchemeTarget target = new SchemeTarget("exact", BASE_SEPOLIA, NetworkRegistry.defaults());

    private static PaymentRequirements req(String scheme, String network) {
        return new PaymentRequirements(scheme, network, BigInteger.ONE, "asset", "payTo", 60, null);
    }

    private static PaymentPayload paying(PaymentRequirements accepted) {
        return new PaymentPayload(2, null, accepted, JsonNodeFactory.instance.objectNode(), null);
    }

    @Test
    void advertisesV2UnderTheCaip2IdAndV1UnderTheRegistrysName() {
        ObjectNode extra = JsonNodeFactory.instance.objectNode().put("feePayer", "me");
        assertThat(target.supportedKinds(extra)).containsExactly(
                new SupportedKind(2, "exact", "eip155:84532", extra),
                new SupportedKind(1, "exact", "base-sepolia", extra));
        SchemeTarget unnamed = new SchemeTarget("exact", ChainId.eip155(999_999), NetworkRegistry.defaults());
        assertThat(unnamed.supportedKinds(null)).containsExactly(new SupportedKind(2, "exact", "eip155:999999", null));
    }

    @Test
    void aPaymentIsAddressedHereByCaip2IdOrByName() {
        PaymentRequirements byId = req("exact", "eip155:84532");
        PaymentRequirements byName = req("exact", "base-sepolia");
        assertThat(target.schemeMismatch(paying(byName), byId)).isEmpty();
        assertThat(target.networkMismatch(paying(byName), byId)).isEmpty();
        assertThat(target.networkMismatch(paying(byId), byName)).isEmpty();
    }

    @Test
    void aMismatchSaysWhatBothSidesNamed() {
        PaymentRequirements here = req("exact", "eip155:84532");
        assertThat(target.schemeMismatch(paying(req("upto", "eip155:84532")), here))
                .contains("scheme must be 'exact' (payment: 'upto', requirements: 'exact')");
        assertThat(target.schemeMismatch(paying(here), req("upto", "eip155:84532"))).isPresent();
        assertThat(target.networkMismatch(paying(req("exact", "base")), here))
                .contains("payment is for network 'base', requirements for 'eip155:84532'; this scheme serves "
                        + "eip155:84532");
        assertThat(target.networkMismatch(paying(here), req("exact", "not a network"))).isPresent();
    }
}

package dev.x402j.evm;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.x402j.core.client.PaymentSigner;
import dev.x402j.core.model.PaymentRequirements;
import dev.x402j.core.model.ResourceInfo;
import java.math.BigInteger;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The EVM payment signer as the paying client's port sees it. */
class EvmPaymentSignerPortTest {
    private static final String KEY = "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d";

    private static PaymentRequirements req(String scheme, String network, boolean withDomain) {
        var extra = JsonNodeFactory.instance.objectNode();
        if (withDomain) {
            extra.put("name", "USD Coin").put("version", "2");
        }
        return new PaymentRequirements(scheme, network, new BigInteger("10000"), "0x036CbD53842c5426634e7929541eC2318f3dCF7e",
                "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC", 60, extra);
    }

    @Test
    void supportsExactEvmOffersThatNameTheirDomain() {
        PaymentSigner signer = EvmPaymentSigner.fromHex(KEY);
        assertThat(signer.supports(req("exact", "eip155:84532", true))).isTrue();
        assertThat(signer.supports(req("exact", "eip155:84532", false))).isFalse();
        assertThat(signer.supports(req("upto", "eip155:84532", true))).isFalse();
        assertThat(signer.supports(req("exact", "solana:EtWTRABZaYq6iMfeYKouRu166VU2xqa1", true))).isFalse();
    }

    @Test
    void signsThroughThePortExactlyAsPay() {
        PaymentSigner signer = EvmPaymentSigner.fromHex(KEY);
        var p = signer.sign(req("exact", "eip155:84532", true), ResourceInfo.of("https://api.example/x"), Instant.ofEpochSecond(1_000_000));
        var auth = p.payload().path("authorization");
        assertThat(auth.path("from").asText()).isEqualTo("0x70997970C51812dc3A010C7d01b50e0d17dc79C8");
        assertThat(auth.path("value").asText()).isEqualTo("10000");
        assertThat(auth.path("validBefore").asText()).isEqualTo("1000060");
        assertThat(p.accepted().network()).isEqualTo("eip155:84532");
    }
}

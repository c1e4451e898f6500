package dev.x402j.evm;

import static dev.x402j.evm.EvmFixtures.MERCHANT;
import static dev.x402j.evm.EvmFixtures.PAYER;
import static dev.x402j.evm.EvmFixtures.domainExtra;
import static dev.x402j.evm.EvmFixtures.requirements;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.x402j.core.model.PaymentPayload;
import dev.x402j.core.model.PaymentRequirements;
import dev.x402j.core.model.ResourceInfo;
import dev.x402j.evm.internal.Eip712;
import dev.x402j.evm.internal.ExactEvmPayload;
import dev.x402j.evm.internal.Hex;
import dev.x402j.evm.internal.Secp256k1;
import java.math.BigInteger;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class EvmPaymentSignerTest {
    private static final String USDC = "0x833589fCD6eDb6E08f4c7C32D4f71b54bdA02913";
    private static final Instant NOW = Instant.parse("2030-01-01T00:00:00Z");
    private static final ResourceInfo RESOURCE = ResourceInfo.of("https://api.example.com/weather");

    private final EvmPaymentSigner payer = EvmPaymentSigner.fromHex(PAYER.privateKeyHex());
    private final PaymentRequirements req =
            requirements("eip155:8453", USDC, MERCHANT.address(), 10_000, domainExtra("USD Coin", "2"));

    @Test
    void paysLikeTheOfficialClient() {
        PaymentPayload p = payer.pay(req, RESOURCE, NOW);

        assertThat(p.x402Version()).isEqualTo(2);
        assertThat(p.resource()).isEqualTo(RESOURCE);
        assertThat(p.accepted()).isEqualTo(req);
        JsonNode a = p.payload().get("authorization");
        assertThat(a.get("from").asText()).isEqualTo(PAYER.address());
        assertThat(a.get("to").asText()).isEqualTo(MERCHANT.address());
        assertThat(a.get("value").isTextual()).isTrue();
        assertThat(a.get("value").asText()).isEqualTo("10000");
        assertThat(a.get("validAfter").asText()).isEqualTo(Long.toString(NOW.getEpochSecond() - 600));
        assertThat(a.get("validBefore").asText()).isEqualTo(Long.toString(NOW.getEpochSecond() + 60));
        assertThat(a.get("nonce").asText()).matches("0x[0-9a-f]{64}");
        assertThat(p.payload().get("signature").asText()).matches("0x[0-9a-f]{130}");
    }

    @Test
    void signatureIsByThePayerOverTheRequiredDomainWithWalletStyleV() {
        PaymentPayload p = payer.pay(req, RESOURCE, NOW);
        ExactEvmPayload decoded = ExactEvmPayload.decode(p.payload());
        byte[] digest = Eip712.transferWithAuthorizationDigest(new Eip712Domain("USD Coin", "2", 8453, USDC),
                decoded.authorization());

        assertThat(decoded.signature()[64]).isIn((byte) 27, (byte) 28);
        assertThat(Secp256k1.recoverAddress(digest, decoded.signature())).isEqualTo(PAYER.address());
    }

    @Test
    void everyPaymentHasAFreshNonce() {
        String first = payer.pay(req, RESOURCE, NOW).payload().get("authorization").get("nonce").asText();
        String second = payer.pay(req, RESOURCE, NOW).payload().get("authorization").get("nonce").asText();
        assertThat(first).isNotEqualTo(second);
    }

    @Test
    void craftsAnyAuthorizationUnderAnyDomain() {
        Eip3009Authorization auth = new Eip3009Authorization(PAYER.address(), MERCHANT.address(),
                BigInteger.valueOf(5), BigInteger.ZERO, BigInteger.ONE, "0x" + "01".repeat(32));
        Eip712Domain otherChain = new Eip712Domain("USD Coin", "2", 1, USDC);

        PaymentPayload p = payer.pay(req, null, auth, otherChain);

        ExactEvmPayload decoded = ExactEvmPayload.decode(p.payload());
        assertThat(decoded.authorization()).isEqualTo(auth);
        assertThat(Secp256k1.recoverAddress(Eip712.transferWithAuthorizationDigest(otherChain, auth),
                decoded.signature())).isEqualTo(PAYER.address());
    }

    @Test
    void refusesRequirementsWithoutDomainOrEvmNetwork() {
        assertThatThrownBy(() -> payer.pay(req.withExtra(domainExtra(null, "2")), RESOURCE, NOW))
                .hasMessageContaining("extra.name");
        assertThatThrownBy(() -> payer.pay(req.withExtra(domainExtra("USD Coin", null)), RESOURCE, NOW))
                .hasMessageContaining("extra.version");
        assertThatThrownBy(() -> payer.pay(req.withNetwork("solana:EtWTRABZaYq6iMfeYKouRu166VU2xqa1"), RESOURCE, NOW))
                .hasMessageContaining("eip155");
    }

    @Test
    void authorizationRecordValidatesItsFields() {
        assertThatThrownBy(() -> new Eip3009Authorization("0x12", MERCHANT.address(), BigInteger.ONE, BigInteger.ZERO,
                BigInteger.ONE, "0x" + "00".repeat(32))).hasMessageContaining("from");
        assertThatThrownBy(() -> new Eip3009Authorization(PAYER.address(), MERCHANT.address(), BigInteger.valueOf(-1),
                BigInteger.ZERO, BigInteger.ONE, "0x" + "00".repeat(32))).hasMessageContaining("value");
        assertThatThrownBy(() -> new Eip3009Authorization(PAYER.address(), MERCHANT.address(), BigInteger.ONE,
                BigInteger.ZERO, BigInteger.ONE, "0x1234")).hasMessageContaining("nonceHex");
        assertThatThrownBy(() -> new Eip712Domain("USD Coin", "2", 0, USDC)).hasMessageContaining("chainId");
        assertThatThrownBy(() -> new Eip712Domain("USD Coin", "2", 1, "USDC")).hasMessageContaining("verifyingContract");
    }

    @Test
    void toStringShowsTheAddressOnly() {
        assertThat(payer.toString()).isEqualTo("EvmPaymentSigner[" + PAYER.address() + "]");
        assertThat(payer.address()).isEqualTo(PAYER.address());
        assertThat(Hex.isAddress(payer.address())).isTrue();
    }
}

package dev.x402j.solana;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.x402j.core.ChainId;
import dev.x402j.core.model.PaymentPayload;
import dev.x402j.core.model.PaymentRequirements;
import dev.x402j.core.model.ResourceInfo;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.Base64;

/** Keys, addresses and requirements shared by the Solana tests. */
final class SolanaFixtures {
    /** Solana devnet, whose genesis hash the LiteSVM RPC front reports. */
    static final ChainId DEVNET = ChainId.parse("solana:EtWTRABZaYq6iMfeYKouRu166VU2xqa1");
    static final ResourceInfo RESOURCE = ResourceInfo.of("https://api.example.com/data");
    /** USDC on mainnet: only an address here (offline tests). */
    static final String MINT = "EPjFWdd5AufqSSqeM2qN1xzybapC8G4wEGGkZwyTDt1v";
    static final String BLOCKHASH = "US517G5965aydkZ46HS38QLi7UQiSojurfbQfKCELFx";

    private SolanaFixtures() {}

    static SolanaPaymentSigner payer() {
        return SolanaPaymentSigner.fromBytes(Vectors.seed(0));
    }

    static SolanaPrivateKeySigner feePayer() {
        return SolanaPrivateKeySigner.fromBytes(Vectors.seed(1));
    }

    static String payTo() {
        return Vectors.keys().get(2).get("address").asText();
    }

    static SolanaPrivateKeySigner randomSigner() {
        byte[] seed = new byte[32];
        new SecureRandom().nextBytes(seed);
        return SolanaPrivateKeySigner.fromBytes(seed);
    }

    static SolanaPaymentSigner randomPayer() {
        byte[] seed = new byte[32];
        new SecureRandom().nextBytes(seed);
        return SolanaPaymentSigner.fromBytes(seed);
    }

    static String randomAddress() {
        return randomSigner().address();
    }

    static PaymentRequirements requirements(
            String network, String asset, String payTo, long amount, ObjectNode extra) {
        return new PaymentRequirements("exact", network, BigInteger.valueOf(amount), asset, payTo, 60, extra);
    }

    /** {@code extra} as the facilitator's /accepts fills it, so the client needs no RPC. */
    static ObjectNode extra(String feePayer, int decimals, String tokenProgram, String blockhash) {
        ObjectNode e = JsonNodeFactory.instance.objectNode();
        e.put("feePayer", feePayer);
        e.put("decimals", decimals);
        e.put("tokenProgram", tokenProgram);
        e.put("recentBlockhash", blockhash);
        return e;
    }

    /** The payload with one bit of the payer's signature (slot 1) flipped. */
    static PaymentPayload withFlippedPayerSignature(PaymentPayload p) {
        byte[] wire = Base64.getDecoder().decode(p.payload().get("transaction").asText());
        wire[1 + 64 + 7] ^= 0x01;
        ObjectNode payload = JsonNodeFactory.instance.objectNode()
                .put("transaction", Base64.getEncoder().encodeToString(wire));
        return new PaymentPayload(p.x402Version(), p.resource(), p.accepted(), payload, null);
    }

    static PaymentPayload withTransaction(PaymentPayload p, String base64) {
        return new PaymentPayload(p.x402Version(), p.resource(), p.accepted(),
                JsonNodeFactory.instance.objectNode().put("transaction", base64), null);
    }
}

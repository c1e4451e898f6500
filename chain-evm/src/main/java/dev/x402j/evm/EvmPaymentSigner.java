package dev.x402j.evm;

import dev.x402j.core.ChainId;
import dev.x402j.core.client.PaymentSigner;
import dev.x402j.core.model.PaymentPayload;
import dev.x402j.core.model.PaymentRequirements;
import dev.x402j.core.model.ResourceInfo;
import dev.x402j.evm.internal.Eip712;
import dev.x402j.evm.internal.ExactEvmPayload;
import dev.x402j.evm.internal.Hex;
import dev.x402j.evm.internal.Secp256k1;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Objects;
import org.web3j.crypto.ECKeyPair;

/**
 * The paying side of the {@code exact} scheme on EVM: signs EIP-3009 authorizations with the payer's key and wraps
 * them in x402 v2 payment payloads, as the official client does.
 *
 * <p>As a {@link PaymentSigner} it lets an {@code X402Client} pay {@code exact} offers on any EVM network whose
 * requirements carry the token's EIP-712 {@code name} and {@code version}.
 *
 * <p>Thread-safe. {@link #toString()} shows the address only.
 */
public final class EvmPaymentSigner implements PaymentSigner {
    /** The official client back-dates {@code validAfter} by this much, to tolerate clock skew. */
    static final long VALID_AFTER_SKEW_SECONDS = 600;

    private final ECKeyPair key;
    private final String address;
    private final SecureRandom random;

    private EvmPaymentSigner(ECKeyPair key, SecureRandom random) {
        this.key = key;
        this.address = Secp256k1.address(key);
        this.random = random;
    }

    /**
     * A payment signer for a secp256k1 private key given as 64 hex digits, with or without {@code 0x}.
     *
     * @throws IllegalArgumentException if it is not a valid key (the message never contains the input)
     */
    public static EvmPaymentSigner fromHex(String privateKeyHex) {
        return new EvmPaymentSigner(EvmPrivateKeySigner.parseKey(privateKeyHex), new SecureRandom());
    }

    @Override
    public boolean supports(PaymentRequirements requirements) {
        return "exact".equals(requirements.scheme())
                && requirements.network().startsWith("eip155:")
                && requirements.extraText("name").isPresent()
                && requirements.extraText("version").isPresent();
    }

    @Override
    public PaymentPayload sign(PaymentRequirements requirements, ResourceInfo resource, Instant now) {
        return pay(requirements, resource, now);
    }

    /** The payer's EIP-55 checksummed address. */
    public String address() {
        return address;
    }

    /**
     * Pays {@code req}: authorizes a transfer of exactly {@code req.amount()} to {@code req.payTo()}, valid from
     * {@code now − 600 s} to {@code now + maxTimeoutSeconds}, with a random 32-byte nonce, signed under the domain
     * {@code (extra.name, extra.version, chain id of req.network, req.asset)}.
     *
     * @throws IllegalArgumentException if {@code req} is not an EVM requirement with {@code extra.name} and
     *     {@code extra.version}
     */
    public PaymentPayload pay(PaymentRequirements req, ResourceInfo resource, Instant now) {
        Objects.requireNonNull(req, "req");
        Objects.requireNonNull(now, "now");
        byte[] nonce = new byte[32];
        random.nextBytes(nonce);
        long t = now.getEpochSecond();
        Eip3009Authorization auth = new Eip3009Authorization(
                address,
                req.payTo(),
                req.amount(),
                BigInteger.valueOf(t - VALID_AFTER_SKEW_SECONDS),
                BigInteger.valueOf(t + req.maxTimeoutSeconds()),
                Hex.encode(nonce));
        return pay(req, resource, auth, domainOf(req));
    }

    /**
     * Signs exactly this authorization under exactly this domain (nothing is checked against {@code req}, so tests can
     * build payments that must be refused) and wraps it in a v2 payload accepting {@code req}.
     */
    public PaymentPayload pay(
            PaymentRequirements req, ResourceInfo resource, Eip3009Authorization auth, Eip712Domain domain) {
        Objects.requireNonNull(req, "req");
        Objects.requireNonNull(auth, "auth");
        Objects.requireNonNull(domain, "domain");
        byte[] signature = sign(domain, auth);
        return new PaymentPayload(2, resource, req, ExactEvmPayload.encode(auth, signature), null);
    }

    /** The 65-byte signature {@code r ‖ s ‖ v} (v in {27, 28}, as wallets produce it) of an authorization. */
    byte[] sign(Eip712Domain domain, Eip3009Authorization auth) {
        byte[] sig = Secp256k1.sign(key, Eip712.transferWithAuthorizationDigest(domain, auth));
        sig[64] += 27;
        return sig;
    }

    /** The EIP-712 domain the requirements ask for. */
    static Eip712Domain domainOf(PaymentRequirements req) {
        String name = req.extraText("name")
                .orElseThrow(() -> new IllegalArgumentException("requirements.extra.name (the token's EIP-712 name) is missing"));
        String version = req.extraText("version")
                .orElseThrow(() -> new IllegalArgumentException("requirements.extra.version (the token's EIP-712 version) is missing"));
        ChainId chain = ChainId.parse(req.network());
        long chainId = chain.evmChainId().orElseThrow(
                () -> new IllegalArgumentException("requirements.network must be an eip155 chain, got " + req.network()));
        return new Eip712Domain(name, version, chainId, req.asset());
    }

    @Override
    public String toString() {
        return "EvmPaymentSigner[" + address + "]";
    }
}

package dev.x402j.evm;

import dev.x402j.core.ErrorReason;
import dev.x402j.core.SchemeTarget;
import dev.x402j.core.VerifyResult;
import dev.x402j.core.model.PaymentPayload;
import dev.x402j.core.model.PaymentRequirements;
import dev.x402j.evm.internal.Eip712;
import dev.x402j.evm.internal.ExactEvmPayload;
import dev.x402j.evm.internal.Hex;
import dev.x402j.evm.internal.Secp256k1;
import java.math.BigInteger;
import java.time.Clock;
import java.util.Optional;

/**
 * The rules of verify that need no chain, in the official SDK's order: scheme → network → a token address that this
 * facilitator serves ({@link AllowedAssets}) → the token's EIP-712 name and version in {@code requirements.extra}, as
 * the allowlist gives them → the signature recovers {@code from} →
 * {@code to == payTo} → {@code validBefore ≥ now + 6 s} → {@code validAfter ≤ now} → {@code value == amount}. The
 * rules run lazily in that order and the first refusal wins, so a rule may count on the ones before it (the signature
 * on the domain being given). Immutable.
 */
final class OfflineChecks {
    /** An authorization must stay valid at least this long after verification (as the official SDK requires). */
    static final long MIN_VALIDITY_SECONDS = 6;

    private final SchemeTarget target;
    private final long chainId;
    private final Clock clock;
    private final AllowedAssets assets;

    OfflineChecks(SchemeTarget target, long chainId, Clock clock, AllowedAssets assets) {
        this.target = target;
        this.assets = assets;
        this.chainId = chainId;
        this.clock = clock;
    }

    /** The first rule the payment breaks, as a result naming the payer; {@code null} when it keeps them all. */
    VerifyResult check(PaymentPayload payload, PaymentRequirements req, ExactEvmPayload p) {
        Eip3009Authorization auth = p.authorization();
        return addressedHere(payload, req)
                .or(() -> tokenIsAnAddress(req))
                .or(() -> assets.refusal(req))
                .or(() -> domainGiven(req))
                .or(() -> signedByFrom(req, p))
                .or(() -> paysPayTo(req, auth))
                .or(() -> validNow(auth))
                .or(() -> movesTheAmount(req, auth))
                .map(refusal -> refusal.asResult(auth.from()))
                .orElse(null);
    }

    private Optional<Refusal> addressedHere(PaymentPayload payload, PaymentRequirements req) {
        return target.schemeMismatch(payload, req)
                .map(why -> new Refusal(EvmReasons.INVALID_EXACT_EVM_SCHEME, why))
                .or(() -> target.networkMismatch(payload, req)
                        .map(why -> new Refusal(EvmReasons.INVALID_EXACT_EVM_NETWORK_MISMATCH, why)));
    }

    private static Optional<Refusal> domainGiven(PaymentRequirements req) {
        boolean noName = domainField(req, "name").isEmpty();
        boolean noVersion = domainField(req, "version").isEmpty();
        if (!noName && !noVersion) {
            return Optional.empty();
        }
        return Optional.of(new Refusal(EvmReasons.INVALID_EXACT_EVM_MISSING_EIP712_DOMAIN,
                "requirements.extra must give the token's EIP-712 name and version (missing: "
                        + (noName ? noVersion ? "name, version" : "name" : "version") + ")"));
    }

    private static Optional<String> domainField(PaymentRequirements req, String field) {
        return req.extraText(field).filter(s -> !s.isBlank());
    }

    private static Optional<Refusal> tokenIsAnAddress(PaymentRequirements req) {
        return Hex.isAddress(req.asset())
                ? Optional.empty()
                : Optional.of(new Refusal(ErrorReason.INVALID_PAYMENT_REQUIREMENTS,
                        "requirements.asset must be a token contract address (0x + 40 hex digits)"));
    }

    /** The signature over the authorization, in the domain the requirements give, recovers {@code from}. */
    private Optional<Refusal> signedByFrom(PaymentRequirements req, ExactEvmPayload p) {
        Eip3009Authorization auth = p.authorization();
        String name = domainField(req, "name").orElseThrow();
        String version = domainField(req, "version").orElseThrow();
        Eip712Domain domain = new Eip712Domain(name, version, chainId, req.asset());
        byte[] digest = Eip712.transferWithAuthorizationDigest(domain, auth);
        String signedBy;
        try {
            signedBy = Secp256k1.recoverAddress(digest, p.signature());
        } catch (IllegalArgumentException e) {
            return Optional.of(new Refusal(EvmReasons.INVALID_EXACT_EVM_SIGNATURE, e.getMessage()));
        }
        if (signedBy.equalsIgnoreCase(auth.from())) {
            return Optional.empty();
        }
        return Optional.of(new Refusal(EvmReasons.INVALID_EXACT_EVM_SIGNATURE, "the signature over the authorization "
                + "(domain " + domain.name() + "/" + domain.version() + ", chain " + domain.chainId() + ", token "
                + req.asset() + ") recovers " + signedBy + ", not the authorization's from " + auth.from()));
    }

    private static Optional<Refusal> paysPayTo(PaymentRequirements req, Eip3009Authorization auth) {
        return auth.to().equalsIgnoreCase(req.payTo())
                ? Optional.empty()
                : Optional.of(new Refusal(EvmReasons.INVALID_EXACT_EVM_RECIPIENT_MISMATCH, "authorization pays "
                        + auth.to() + ", requirements.payTo is " + req.payTo()));
    }

    /** The window holds now and for {@value #MIN_VALIDITY_SECONDS} s more; both bounds against one clock reading. */
    private Optional<Refusal> validNow(Eip3009Authorization auth) {
        long now = clock.instant().getEpochSecond();
        if (auth.validBefore().compareTo(BigInteger.valueOf(now + MIN_VALIDITY_SECONDS)) < 0) {
            return Optional.of(new Refusal(EvmReasons.INVALID_EXACT_EVM_PAYLOAD_AUTHORIZATION_VALID_BEFORE,
                    "authorization validBefore " + auth.validBefore() + " is less than " + MIN_VALIDITY_SECONDS
                            + " s after now (" + now + ")"));
        }
        if (auth.validAfter().compareTo(BigInteger.valueOf(now)) > 0) {
            return Optional.of(new Refusal(EvmReasons.INVALID_EXACT_EVM_PAYLOAD_AUTHORIZATION_VALID_AFTER,
                    "authorization validAfter " + auth.validAfter() + " is after now (" + now + ")"));
        }
        return Optional.empty();
    }

    private static Optional<Refusal> movesTheAmount(PaymentRequirements req, Eip3009Authorization auth) {
        return auth.value().equals(req.amount())
                ? Optional.empty()
                : Optional.of(new Refusal(EvmReasons.INVALID_EXACT_EVM_AUTHORIZATION_VALUE, "authorization value "
                        + auth.value() + " differs from the required amount " + req.amount()));
    }
}

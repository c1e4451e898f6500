package dev.x402j.evm;

import static dev.x402j.evm.EvmFixtures.FACILITATOR;
import static dev.x402j.evm.EvmFixtures.MERCHANT;
import static dev.x402j.evm.EvmFixtures.PAYER;
import static dev.x402j.evm.EvmFixtures.STRANGER;
import static dev.x402j.evm.EvmFixtures.authorization;
import static dev.x402j.evm.EvmFixtures.domainExtra;
import static dev.x402j.evm.EvmFixtures.requirements;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.x402j.core.Asset;
import dev.x402j.core.ChainId;
import dev.x402j.core.ErrorReason;
import dev.x402j.core.InvalidPaymentException;
import dev.x402j.core.Network;
import dev.x402j.core.NetworkRegistry;
import dev.x402j.core.Scheme;
import dev.x402j.core.VerifyResult;
import dev.x402j.core.model.PaymentPayload;
import dev.x402j.core.model.PaymentRequirements;
import dev.x402j.core.model.ResourceInfo;
import dev.x402j.core.model.SupportedKind;
import dev.x402j.core.wire.X402Json;
import dev.x402j.evm.internal.ExactEvmPayload;
import dev.x402j.evm.internal.Hex;
import java.math.BigInteger;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every check of the exact scheme that needs no chain, in order, with a pinned clock. The RPC endpoint is a closed
 * port that these tests never reach: each case is refused before simulation (the ones that pass are checked through
 * {@link OfflineChecks}, the part of verify before the simulation).
 */
class EvmExactSchemeTest {
    private static final Instant NOW_INSTANT = Instant.parse("2030-01-01T00:00:00Z");
    private static final long NOW = NOW_INSTANT.getEpochSecond();
    private static final Clock CLOCK = Clock.fixed(NOW_INSTANT, ZoneOffset.UTC);
    private static final String NETWORK = "eip155:84532";
    private static final String TOKEN = "0x5FbDB2315678afecb367f032d93F642f64180aa3";
    private static final ResourceInfo RESOURCE = ResourceInfo.of("https://api.example.com/report");
    private static final Eip712Domain DOMAIN = new Eip712Domain("USD Coin", "2", 84532, TOKEN);

    private final EvmExactScheme scheme = scheme(NETWORK, NetworkRegistry.defaults());
    private final EvmPaymentSigner payer = EvmPaymentSigner.fromHex(PAYER.privateKeyHex());
    private final PaymentRequirements req =
            requirements(NETWORK, TOKEN, MERCHANT.address(), 1_000_000, domainExtra("USD Coin", "2"));

    private static EvmExactScheme scheme(String network, NetworkRegistry networks) {
        EvmNetworkConfig config = EvmNetworkConfig.of(ChainId.parse(network), URI.create("http://127.0.0.1:9"));
        if (network.equals(NETWORK)) {
            config = config.withAssets(java.util.List.of(Asset.eip712(TOKEN, "TUSD", 6, "USD Coin", "2")));
        }
        return (EvmExactScheme) EvmSchemes.exact(
                config, EvmPrivateKeySigner.fromHex(FACILITATOR.privateKeyHex()), CLOCK, networks);
    }

    private PaymentPayload pay(Eip3009Authorization auth) {
        return payer.pay(req, RESOURCE, auth, DOMAIN);
    }

    private Eip3009Authorization goodAuth() {
        return authorization(PAYER.address(), MERCHANT.address(), 1_000_000, NOW - 600, NOW + 60);
    }

    private VerifyResult offline(PaymentPayload payload, PaymentRequirements r) {
        return scheme.offlineChecks().check(payload, r, ExactEvmPayload.decode(payload.payload()));
    }

    private static void assertInvalid(VerifyResult result, ErrorReason reason, String messagePart) {
        assertThat(result).isInstanceOf(VerifyResult.Invalid.class);
        VerifyResult.Invalid invalid = (VerifyResult.Invalid) result;
        assertThat(invalid.reason()).isEqualTo(reason);
        assertThat(invalid.message()).contains(messagePart);
    }

    // ------------------------------------------------------------------------------------------ identity

    @Test
    void identityAndSupportedKinds() {
        assertThat(scheme.scheme()).isEqualTo("exact");
        assertThat(scheme.network()).isEqualTo(ChainId.eip155(84532));
        assertThat(scheme.signerAddresses()).containsExactly(FACILITATOR.address());
        assertThat(scheme.supported()).containsExactly(
                new SupportedKind(2, "exact", "eip155:84532", null), new SupportedKind(1, "exact", "base-sepolia", null));
    }

    @Test
    void unknownChainHasOnlyAV2Kind() {
        assertThat(scheme("eip155:31337", NetworkRegistry.defaults()).supported())
                .containsExactly(new SupportedKind(2, "exact", "eip155:31337", null));
    }

    @Test
    void schemeToStringHidesNothingSecret() {
        assertThat(scheme.toString()).contains("eip155:84532", FACILITATOR.address()).doesNotContain("PRIVATE");
    }

    // ------------------------------------------------------------------------------------------ payload decoding

    static Stream<Arguments> brokenPayloads() {
        return Stream.of(
                Arguments.of("no signature", (Consumer<ObjectNode>) p -> p.remove("signature"), "payload.signature"),
                Arguments.of("signature a number", (Consumer<ObjectNode>) p -> p.put("signature", 12), "payload.signature"),
                Arguments.of("signature not hex", (Consumer<ObjectNode>) p -> p.put("signature", "0xzz"), "payload.signature"),
                Arguments.of("authorization missing", (Consumer<ObjectNode>) p -> p.remove("authorization"), "payload.authorization"),
                Arguments.of("authorization an array", (Consumer<ObjectNode>) p -> p.putArray("authorization"), "payload.authorization"),
                Arguments.of("from missing", auth(a -> a.remove("from")), "authorization.from"),
                Arguments.of("from short", auth(a -> a.put("from", "0x1234")), "authorization.from"),
                Arguments.of("to an object", auth(a -> a.putObject("to")), "authorization.to"),
                Arguments.of("value negative", auth(a -> a.put("value", "-1")), "authorization.value"),
                Arguments.of("value hex", auth(a -> a.put("value", "0x10")), "authorization.value"),
                Arguments.of("value fractional", auth(a -> a.put("value", 1.5)), "authorization.value"),
                Arguments.of("value over uint256", auth(a -> a.put("value", BigInteger.ONE.shiftLeft(256).toString())),
                        "authorization.value"),
                Arguments.of("validAfter missing", auth(a -> a.remove("validAfter")), "authorization.validAfter"),
                Arguments.of("validBefore boolean", auth(a -> a.put("validBefore", true)), "authorization.validBefore"),
                Arguments.of("nonce 31 bytes", auth(a -> a.put("nonce", "0x" + "00".repeat(31))), "authorization.nonce"),
                Arguments.of("nonce not hex", auth(a -> a.put("nonce", "nonce")), "authorization.nonce"));
    }

    private static Consumer<ObjectNode> auth(Consumer<ObjectNode> change) {
        return p -> change.accept((ObjectNode) p.get("authorization"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokenPayloads")
    void undecodablePayloadIsInvalidPayload(String what, Consumer<ObjectNode> breakIt, String named) {
        PaymentPayload good = pay(goodAuth());
        ObjectNode broken = good.payload();
        breakIt.accept(broken);
        PaymentPayload bad = new PaymentPayload(2, RESOURCE, req, broken, null);

        VerifyResult result = scheme.verify(bad, req);

        assertInvalid(result, ErrorReason.INVALID_PAYLOAD, named);
        assertThat(result.payer()).isNull();
        assertThatThrownBy(() -> scheme.paymentId(bad, req))
                .isInstanceOfSatisfying(InvalidPaymentException.class,
                        e -> assertThat(e.reason()).isEqualTo(ErrorReason.INVALID_PAYLOAD));
        assertThatThrownBy(() -> scheme.prepareSettlement(bad, req))
                .isInstanceOfSatisfying(InvalidPaymentException.class,
                        e -> assertThat(e.reason()).isEqualTo(ErrorReason.INVALID_PAYLOAD));
    }

    @Test
    void numericAuthorizationFieldsAreAcceptedToo() {
        PaymentPayload good = pay(goodAuth());
        ObjectNode p = good.payload();
        ObjectNode a = (ObjectNode) p.get("authorization");
        a.put("value", 1_000_000L);
        a.put("validAfter", NOW - 600);
        a.put("validBefore", NOW + 60);
        PaymentPayload numeric = new PaymentPayload(2, RESOURCE, req, p, null);
        assertThat(offline(numeric, req)).isNull();
    }

    @Test
    void payloadThatIsNotAnObjectAtAllIsInvalidPayload() {
        ObjectNode empty = X402Json.mapper().createObjectNode();
        assertInvalid(scheme.verify(new PaymentPayload(2, RESOURCE, req, empty, null), req),
                ErrorReason.INVALID_PAYLOAD, "payload.signature");
    }

    // ------------------------------------------------------------------------------------------ checks in order

    @Test
    void aCorrectPaymentPassesEveryCheckBeforeSimulation() {
        assertThat(offline(payer.pay(req, RESOURCE, NOW_INSTANT), req)).isNull();
        assertThat(offline(pay(goodAuth()), req)).isNull();
    }

    @Test
    void schemeMustBeExact() {
        PaymentPayload p = pay(goodAuth());
        PaymentRequirements upto = new PaymentRequirements("upto", NETWORK, req.amount(), TOKEN, req.payTo(), 60, req.extra());
        VerifyResult r = scheme.verify(p, upto);
        assertInvalid(r, EvmReasons.INVALID_EXACT_EVM_SCHEME, "'upto'");
        assertThat(r.payer()).isEqualTo(PAYER.address());

        PaymentPayload acceptedUpto = new PaymentPayload(2, RESOURCE, upto, p.payload(), null);
        assertInvalid(scheme.verify(acceptedUpto, req), EvmReasons.INVALID_EXACT_EVM_SCHEME, "payment: 'upto'");
    }

    @Test
    void networksMustAllMatch() {
        PaymentPayload p = pay(goodAuth());
        PaymentRequirements mainnet = req.withNetwork("eip155:8453");
        assertInvalid(scheme.verify(p, mainnet), EvmReasons.INVALID_EXACT_EVM_NETWORK_MISMATCH, "eip155:8453");

        PaymentPayload paidOnMainnet = new PaymentPayload(2, RESOURCE, mainnet, p.payload(), null);
        assertInvalid(scheme.verify(paidOnMainnet, req), EvmReasons.INVALID_EXACT_EVM_NETWORK_MISMATCH,
                "payment is for network 'eip155:8453'");

        PaymentRequirements garbage = req.withNetwork("not a network");
        assertInvalid(scheme.verify(new PaymentPayload(2, RESOURCE, garbage, p.payload(), null), garbage),
                EvmReasons.INVALID_EXACT_EVM_NETWORK_MISMATCH, "this scheme serves eip155:84532");
    }

    @Test
    void v1NetworkNamesMeanTheSameChain() {
        PaymentRequirements byName = req.withNetwork("base-sepolia");
        PaymentPayload p = new PaymentPayload(2, RESOURCE, byName, pay(goodAuth()).payload(), null);
        assertThat(offline(p, byName)).isNull();
    }

    @Test
    void eip712DomainMustBeInExtra() {
        PaymentPayload p = pay(goodAuth());
        assertInvalid(scheme.verify(p, req.withExtra(domainExtra(null, "2"))),
                EvmReasons.INVALID_EXACT_EVM_MISSING_EIP712_DOMAIN, "missing: name");
        assertInvalid(scheme.verify(p, req.withExtra(domainExtra("USD Coin", null))),
                EvmReasons.INVALID_EXACT_EVM_MISSING_EIP712_DOMAIN, "missing: version");
        assertInvalid(scheme.verify(p, req.withExtra(domainExtra(" ", null))),
                EvmReasons.INVALID_EXACT_EVM_MISSING_EIP712_DOMAIN, "missing: name, version");
    }

    @Test
    void assetMustBeAContractAddress() {
        PaymentRequirements bad = new PaymentRequirements("exact", NETWORK, req.amount(), "USDC", req.payTo(), 60, req.extra());
        PaymentPayload p = new PaymentPayload(2, RESOURCE, bad, pay(goodAuth()).payload(), null);
        assertInvalid(scheme.verify(p, bad), ErrorReason.INVALID_PAYMENT_REQUIREMENTS, "asset");
        assertThatThrownBy(() -> scheme.paymentId(p, bad)).isInstanceOf(InvalidPaymentException.class);
    }

    // ------------------------------------------------------------------------------------------ allowlist

    /** A token nobody listed: refused offline, before the signature (garbage here) and before any RPC (port closed). */
    @Test
    void unlistedAssetIsRefusedBeforeTheSignatureAndAnyRpc() {
        String attacker = STRANGER.address();
        PaymentRequirements bad = requirements(NETWORK, attacker, MERCHANT.address(), 1_000_000, domainExtra("USD Coin", "2"));
        PaymentPayload signed = payer.pay(bad, RESOURCE, goodAuth(), new Eip712Domain("USD Coin", "2", 84532, attacker));
        ObjectNode tampered = signed.payload().deepCopy();
        tampered.put("signature", "0x" + "11".repeat(65));
        PaymentPayload p = new PaymentPayload(2, RESOURCE, bad, tampered, null);

        assertInvalid(scheme.verify(p, bad), ErrorReason.INVALID_PAYMENT_REQUIREMENTS, "asset " + attacker);
        VerifyResult.Invalid invalid = (VerifyResult.Invalid) scheme.verify(p, bad);
        assertThat(invalid.message()).contains(NETWORK).contains("EVM_ASSETS_").contains(TOKEN);
        assertThatThrownBy(() -> scheme.prepareSettlement(p, bad))
                .isInstanceOfSatisfying(InvalidPaymentException.class,
                        e -> assertThat(e.reason()).isEqualTo(ErrorReason.INVALID_PAYMENT_REQUIREMENTS))
                .hasMessageContaining(attacker);
        // and no domain is read for it: the requirements come back as they were, with no RPC
        PaymentRequirements bare = requirements(NETWORK, attacker, MERCHANT.address(), 1, domainExtra(null, null));
        assertThat(scheme.enrich(bare)).isEqualTo(bare);
    }

    @Test
    void aDomainOtherThanTheListedOneIsRefusedOffline() {
        PaymentRequirements name = req.withExtra(domainExtra("Fake Coin", "2"));
        PaymentPayload p1 = payer.pay(name, RESOURCE, goodAuth(), new Eip712Domain("Fake Coin", "2", 84532, TOKEN));
        assertInvalid(scheme.verify(p1, name), EvmReasons.INVALID_EXACT_EVM_TOKEN_NAME_MISMATCH,
                "has EIP-712 name \"USD Coin\", requirements.extra.name is \"Fake Coin\"");
        assertThatThrownBy(() -> scheme.prepareSettlement(p1, name)).isInstanceOfSatisfying(InvalidPaymentException.class,
                e -> assertThat(e.reason()).isEqualTo(EvmReasons.INVALID_EXACT_EVM_TOKEN_NAME_MISMATCH));

        PaymentRequirements version = req.withExtra(domainExtra("USD Coin", "9"));
        PaymentPayload p2 = payer.pay(version, RESOURCE, goodAuth(), new Eip712Domain("USD Coin", "9", 84532, TOKEN));
        assertInvalid(scheme.verify(p2, version), EvmReasons.INVALID_EXACT_EVM_TOKEN_VERSION_MISMATCH,
                "has EIP-712 version \"2\"");
    }

    @Test
    void signatureMustRecoverFrom() {
        EvmPaymentSigner stranger = EvmPaymentSigner.fromHex(STRANGER.privateKeyHex());
        PaymentPayload signedByStranger = stranger.pay(req, RESOURCE, goodAuth(), DOMAIN);
        assertInvalid(scheme.verify(signedByStranger, req), EvmReasons.INVALID_EXACT_EVM_SIGNATURE,
                "recovers " + STRANGER.address());
        assertThat(scheme.verify(signedByStranger, req).payer()).isEqualTo(PAYER.address());
    }

    @Test
    void signatureUnderAnotherDomainIsRefused() {
        for (Eip712Domain wrong : new Eip712Domain[] {
            new Eip712Domain("USD Coin", "2", 1, TOKEN), // another chain id
            new Eip712Domain("USDC", "2", 84532, TOKEN), // another name
            new Eip712Domain("USD Coin", "1", 84532, TOKEN), // another version
            new Eip712Domain("USD Coin", "2", 84532, "0x036CbD53842c5426634e7929541eC2318f3dCF7e"), // another token
        }) {
            assertInvalid(scheme.verify(payer.pay(req, RESOURCE, goodAuth(), wrong), req),
                    EvmReasons.INVALID_EXACT_EVM_SIGNATURE, "not the authorization's from");
        }
    }

    @Test
    void malformedOrMalleableSignaturesAreSignatureErrors() {
        PaymentPayload good = pay(goodAuth());
        byte[] sig = Hex.decode(good.payload().get("signature").asText());

        assertInvalid(withSignature(good, java.util.Arrays.copyOf(sig, 64)), EvmReasons.INVALID_EXACT_EVM_SIGNATURE,
                "65 bytes");
        assertInvalid(withSignature(good, new byte[0]), EvmReasons.INVALID_EXACT_EVM_SIGNATURE, "65 bytes");
        byte[] flipped = sig.clone();
        flipped[10] ^= 0x01;
        assertThat(scheme.verify(withPayload(good, flipped), req))
                .isInstanceOfSatisfying(VerifyResult.Invalid.class,
                        i -> assertThat(i.reason()).isEqualTo(EvmReasons.INVALID_EXACT_EVM_SIGNATURE));
        byte[] badV = sig.clone();
        badV[64] = 7;
        assertInvalid(withSignature(good, badV), EvmReasons.INVALID_EXACT_EVM_SIGNATURE, "v must be");

        // the high-s twin is the same signature mathematically; Ethereum (EIP-2) and EIP-3009 tokens refuse it
        BigInteger n = org.web3j.crypto.Sign.CURVE_PARAMS.getN();
        BigInteger s = new BigInteger(1, java.util.Arrays.copyOfRange(sig, 32, 64));
        byte[] twin = sig.clone();
        System.arraycopy(dev.x402j.evm.internal.Abi.uint256(n.subtract(s)), 0, twin, 32, 32);
        twin[64] = (byte) (twin[64] == 27 ? 28 : 27);
        assertInvalid(withSignature(good, twin), EvmReasons.INVALID_EXACT_EVM_SIGNATURE, "high s");
    }

    private VerifyResult withSignature(PaymentPayload p, byte[] signature) {
        return scheme.verify(withPayload(p, signature), req);
    }

    private PaymentPayload withPayload(PaymentPayload p, byte[] signature) {
        ObjectNode payload = p.payload();
        payload.put("signature", Hex.encode(signature));
        return new PaymentPayload(2, RESOURCE, p.accepted(), payload, null);
    }

    @Test
    void recipientMustBePayToIgnoringCase() {
        Eip3009Authorization elsewhere = authorization(PAYER.address(), STRANGER.address(), 1_000_000, NOW - 600, NOW + 60);
        assertInvalid(scheme.verify(pay(elsewhere), req), EvmReasons.INVALID_EXACT_EVM_RECIPIENT_MISMATCH,
                STRANGER.address());

        PaymentRequirements lowerPayTo = new PaymentRequirements("exact", NETWORK, req.amount(), TOKEN,
                MERCHANT.address().toLowerCase(), 60, req.extra());
        assertThat(offline(payer.pay(lowerPayTo, RESOURCE, goodAuth(), DOMAIN), lowerPayTo)).isNull();
    }

    @Test
    void mustStayValidAtLeastSixSecondsFromNow() {
        Eip3009Authorization fiveLeft = authorization(PAYER.address(), MERCHANT.address(), 1_000_000, NOW - 600, NOW + 5);
        assertInvalid(scheme.verify(pay(fiveLeft), req),
                EvmReasons.INVALID_EXACT_EVM_PAYLOAD_AUTHORIZATION_VALID_BEFORE, "validBefore " + (NOW + 5));
        Eip3009Authorization expired = authorization(PAYER.address(), MERCHANT.address(), 1_000_000, NOW - 600, NOW - 1);
        assertInvalid(scheme.verify(pay(expired), req),
                EvmReasons.INVALID_EXACT_EVM_PAYLOAD_AUTHORIZATION_VALID_BEFORE, "now (" + NOW + ")");

        Eip3009Authorization sixLeft = authorization(PAYER.address(), MERCHANT.address(), 1_000_000, NOW - 600, NOW + 6);
        assertThat(offline(pay(sixLeft), req)).isNull();
    }

    @Test
    void mustAlreadyBeValid() {
        Eip3009Authorization future = authorization(PAYER.address(), MERCHANT.address(), 1_000_000, NOW + 1, NOW + 60);
        assertInvalid(scheme.verify(pay(future), req),
                EvmReasons.INVALID_EXACT_EVM_PAYLOAD_AUTHORIZATION_VALID_AFTER, "validAfter " + (NOW + 1));

        Eip3009Authorization fromNow = authorization(PAYER.address(), MERCHANT.address(), 1_000_000, NOW, NOW + 60);
        assertThat(offline(pay(fromNow), req)).isNull();
    }

    @Test
    void valueMustEqualAmountExactly() {
        for (long value : new long[] {999_999, 1_000_001, 0}) {
            Eip3009Authorization wrong = authorization(PAYER.address(), MERCHANT.address(), value, NOW - 600, NOW + 60);
            assertInvalid(scheme.verify(pay(wrong), req), EvmReasons.INVALID_EXACT_EVM_AUTHORIZATION_VALUE,
                    "value " + value + " differs from the required amount 1000000");
        }
    }

    @Test
    void checksRunInTheOfficialOrder() {
        // wrong recipient, expired, not yet valid and wrong value at once: the recipient is reported
        Eip3009Authorization everythingWrong = authorization(PAYER.address(), STRANGER.address(), 5, NOW + 100, NOW + 1);
        assertInvalid(scheme.verify(pay(everythingWrong), req), EvmReasons.INVALID_EXACT_EVM_RECIPIENT_MISMATCH, "");

        // ...but a bad signature comes before all of those
        EvmPaymentSigner stranger = EvmPaymentSigner.fromHex(STRANGER.privateKeyHex());
        assertInvalid(scheme.verify(stranger.pay(req, RESOURCE, everythingWrong, DOMAIN), req),
                EvmReasons.INVALID_EXACT_EVM_SIGNATURE, "");

        // ...and a missing domain before the signature, a wrong network before the domain, the scheme first
        PaymentRequirements noDomain = req.withExtra(domainExtra(null, null));
        assertInvalid(scheme.verify(stranger.pay(req, RESOURCE, everythingWrong, DOMAIN), noDomain),
                EvmReasons.INVALID_EXACT_EVM_MISSING_EIP712_DOMAIN, "");
        PaymentRequirements wrongNetworkNoDomain = noDomain.withNetwork("eip155:1");
        assertInvalid(scheme.verify(stranger.pay(req, RESOURCE, everythingWrong, DOMAIN), wrongNetworkNoDomain),
                EvmReasons.INVALID_EXACT_EVM_NETWORK_MISMATCH, "");
        PaymentRequirements allWrong = new PaymentRequirements("upto", "eip155:1", req.amount(), TOKEN, req.payTo(), 60,
                domainExtra(null, null));
        assertInvalid(scheme.verify(stranger.pay(req, RESOURCE, everythingWrong, DOMAIN), allWrong),
                EvmReasons.INVALID_EXACT_EVM_SCHEME, "");

        // a time window is checked before the amount, validBefore before validAfter
        Eip3009Authorization lateAndWrongValue = authorization(PAYER.address(), MERCHANT.address(), 5, NOW + 100, NOW + 1);
        assertInvalid(scheme.verify(pay(lateAndWrongValue), req),
                EvmReasons.INVALID_EXACT_EVM_PAYLOAD_AUTHORIZATION_VALID_BEFORE, "");
        Eip3009Authorization earlyAndWrongValue = authorization(PAYER.address(), MERCHANT.address(), 5, NOW + 100, NOW + 600);
        assertInvalid(scheme.verify(pay(earlyAndWrongValue), req),
                EvmReasons.INVALID_EXACT_EVM_PAYLOAD_AUTHORIZATION_VALID_AFTER, "");
    }

    // ------------------------------------------------------------------------------------------ payment id

    @Test
    void paymentIdIsChainAssetPayerAndNonceInLowerCase() {
        Eip3009Authorization auth = new Eip3009Authorization(PAYER.address(), MERCHANT.address(),
                BigInteger.valueOf(1_000_000), BigInteger.ZERO, BigInteger.valueOf(NOW + 60), "0x" + "AB".repeat(32));
        assertThat(scheme.paymentId(pay(auth), req).value()).isEqualTo("eip155:84532/"
                + TOKEN.toLowerCase() + "/" + PAYER.address().toLowerCase() + "/0x" + "ab".repeat(32));
    }

    // ------------------------------------------------------------------------------------------ enrich

    @Test
    void enrichFillsTheCataloguedUsdcDomainWithoutAskingTheChain() {
        Asset usdc = NetworkRegistry.defaults().byChainId(ChainId.eip155(84532)).flatMap(Network::usdc).orElseThrow();
        PaymentRequirements bare = requirements(NETWORK, usdc.address().toLowerCase(), MERCHANT.address(), 10,
                domainExtra(null, null));

        PaymentRequirements enriched = scheme.enrich(bare);

        assertThat(enriched.extraText("name")).contains(usdc.eip712Name());
        assertThat(enriched.extraText("version")).contains(usdc.eip712Version());
    }

    @Test
    void enrichNeverOverwritesWhatTheCallerSet() {
        Asset usdc = NetworkRegistry.defaults().byChainId(ChainId.eip155(84532)).flatMap(Network::usdc).orElseThrow();
        PaymentRequirements custom = requirements(NETWORK, usdc.address(), MERCHANT.address(), 10,
                domainExtra("My Name", null));
        PaymentRequirements enriched = scheme.enrich(custom);
        assertThat(enriched.extraText("name")).contains("My Name");
        assertThat(enriched.extraText("version")).contains("2");

        PaymentRequirements complete = requirements(NETWORK, TOKEN, MERCHANT.address(), 10, domainExtra("A", "B"));
        assertThat(scheme.enrich(complete)).isEqualTo(complete); // and no RPC: the endpoint is closed

        ObjectNode extra = domainExtra("A", "B");
        extra.put("feePayer", "x");
        PaymentRequirements more = requirements(NETWORK, TOKEN, MERCHANT.address(), 10, extra);
        assertThat(scheme.enrich(more).extraText("feePayer")).contains("x");
    }

    @Test
    void enrichLeavesNonAddressAssetsAlone() {
        PaymentRequirements odd = requirements(NETWORK, "USDC", MERCHANT.address(), 10, domainExtra(null, null));
        assertThat(scheme.enrich(odd)).isEqualTo(odd);
    }

    @Test
    void registryWithTheChainsOwnUsdcIsUsedForEnrich() {
        NetworkRegistry local = NetworkRegistry.of(java.util.List.of(Network.of("anvil", ChainId.eip155(31337), true,
                Asset.eip712(TOKEN, "USDC", 6, "Local Coin", "7"))));
        Scheme anvil = scheme("eip155:31337", local);
        PaymentRequirements enriched = anvil.enrich(requirements("eip155:31337", TOKEN, MERCHANT.address(), 1,
                domainExtra(null, null)));
        assertThat(enriched.extraText("name")).contains("Local Coin");
        assertThat(enriched.extraText("version")).contains("7");
        assertThat(anvil.supported()).contains(new SupportedKind(1, "exact", "anvil", null));
    }

    @Test
    void factoryValidatesItsArguments() {
        EvmNetworkConfig config = EvmNetworkConfig.of(ChainId.eip155(1), URI.create("http://127.0.0.1:9"));
        EvmPrivateKeySigner signer = EvmPrivateKeySigner.fromHex(FACILITATOR.privateKeyHex());
        assertThatThrownBy(() -> EvmSchemes.exact(null, signer, CLOCK, NetworkRegistry.defaults()))
                .isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> EvmSchemes.exact(config, new dev.x402j.core.ChainSigner() {
            @Override
            public String address() {
                return "not an address";
            }

            @Override
            public byte[] sign(byte[] message) {
                return new byte[65];
            }
        }, CLOCK, NetworkRegistry.defaults())).hasMessageContaining("EVM address");
    }

    @Test
    void severalKeysAreAllAdvertisedAndEachIsListedOnce() {
        EvmNetworkConfig config = EvmNetworkConfig.of(ChainId.eip155(84532), URI.create("http://127.0.0.1:9"));
        EvmPrivateKeySigner a = EvmPrivateKeySigner.fromHex(FACILITATOR.privateKeyHex());
        EvmPrivateKeySigner b = EvmPrivateKeySigner.fromHex(STRANGER.privateKeyHex());
        Scheme two = EvmSchemes.exact(config, java.util.List.of(a, b), CLOCK, NetworkRegistry.defaults());
        assertThat(two.signerAddresses()).containsExactly(a.address(), b.address());
        assertThat(two.toString()).contains(a.address()).contains(b.address()).doesNotContain(FACILITATOR.privateKeyHex().substring(2));
        assertThatThrownBy(() -> EvmSchemes.exact(config, java.util.List.of(), CLOCK, NetworkRegistry.defaults()))
                .hasMessageContaining("at least one signer");
        assertThatThrownBy(() -> EvmSchemes.exact(config, java.util.List.of(a, b, EvmPrivateKeySigner.fromHex(FACILITATOR.privateKeyHex())),
                CLOCK, NetworkRegistry.defaults())).hasMessageContaining("listed twice");
    }

    @Test
    void theAuthorizationIsReadBackFromTheSettlementCalldata() {
        Eip3009Authorization auth = goodAuth();
        byte[] signature = Hex.decode(pay(auth).payload().get("signature").asText());
        byte[] data = TransferCall.transferCalldata(auth, signature);
        Eip3009Authorization back = TransferCall.authorizationOf(data).orElseThrow();
        assertThat(back.from()).isEqualToIgnoringCase(auth.from());
        assertThat(back.to()).isEqualToIgnoringCase(auth.to());
        assertThat(back.value()).isEqualTo(auth.value());
        assertThat(back.validAfter()).isEqualTo(auth.validAfter());
        assertThat(back.validBefore()).isEqualTo(auth.validBefore());
        assertThat(back.nonceHex()).isEqualToIgnoringCase(auth.nonceHex());
        assertThat(TransferCall.authorizationOf(java.util.Arrays.copyOf(data, data.length - 1))).isEmpty();
        assertThat(TransferCall.authorizationOf(dev.x402j.evm.internal.Abi.call("name()"))).isEmpty();
    }
}

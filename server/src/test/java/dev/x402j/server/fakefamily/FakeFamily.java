package dev.x402j.server.fakefamily;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.x402j.core.Asset;
import dev.x402j.core.ChainId;
import dev.x402j.core.Confirmation;
import dev.x402j.core.ErrorReason;
import dev.x402j.core.Facilitator;
import dev.x402j.core.Network;
import dev.x402j.core.NetworkRegistry;
import dev.x402j.core.PaymentId;
import dev.x402j.core.Scheme;
import dev.x402j.core.SchemeTarget;
import dev.x402j.core.SignedTransaction;
import dev.x402j.core.VerifyResult;
import dev.x402j.core.config.Setting;
import dev.x402j.core.config.SettingValue;
import dev.x402j.core.config.SettingsReader;
import dev.x402j.core.family.ChainFamily;
import dev.x402j.core.family.DevChain;
import dev.x402j.core.family.FamilyContext;
import dev.x402j.core.family.NetworkSettings;
import dev.x402j.core.family.RpcSource;
import dev.x402j.core.family.ServedFamily;
import dev.x402j.core.family.ServedNetwork;
import dev.x402j.core.model.PaymentPayload;
import dev.x402j.core.model.PaymentRequirements;
import dev.x402j.core.wire.X402Json;
import java.math.BigInteger;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A test chain family, namespace {@value #NAMESPACE}: the proof that a family plugs into the reference server with no
 * edit to the server's main code. It is registered like a real one — a {@code META-INF/services} entry — but only on
 * the class loader {@code FakeFamilyIT} gives the server, so no other test sees it. It has its own networks, reason,
 * settings ({@code FAKE_PRIVATE_KEY}, {@code FAKE_NETWORKS}, {@code FAKE_RPC_URL_<NETWORK>}) and dev chain.
 *
 * <p>It talks to no chain: its scheme refuses every payment with its own reason, so that the family's reason reaches
 * the wire, and settles nothing. It is a test double of a family, named for what it is.
 */
public final class FakeFamily implements ChainFamily {
    public static final String NAMESPACE = "fake";
    public static final Network NET = Network.of("fake-net", new ChainId(NAMESPACE, "net1"), true,
            Asset.of("fakeusdc", "USDC", 6));
    public static final Network LOCAL = Network.of("fake-local", new ChainId(NAMESPACE, "local"), true,
            Asset.of("fakeusdc-local", "USDC", 6));
    public static final ErrorReason NOT_A_CHAIN = ErrorReason.of("invalid_exact_fake_payload_not_a_chain");

    public static final Setting PRIVATE_KEY = Setting.of("x402j.fake.private-key", "FAKE_PRIVATE_KEY", "none",
            "The fake family's key: 'fakekey-' and letters.").asSecret();
    public static final Setting NETWORKS = Setting.of("x402j.fake.networks", "FAKE_NETWORKS", "fake-net",
            "The fake networks served.");
    public static final Setting RPC_URLS = Setting.perNetwork("x402j.fake.rpc-urls", "FAKE_RPC_URL_", "none",
            "A fake network's RPC URL.");

    private static final Pattern KEY = Pattern.compile("fakekey-[a-z]{1,16}");

    @Override
    public String namespace() {
        return NAMESPACE;
    }

    @Override
    public String displayName() {
        return "Fake";
    }

    @Override
    public List<Network> networks() {
        return List.of(NET);
    }

    @Override
    public List<ErrorReason> reasons() {
        return List.of(NOT_A_CHAIN);
    }

    @Override
    public List<Setting> settings() {
        return List.of(PRIVATE_KEY, NETWORKS, RPC_URLS);
    }

    @Override
    public List<Setting> keySettings() {
        return List.of(PRIVATE_KEY);
    }

    @Override
    public Optional<ServedFamily> configure(SettingsReader settings, FamilyContext context) {
        int before = settings.problemCount();
        List<String> keys = settings.value(PRIVATE_KEY).map(v -> keys(settings, v)).orElse(List.of());
        NetworkSettings networks = new NetworkSettings("Fake", NETWORKS, List.of("fake-net"), RPC_URLS, List.of(),
                name -> Optional.empty(), n -> NAMESPACE.equals(n.chainId().namespace()), name -> Optional.empty());
        List<ServedNetwork> served = networks.resolve(settings, context.networks());
        if (settings.problemCount() > before) {
            return Optional.empty();
        }
        return Optional.of(new Serving(keys.stream().map(k -> "fake-address-of-" + k.substring(8)).toList(), served));
    }

    @Override
    public Optional<DevChain.Launcher> devChain(SettingsReader settings, FamilyContext context) {
        return Optional.of(LocalFake::new);
    }

    private static List<String> keys(SettingsReader settings, SettingValue value) {
        return settings.keys(value, "fakekey-<letters>",
                text -> KEY.matcher(text).matches() ? Optional.empty() : Optional.of("a valid fake key"),
                text -> text, text -> text);
    }

    /** The fake family as configured. */
    record Serving(List<String> signerAddresses, List<ServedNetwork> networks) implements ServedFamily {
        @Override
        public List<Scheme> schemes(Clock clock, NetworkRegistry registry) {
            return networks.stream().<Scheme>map(n -> new RefusingScheme(n.network().chainId(), signerAddresses,
                    registry)).toList();
        }
    }

    /** A scheme that refuses every payment with the family's own reason and never settles. */
    record RefusingScheme(ChainId network, List<String> signerAddresses, NetworkRegistry registry) implements Scheme {
        @Override
        public String scheme() {
            return "exact";
        }

        @Override
        public List<dev.x402j.core.model.SupportedKind> supported() {
            return new SchemeTarget("exact", network, registry).supportedKinds(null);
        }

        @Override
        public PaymentRequirements enrich(PaymentRequirements requirements) {
            return requirements;
        }

        @Override
        public VerifyResult verify(PaymentPayload payload, PaymentRequirements requirements) {
            return VerifyResult.invalid(NOT_A_CHAIN, "the fake family has no chain");
        }

        @Override
        public PaymentId paymentId(PaymentPayload payload, PaymentRequirements requirements) {
            return new PaymentId(network.toString() + ":" + payload.hashCode());
        }

        @Override
        public SignedTransaction prepareSettlement(PaymentPayload payload, PaymentRequirements requirements) {
            throw new IllegalStateException("the fake family settles nothing: verify refuses every payment");
        }

        @Override
        public void broadcast(SignedTransaction transaction) {
            throw new IllegalStateException("the fake family settles nothing");
        }

        @Override
        public Confirmation confirm(String transaction, Duration timeout) {
            throw new IllegalStateException("the fake family settles nothing");
        }
    }

    /** The fake family's dev chain: nothing runs; it shows itself in the banner and the balances. */
    static final class LocalFake implements DevChain {
        @Override
        public Network network() {
            return LOCAL;
        }

        @Override
        public ServedFamily served() {
            return new Serving(List.of("fake-dev-facilitator"),
                    List.of(new ServedNetwork(LOCAL, List.of(URI.create("http://127.0.0.1:9")), RpcSource.LOCAL)));
        }

        @Override
        public BigInteger payerFunds() {
            return BigInteger.valueOf(1_000_000);
        }

        @Override
        public String payee() {
            return "fake-dev-payee";
        }

        @Override
        public SamplePayment samplePayment(BigInteger amount, Facilitator facilitator, Clock clock) {
            PaymentRequirements requirements = new PaymentRequirements("exact", LOCAL.chainId().toString(), amount,
                    "fakeusdc-local", payee(), 60, null);
            ObjectNode payload = X402Json.mapper().createObjectNode().put("fake", true);
            return new SamplePayment(new PaymentPayload(2, null, requirements, payload, null), requirements);
        }

        @Override
        public ObjectNode balances() {
            return X402Json.mapper().createObjectNode().put("network", LOCAL.chainId().toString()).put("payee", "0");
        }

        @Override
        public String banner(String facilitator) {
            return "Fake\n  network          fake-local = fake:local (nothing runs)\n";
        }

        @Override
        public void close() {
            // nothing runs
        }
    }
}

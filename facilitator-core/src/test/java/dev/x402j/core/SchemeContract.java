package dev.x402j.core;

import static org.assertj.core.api.Assertions.assertThat;

import dev.x402j.core.model.FacilitatorRequest;
import dev.x402j.core.model.PaymentPayload;
import dev.x402j.core.model.PaymentRequired;
import dev.x402j.core.model.PaymentRequirements;
import dev.x402j.core.model.ResourceInfo;
import dev.x402j.core.model.SettleResponse;
import dev.x402j.core.model.SupportedResponse;
import dev.x402j.core.model.VerifyResponse;
import dev.x402j.core.rpc.RpcOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.ToLongFunction;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The scheme contract kit: the behaviours every {@link Scheme} must show when a {@link Facilitator} drives it on a real
 * chain. Each chain module subclasses it as a {@code *IT} that runs its own local chain (anvil, the LiteSVM RPC front…)
 * and supplies what is chain-specific through the abstract methods; the same cases then run on every chain family.
 *
 * <ul>
 *   <li>settling the same payment twice moves the money once and both answers name the same transaction;
 *   <li>20 concurrent settles of one payment broadcast once (counted on the wire) and all get the same answer;
 *   <li>a broadcast whose answer is lost after the node received it still ends confirmed with that one transaction;
 *   <li>{@code supported} lists the v1 and v2 kinds of the network and the facilitator's signer addresses;
 *   <li>a replay of a settled payment is refused, by verify and by settle, with the scheme's reason;
 *   <li>with the first RPC endpoint unreachable, the payment settles once through the second.
 * </ul>
 *
 * <p>Every case builds its own {@link Facilitator} (an {@link InMemorySettlementStore} of its own) over the scheme the
 * subclass builds for the given endpoints, pays with a freshly signed payment whose requirements come from
 * {@link Facilitator#accepts}, and checks exact token balances (atomic units) of the payer and the payee, exact counts
 * of broadcasts and identical transaction references. Nothing here is timed.
 *
 * <p>Where it lives: in facilitator-core's test-jar, beside the store kits, because it is about core's ports and
 * facade. Core cannot depend on testkit (and testkit knows nothing of core), so the JSON-RPC proxy that counts and
 * loses calls comes from the subclass through {@link #tap}, as an {@link RpcTap} built from testkit's
 * {@code JsonRpcProxy}. A chain module uses it with a test-scope dependency on {@code x402j-facilitator-core}'s
 * {@code test-jar}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class SchemeContract {
    protected static final ResourceInfo RESOURCE = ResourceInfo.of("https://api.example.com/scheme-contract");
    private static final RpcOptions QUICK = RpcOptions.defaults().withBackoff(Duration.ofMillis(10), Duration.ofMillis(50));
    private static final Duration CONFIRM_TIMEOUT = Duration.ofSeconds(30);
    private static final int RACERS = 20;

    // ------------------------------------------------------------------------------------------ what a chain supplies

    /** Starts the local chain and funds the payer: once, before the first case. */
    protected abstract void startChain();

    /** Stops the local chain: once, after the last case. */
    protected abstract void stopChain();

    /** The local chain's JSON-RPC endpoint, e.g. {@code http://127.0.0.1:8545}. */
    protected abstract String rpcUrl();

    /** The scheme under test on {@link #network()}, over these RPC endpoints in order of preference. */
    protected abstract Scheme scheme(List<URI> rpcUrls, RpcOptions rpcOptions);

    /** What a resource server asks for: amount, asset and payee on {@link #network()}; {@code extra} may be left out. */
    protected abstract PaymentRequirements offer();

    /** A payment of {@code accepted} (as the facilitator's {@code accepts} completed it), freshly signed by the payer. */
    protected abstract PaymentPayload pay(PaymentRequirements accepted, ResourceInfo resource);

    /** The payer's address, as settle answers name it. */
    protected abstract String payer();

    /** {@code owner}'s balance of the offer's asset, in atomic units. */
    protected abstract BigInteger tokenBalance(String owner);

    /** Whether the chain holds {@code transaction} as executed successfully. */
    protected abstract boolean succeededOnChain(String transaction);

    /** The JSON-RPC method that broadcasts a signed transaction, e.g. {@code eth_sendRawTransaction}. */
    protected abstract String broadcastMethod();

    /** The CAIP-2 network served, e.g. {@code eip155:84532}. */
    protected abstract ChainId network();

    /** The network's v1 name, e.g. {@code base-sepolia}. */
    protected abstract String v1Network();

    /** The facilitator's signer addresses on the network, in the order {@code supported} lists them. */
    protected abstract List<String> signerAddresses();

    /** Why the scheme refuses a payment that is already settled on chain. */
    protected abstract ErrorReason replayReason();

    /**
     * A JSON-RPC proxy in front of {@code upstreamUrl} that counts the calls it forwards and, for the methods in
     * {@code loseAnswersTo}, forwards the request but loses the node's answer (HTTP 502).
     */
    protected abstract RpcTap tap(String upstreamUrl, String... loseAnswersTo);

    /**
     * A running JSON-RPC proxy, as the kit sees it: where to send calls, how many calls of a method it forwarded, and
     * how to stop it.
     */
    public record RpcTap(String url, ToLongFunction<String> forwarded, AutoCloseable proxy) implements AutoCloseable {
        public long count(String method) {
            return forwarded.applyAsLong(method);
        }

        @Override
        public void close() {
            try {
                proxy.close();
            } catch (Exception e) {
                throw new IllegalStateException("cannot stop the JSON-RPC proxy at " + url, e);
            }
        }
    }

    @BeforeAll
    final void startLocalChain() {
        startChain();
    }

    @AfterAll
    final void stopLocalChain() {
        stopChain();
    }

    // ------------------------------------------------------------------------------------------ the contract

    @Test
    void settlingTwiceMovesTheMoneyOnceAndBothAnswersNameTheSameTransaction() {
        try (RpcTap node = tap(rpcUrl())) {
            assertVerifiesThenSettlesOnce(node, node.url());
        }
    }

    @Test
    void twentyConcurrentSettlesOfOnePaymentBroadcastOnceAndAllGetTheSameAnswer() throws Exception {
        try (RpcTap node = tap(rpcUrl())) {
            Settler settler = settler(node.url());
            Payment payment = pay(settler);
            Balances before = balances(payment);

            List<SettleResponse> answers = settleAtOnce(settler.facilitator(), payment.request(), RACERS);

            // all alike but for which call owns the settlement: exactly one does
            assertThat(answers).hasSize(RACERS).allSatisfy(a -> assertThat(a.withoutSettlementOwner()).as("%s", a)
                    .isEqualTo(answers.getFirst().withoutSettlementOwner()));
            assertThat(answers).filteredOn(a -> a.settlementOwner().orElse(false)).hasSize(1);
            assertSettled(answers.getFirst());
            assertThat(node.count(broadcastMethod())).as("broadcasts on the wire").isEqualTo(1);
            assertMovedOnce(payment, before);
        }
    }

    @Test
    void aBroadcastWhoseAnswerIsLostEndsConfirmedWithThatTransactionAndMovesTheMoneyOnce() {
        try (RpcTap primary = tap(rpcUrl(), broadcastMethod()); RpcTap secondary = tap(rpcUrl())) {
            Settler settler = settler(primary.url(), secondary.url());
            Payment payment = pay(settler);
            Balances before = balances(payment);

            SettleResponse settled = settler.facilitator().settle(payment.request());

            assertSettled(settled);
            assertThat(primary.count(broadcastMethod())).as("the node received it through the primary").isEqualTo(1);
            SettlementRecord record = settler.record(payment);
            assertThat(record.state()).isEqualTo(SettlementState.CONFIRMED);
            assertThat(record.transactions()).as("the one transaction signed, and no other")
                    .containsExactly(settled.transaction());
            assertThat(settler.facilitator().settle(payment.request()).withoutSettlementOwner())
                    .isEqualTo(settled.withoutSettlementOwner());
            assertMovedOnce(payment, before);
        }
    }

    @Test
    void supportedListsTheV1AndV2KindsOfTheNetworkAndTheSigners() {
        Settler settler = settler(rpcUrl());
        String scheme = settler.scheme().scheme();

        SupportedResponse supported = settler.facilitator().supported();

        assertThat(supported.kinds()).extracting(k -> k.x402Version() + " " + k.scheme() + " " + k.network())
                .containsExactlyInAnyOrder("2 " + scheme + " " + network(), "1 " + scheme + " " + v1Network());
        assertThat(supported.signers()).isEqualTo(Map.of(network().namespace() + ":*", signerAddresses()));
    }

    @Test
    void aReplayOfASettledPaymentIsRefusedByVerifyAndSettleWithTheSchemesReason() {
        Settler here = settler(rpcUrl());
        Payment payment = pay(here);
        SettleResponse settled = here.facilitator().settle(payment.request());
        assertSettled(settled);
        Balances before = balances(payment);

        try (RpcTap node = tap(rpcUrl())) {
            Settler elsewhere = settler(node.url()); // another facilitator, with a ledger of its own
            VerifyResponse verifiedHere = here.facilitator().verify(payment.request());
            VerifyResponse verifiedElsewhere = elsewhere.facilitator().verify(payment.request());
            SettleResponse settledElsewhere = elsewhere.facilitator().settle(payment.request());

            for (VerifyResponse v : List.of(verifiedHere, verifiedElsewhere)) {
                assertThat(v.isValid()).as("%s", v).isFalse();
                assertThat(v.invalidReason()).as("%s", v).isEqualTo(replayReason().wire());
            }
            assertThat(settledElsewhere.success()).as("%s", settledElsewhere).isFalse();
            assertThat(settledElsewhere.errorReason()).as("%s", settledElsewhere).isEqualTo(replayReason().wire());
            assertThat(settledElsewhere.transaction()).isEmpty();
            assertThat(node.count(broadcastMethod())).as("broadcasts of the replay").isZero();
        }
        SettleResponse again = here.facilitator().settle(payment.request());
        assertThat(again.withoutSettlementOwner()).as("the first ledger's answer stands")
                .isEqualTo(settled.withoutSettlementOwner());
        assertThat(again.settlementOwner()).as("a repeated call owns nothing").contains(false);
        assertThat(balances(payment)).as("nothing moves").isEqualTo(before);
    }

    @Test
    void withTheFirstRpcUnreachableThePaymentSettlesOnceThroughTheSecond() {
        try (RpcTap second = tap(rpcUrl())) {
            assertVerifiesThenSettlesOnce(second, unreachableEndpoint(), second.url());
        }
    }

    // ------------------------------------------------------------------------------------------ helpers

    /**
     * A fresh payment, through a facilitator over {@code rpcUrls}: it verifies; settled twice, it moves the money once,
     * both answers are the same, and {@code counted} saw one broadcast.
     */
    private void assertVerifiesThenSettlesOnce(RpcTap counted, String... rpcUrls) {
        Settler settler = settler(rpcUrls);
        Payment payment = pay(settler);
        Balances before = balances(payment);

        VerifyResponse verified = settler.facilitator().verify(payment.request());
        SettleResponse first = settler.facilitator().settle(payment.request());
        SettleResponse second = settler.facilitator().settle(payment.request());

        assertThat(verified.isValid()).as("%s", verified).isTrue();
        assertThat(verified.payer()).isEqualTo(payer());
        assertSettled(first);
        assertThat(second.withoutSettlementOwner()).as("the recorded answer").isEqualTo(first.withoutSettlementOwner());
        assertThat(first.settlementOwner()).contains(true);
        assertThat(second.settlementOwner()).contains(false);
        assertThat(counted.count(broadcastMethod())).as("broadcasts").isEqualTo(1);
        assertMovedOnce(payment, before);
    }

    /** A facilitator with a ledger of its own over the scheme under test, and both. */
    private record Settler(Facilitator facilitator, Scheme scheme, InMemorySettlementStore ledger) {
        SettlementRecord record(Payment payment) {
            return ledger.find(scheme.paymentId(payment.payload(), payment.requirements())).orElseThrow();
        }
    }

    private Settler settler(String... rpcUrls) {
        Scheme scheme = scheme(Stream.of(rpcUrls).map(URI::create).toList(), QUICK);
        InMemorySettlementStore ledger = new InMemorySettlementStore();
        Facilitator facilitator = Facilitator.builder()
                .scheme(scheme)
                .settlementStore(ledger)
                .confirmTimeout(CONFIRM_TIMEOUT)
                .build();
        return new Settler(facilitator, scheme, ledger);
    }

    private record Payment(PaymentPayload payload, PaymentRequirements requirements) {
        FacilitatorRequest request() {
            return new FacilitatorRequest(payload.x402Version(), payload, requirements);
        }
    }

    /** Requirements completed by the facilitator's {@code accepts}, as a 402 carries them, and a fresh payment of them. */
    private Payment pay(Settler settler) {
        PaymentRequired offered = settler.facilitator().accepts(PaymentRequired.of(RESOURCE, List.of(offer()), null));
        assertThat(offered.accepts()).as("the facilitator serves the offer").hasSize(1);
        PaymentRequirements accepted = offered.accepts().getFirst();
        return new Payment(pay(accepted, RESOURCE), accepted);
    }

    private record Balances(BigInteger payer, BigInteger payee) {}

    private Balances balances(Payment payment) {
        return new Balances(tokenBalance(payer()), tokenBalance(payment.requirements().payTo()));
    }

    private void assertMovedOnce(Payment payment, Balances before) {
        BigInteger amount = payment.requirements().amount();
        assertThat(balances(payment)).as("the amount %s moved once", amount)
                .isEqualTo(new Balances(before.payer().subtract(amount), before.payee().add(amount)));
    }

    private void assertSettled(SettleResponse settled) {
        assertThat(settled.success()).as("%s", settled).isTrue();
        assertThat(settled.payer()).isEqualTo(payer());
        assertThat(settled.network()).isEqualTo(network().toString());
        assertThat(settled.transaction()).isNotBlank();
        assertThat(succeededOnChain(settled.transaction())).as("%s executed on chain", settled.transaction()).isTrue();
    }

    /** Settles {@code request} from {@code n} virtual threads released together. */
    private static List<SettleResponse> settleAtOnce(Facilitator facilitator, FacilitatorRequest request, int n)
            throws Exception {
        CountDownLatch ready = new CountDownLatch(n);
        Callable<SettleResponse> settle = () -> {
            ready.countDown();
            ready.await();
            return facilitator.settle(request);
        };
        List<SettleResponse> answers = new ArrayList<>();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (Future<SettleResponse> answer : threads.invokeAll(Collections.nCopies(n, settle))) {
                answers.add(answer.get());
            }
        }
        return answers;
    }

    /** The URL of a local port nothing listens on (bound, then released). */
    private static String unreachableEndpoint() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return "http://127.0.0.1:" + socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

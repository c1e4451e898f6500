package dev.x402j.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.x402j.core.model.FacilitatorRequest;
import dev.x402j.core.model.PaymentPayload;
import dev.x402j.core.model.PaymentRequired;
import dev.x402j.core.model.PaymentRequirements;
import dev.x402j.core.model.ResourceInfo;
import dev.x402j.core.model.SettleResponse;
import dev.x402j.core.model.VerifyResponse;
import dev.x402j.core.wire.X402Json;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The facilitator's flow around a scheme: routing, hooks, and the settlement ledger's guarantees. */
class FacilitatorTest {
    private final FakeChainScheme chain = new FakeChainScheme();
    private final InMemorySettlementStore ledger = new InMemorySettlementStore();

    private Facilitator facilitator(FacilitatorHook... hooks) {
        var b = Facilitator.builder()
                .scheme(chain)
                .settlementStore(ledger)
                .confirmTimeout(Duration.ofMillis(200))
                .duplicateWait(Duration.ofSeconds(3))
                .staleAfter(Duration.ofMillis(1));
        for (FacilitatorHook h : hooks) {
            b.hook(h);
        }
        return b.build();
    }

    static PaymentRequirements requirements(String network) {
        return new PaymentRequirements("exact", network, new BigInteger("10000"), "0xasset", "0xpayee", 60, null);
    }

    static FacilitatorRequest request(String id, boolean valid) {
        return request(id, valid, requirements(FakeChainScheme.NETWORK.toString()));
    }

    static FacilitatorRequest request(String id, boolean valid, PaymentRequirements req) {
        ObjectNode proof = X402Json.mapper().createObjectNode().put("id", id).put("payer", "0xpayer").put("valid", valid);
        return new FacilitatorRequest(2, new PaymentPayload(2, ResourceInfo.of("https://api.example/x"), req, proof, null), req);
    }

    @Test
    void verifiesThroughTheSchemeOfTheRequestedNetwork() {
        Facilitator f = facilitator();
        assertThat(f.verify(request("a", true))).isEqualTo(VerifyResponse.valid("0xpayer"));
        VerifyResponse bad = f.verify(request("b", false));
        assertThat(bad.isValid()).isFalse();
        assertThat(bad.invalidReason()).isEqualTo("invalid_exact_evm_signature");
        assertThat(bad.payer()).isEqualTo("0xpayer");
    }

    @Test
    void unknownNetworkAndSchemeGetTheirOwnReasons() {
        Facilitator f = facilitator();
        assertThat(f.verify(request("a", true, requirements("eip155:1"))).invalidReason()).isEqualTo("invalid_network");
        var upto = new PaymentRequirements("upto", FakeChainScheme.NETWORK.toString(), BigInteger.TEN, "0xasset", "0xpayee", 60, null);
        assertThat(f.verify(request("a", true, upto)).invalidReason()).isEqualTo("unsupported_scheme");
        SettleResponse s = f.settle(request("a", true, requirements("eip155:1")));
        assertThat(s.success()).isFalse();
        assertThat(s.errorReason()).isEqualTo("invalid_network");
        assertThat(s.transaction()).isEmpty();
    }

    @Test
    void settlesOnceAndAnswersARepeatFromTheLedger() {
        Facilitator f = facilitator();
        SettleResponse first = f.settle(request("p1", true));
        SettleResponse second = f.settle(request("p1", true));

        assertThat(first.success()).isTrue();
        assertThat(first.transaction()).isEqualTo("0xtx-p1");
        assertThat(first.network()).isEqualTo("eip155:31337");
        // The same answer; only the first call owns the settlement (a resource server serves on that one alone).
        assertThat(first.settlementOwner()).contains(true);
        assertThat(second.settlementOwner()).contains(false);
        assertThat(second.withoutSettlementOwner()).isEqualTo(first.withoutSettlementOwner());
        assertThat(chain.broadcasts).hasValue(1);
        assertThat(ledger.find(new PaymentId("fake/p1")).orElseThrow().state()).isEqualTo(SettlementState.CONFIRMED);
    }

    @Test
    void twentyConcurrentSettlesOfOnePaymentBroadcastOnceAndAgree() throws Exception {
        chain.broadcastDelay = Duration.ofMillis(100);
        Facilitator f = facilitator();
        CountDownLatch start = new CountDownLatch(1);
        List<Future<SettleResponse>> answers = new ArrayList<>();
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 20; i++) {
                answers.add(pool.submit(() -> {
                    start.await();
                    return f.settle(request("same", true));
                }));
            }
            start.countDown();
            List<SettleResponse> all = new ArrayList<>();
            for (var a : answers) {
                all.add(a.get());
            }
            assertThat(all).allSatisfy(r -> {
                assertThat(r.success()).isTrue();
                assertThat(r.transaction()).isEqualTo("0xtx-same");
            });
        }
        assertThat(chain.broadcasts).hasValue(1);
        assertThat(chain.prepares).hasValue(1);
    }

    @Test
    void anInvalidPaymentIsNotClaimed() {
        Facilitator f = facilitator();
        SettleResponse r = f.settle(request("bad", false));
        assertThat(r.success()).isFalse();
        assertThat(r.errorReason()).isEqualTo("invalid_exact_evm_signature");
        assertThat(ledger.find(new PaymentId("fake/bad"))).isEmpty();
        assertThat(chain.broadcasts).hasValue(0);
    }

    @Test
    void aPaymentOfNothingIsRefusedBeforeTheSchemeOrTheLedgerSeesIt() {
        Facilitator f = facilitator();
        var zero = new PaymentRequirements("exact", FakeChainScheme.NETWORK.toString(), BigInteger.ZERO, "0xasset",
                "0xpayee", 60, null);
        VerifyResponse verified = f.verify(request("zero", true, zero));
        assertThat(verified.isValid()).isFalse();
        assertThat(verified.invalidReason()).isEqualTo("invalid_payment_requirements");
        SettleResponse settled = f.settle(request("zero", true, zero));
        assertThat(settled.success()).isFalse();
        assertThat(settled.errorReason()).isEqualTo("invalid_payment_requirements");
        assertThat(ledger.find(new PaymentId("fake/zero"))).isEmpty();
        assertThat(chain.prepares).hasValue(0);
        assertThat(chain.broadcasts).hasValue(0);
        // One atomic unit is a payment.
        var one = new PaymentRequirements("exact", FakeChainScheme.NETWORK.toString(), BigInteger.ONE, "0xasset",
                "0xpayee", 60, null);
        assertThat(f.settle(request("one", true, one)).success()).isTrue();
    }

    @Test
    void aLostBroadcastAnswerIsPendingThenReconciledWithoutSendingAgain() {
        chain.broadcastTimesOut = true;
        Facilitator f = facilitator();
        SettleResponse r = f.settle(request("lost", true));
        assertThat(r.success()).isFalse();
        assertThat(r.errorReason()).isEqualTo("settlement_pending");
        assertThat(r.transaction()).isEqualTo("0xtx-lost");
        assertThat(ledger.find(new PaymentId("fake/lost")).orElseThrow().state()).isEqualTo(SettlementState.SUBMITTED);

        chain.broadcastTimesOut = false;
        sleepPast(Duration.ofMillis(5));
        Facilitator.ReconcileReport report = f.reconcile();
        assertThat(report.confirmed()).isEqualTo(1);
        assertThat(chain.prepares).hasValue(1);

        SettleResponse retry = f.settle(request("lost", true));
        assertThat(retry.success()).isTrue();
        assertThat(retry.transaction()).isEqualTo("0xtx-lost");
    }

    @Test
    void verifyRefusesAPaymentTheLedgerHoldsSoAPendingOneCannotBeReplayed() {
        chain.confirmSlowly = true;
        Facilitator f = facilitator();
        assertThat(f.verify(request("held", true)).isValid()).isTrue();
        assertThat(f.settle(request("held", true)).errorReason()).isEqualTo("settlement_pending");

        // Not mined yet, so the chain still calls it valid: the ledger says it is taken.
        VerifyResponse replay = f.verify(request("held", true));
        assertThat(replay.isValid()).isFalse();
        assertThat(replay.invalidReason()).isEqualTo("duplicate_settlement");
        assertThat(replay.invalidMessage()).contains("submitted");
        assertThat(replay.payer()).isEqualTo("0xpayer");

        // Merely claimed (a settle call under way, nothing sent) is held too.
        ledger.claim(SettlementRecord.claimed(new PaymentId("fake/claimed"), "t", "fp", "exact",
                FakeChainScheme.NETWORK.toString(), "0xpayer", BigInteger.TEN, Instant.now()));
        assertThat(f.verify(request("claimed", true)).invalidReason()).isEqualTo("duplicate_settlement");

        // Settled, and still valid to a chain that does not know (the fake's verify never sees its mined set), it
        // stays taken; a payment the ledger does not hold is unaffected.
        chain.confirmSlowly = false;
        assertThat(f.settle(request("held", true)).success()).isTrue();
        VerifyResponse settled = f.verify(request("held", true));
        assertThat(settled.invalidReason()).isEqualTo("duplicate_settlement");
        assertThat(settled.invalidMessage()).contains("confirmed");
        assertThat(f.verify(request("fresh", true)).isValid()).isTrue();
        // An invalid payment keeps its own reason, ledger or not.
        assertThat(f.verify(request("claimed", false)).invalidReason()).isEqualTo("invalid_exact_evm_signature");
    }

    @Test
    void aConfirmationTimeoutIsPendingAndARetryGetsTheOutcome() {
        chain.confirmSlowly = true;
        Facilitator f = facilitator();
        SettleResponse r = f.settle(request("slow", true));
        assertThat(r.errorReason()).isEqualTo("settlement_pending");
        assertThat(ErrorReason.fromWire(r.errorReason()).orElseThrow().retryable()).isTrue();

        chain.confirmSlowly = false;
        SettleResponse retry = f.settle(request("slow", true));
        assertThat(retry.success()).isTrue();
        assertThat(chain.broadcasts).hasValue(1);
    }

    @Test
    @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD) // guards against the old wait, which never ends on a stopped clock
    void aRetryLongAfterItsOwnerGaveUpAsksTheChainAtOnce() {
        // The clock stands still unless the test moves it: a retry that waited for duplicateWait to pass would never end.
        Instant[] now = {Instant.parse("2026-01-01T00:00:00Z")};
        Clock stopped = new Clock() {
            @Override
            public ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return now[0];
            }
        };
        Facilitator f = Facilitator.builder()
                .scheme(chain)
                .settlementStore(ledger)
                .clock(stopped)
                .confirmTimeout(Duration.ofMillis(200))
                .duplicateWait(Duration.ofHours(1))
                .build();
        chain.confirmSlowly = true;
        assertThat(f.settle(request("gone", true)).errorReason()).isEqualTo("settlement_pending");

        chain.confirmSlowly = false; // mined while nobody looked
        now[0] = now[0].plus(Duration.ofHours(2));
        SettleResponse retry = f.settle(request("gone", true));

        assertThat(retry.success()).as("%s", retry).isTrue();
        assertThat(retry.transaction()).isEqualTo("0xtx-gone");
        assertThat(ledger.find(new PaymentId("fake/gone")).orElseThrow().state()).isEqualTo(SettlementState.CONFIRMED);
        assertThat(chain.broadcasts).hasValue(1);
    }

    @Test
    void aTransactionTheNodeDroppedIsSentAgainAtTheEndOfTheConfirmTimeout() {
        chain.dropNextSend = true;
        Facilitator f = facilitator();
        SettleResponse r = f.settle(request("dropped", true));

        assertThat(r.errorReason()).isEqualTo("settlement_pending");
        assertThat(chain.sent).as("the same transaction, sent twice").containsExactly("0xtx-dropped", "0xtx-dropped");
        assertThat(chain.prepares).hasValue(1);
        SettleResponse retry = f.settle(request("dropped", true));
        assertThat(retry.success()).as("%s", retry).isTrue();
        assertThat(retry.transaction()).isEqualTo("0xtx-dropped");
        assertThat(chain.broadcasts).hasValue(2);
    }

    @Test
    void aRevertIsRecordedAsFailedAndRepeatedAsSuch() {
        chain.revert = true;
        Facilitator f = facilitator();
        SettleResponse r = f.settle(request("rev", true));
        assertThat(r.success()).isFalse();
        assertThat(r.errorReason()).isEqualTo("invalid_exact_evm_transaction_failed");
        assertThat(r.transaction()).isEqualTo("0xtx-rev");
        // The same answer, from the call that did not own the settlement.
        assertThat(f.settle(request("rev", true))).isEqualTo(r.withSettlementOwner(false));
        assertThat(chain.broadcasts).hasValue(1);
    }

    @Test
    void aRefusedBroadcastFailsWithItsReason() {
        chain.broadcastRejected = true;
        SettleResponse r = facilitator().settle(request("gasless", true));
        assertThat(r.errorReason()).isEqualTo("invalid_transaction_state");
        assertThat(ledger.find(new PaymentId("fake/gasless")).orElseThrow().state()).isEqualTo(SettlementState.FAILED);
    }

    @Test
    void aFaultBeforeSigningReleasesTheClaimSoARetryCanSettle() {
        chain.prepareFails = true;
        Facilitator f = facilitator();
        SettleResponse r = f.settle(request("flaky", true));
        assertThat(r.errorReason()).isEqualTo("unexpected_settle_error");
        assertThat(r.errorMessage()).doesNotContain("\tat ");
        assertThat(ledger.find(new PaymentId("fake/flaky"))).isEmpty();

        chain.prepareFails = false;
        assertThat(f.settle(request("flaky", true)).success()).isTrue();
    }

    @Test
    void beforeHooksCanRefuseAndAfterHooksObserveButCannotBreakTheFlow() {
        List<String> seen = new CopyOnWriteArrayList<>();
        FacilitatorHook policy = new FacilitatorHook() {
            @Override
            public HookDecision beforeSettle(PaymentContext c) {
                return c.payload().payload().path("id").asText().equals("blocked")
                        ? HookDecision.abort("payer is on the deny list")
                        : HookDecision.proceed();
            }
        };
        FacilitatorHook observer = new FacilitatorHook() {
            @Override
            public void afterSettle(PaymentContext c, SettleResponse r) {
                seen.add("settled " + r.transaction());
                throw new IllegalStateException("observer bug");
            }

            @Override
            public void onSettleFailure(PaymentContext c, SettleResponse r) {
                seen.add("failed " + r.errorReason());
            }

            @Override
            public void afterVerify(PaymentContext c, VerifyResult.Valid v) {
                seen.add("verified " + v.payer());
            }
        };
        Facilitator f = facilitator(policy, observer);

        SettleResponse blocked = f.settle(request("blocked", true));
        assertThat(blocked.errorReason()).isEqualTo("payment_rejected_by_policy");
        assertThat(blocked.errorMessage()).isEqualTo("payer is on the deny list");
        assertThat(f.settle(request("ok", true)).success()).isTrue();
        assertThat(seen).containsExactly(
                "verified 0xpayer", "failed payment_rejected_by_policy", "verified 0xpayer", "settled 0xtx-ok");
        assertThat(chain.broadcasts).hasValue(1);
    }

    @Test
    void beforeVerifyHookAbortIsAnInvalidResult() {
        Facilitator f = facilitator(new FacilitatorHook() {
            @Override
            public HookDecision beforeVerify(PaymentContext c) {
                return HookDecision.abort(ErrorReason.INSUFFICIENT_FUNDS, "too small");
            }
        });
        VerifyResponse r = f.verify(request("x", true));
        assertThat(r.isValid()).isFalse();
        assertThat(r.invalidReason()).isEqualTo("insufficient_funds");
        assertThat(r.invalidMessage()).isEqualTo("too small");
    }

    @Test
    void aDifferentPaymentWithAKnownIdIsVerifiedNotAnsweredFromTheLedger() {
        Facilitator f = facilitator();
        assertThat(f.settle(request("n1", true)).success()).isTrue();
        // Same id (same nonce), different requirements: it must not borrow the recorded success.
        var other = new PaymentRequirements("exact", FakeChainScheme.NETWORK.toString(), BigInteger.ONE, "0xasset", "0xthief", 60, null);
        SettleResponse r = f.settle(request("n1", true, other));
        assertThat(r.success()).isFalse();
        assertThat(chain.broadcasts).hasValue(1);
    }

    @Test
    void aPayloadWithoutAnIdIsInvalidPayload() {
        ObjectNode proof = X402Json.mapper().createObjectNode().put("valid", true);
        var req = requirements(FakeChainScheme.NETWORK.toString());
        var r = facilitator().settle(new FacilitatorRequest(2, new PaymentPayload(2, null, req, proof, null), req));
        assertThat(r.errorReason()).isEqualTo("invalid_payload");
    }

    @Test
    void supportedListsKindsAndSignersByFamily() {
        var s = facilitator().supported();
        assertThat(s.kinds()).extracting(k -> k.scheme() + "@" + k.network()).containsExactly("exact@eip155:31337");
        assertThat(s.signers()).containsEntry("eip155:*", List.of("0xfacilitator"));
        assertThat(s.extensions()).isEmpty();
    }

    @Test
    void acceptsKeepsAndEnrichesOnlyServedOffers() {
        var served = requirements(FakeChainScheme.NETWORK.toString());
        var foreign = requirements("eip155:1");
        PaymentRequired out = facilitator().accepts(PaymentRequired.of(ResourceInfo.of("https://x"), List.of(served, foreign), null));
        assertThat(out.accepts()).hasSize(1);
        assertThat(out.accepts().getFirst().extraText("name")).contains("USD Coin");
        assertThat(out.x402Version()).isEqualTo(2);
    }

    @Test
    void builderListsEveryProblemAtOnce() {
        assertThatThrownBy(() -> Facilitator.builder().scheme(chain).scheme(chain).confirmTimeout(Duration.ZERO).build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("registered twice")
                .hasMessageContaining("confirmTimeout");
        assertThatThrownBy(() -> Facilitator.builder().build()).hasMessageContaining("no scheme is registered");
    }

    @Test
    void reconcileReleasesAClaimThatNeverGotATransaction() {
        Facilitator f = facilitator();
        var claim = SettlementRecord.claimed(new PaymentId("fake/orphan"), "t", "fp", "exact", "eip155:31337", "0xp", BigInteger.ONE,
                java.time.Instant.now().minusSeconds(60));
        ledger.claim(claim);
        assertThat(f.reconcile().released()).isEqualTo(1);
        assertThat(ledger.find(claim.id())).isEmpty();
    }

    private static void sleepPast(Duration d) {
        try {
            Thread.sleep(d.toMillis() + 5);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

package dev.x402j.store.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.x402j.core.ChainId;
import dev.x402j.core.Confirmation;
import dev.x402j.core.Facilitator;
import dev.x402j.core.FakeChainSchemeAccess;
import dev.x402j.core.PaymentId;
import dev.x402j.core.Scheme;
import dev.x402j.core.SettlementState;
import dev.x402j.core.SignedTransaction;
import dev.x402j.core.VerifyResult;
import dev.x402j.core.model.FacilitatorRequest;
import dev.x402j.core.model.PaymentPayload;
import dev.x402j.core.model.PaymentRequirements;
import dev.x402j.core.model.ResourceInfo;
import dev.x402j.core.model.SettleResponse;
import dev.x402j.core.model.SupportedKind;
import dev.x402j.core.wire.X402Json;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two facilitators, each with its own connection pool, as two server instances would be, sharing one PostgreSQL
 * ledger and one (fake) chain: whichever instance a repeated settle reaches, the payment is broadcast once.
 */
class FacilitatorOnPostgresIT {
    private static TestDatabase db;
    private static DataSource instanceA;
    private static DataSource instanceB;

    @BeforeAll
    static void start() {
        db = TestDatabase.create();
        instanceA = db.pool(4);
        instanceB = db.pool(4);
    }

    @AfterAll
    static void stop() {
        db.close();
    }

    @Test
    void concurrentSettlesOnTwoInstancesBroadcastOnceAndAgree() throws Exception {
        CountingScheme chain = new CountingScheme(new FakeChainSchemeAccess().scheme());
        Facilitator a = facilitator(instanceA, chain);
        Facilitator b = facilitator(instanceB, chain);

        CountDownLatch go = new CountDownLatch(1);
        List<Future<SettleResponse>> answers = new ArrayList<>();
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 20; i++) {
                Facilitator f = i % 2 == 0 ? a : b;
                answers.add(pool.submit(() -> {
                    go.await();
                    return f.settle(request("twice"));
                }));
            }
            go.countDown();
            for (var answer : answers) {
                SettleResponse r = answer.get();
                assertThat(r.success()).as("%s", r).isTrue();
                assertThat(r.transaction()).isEqualTo("0xtx-twice");
            }
        }
        assertThat(chain.broadcasts).hasValue(1);
        var ledger = PostgresStores.create(instanceA).settlements();
        assertThat(ledger.find(new PaymentId("fake/twice")).orElseThrow().state()).isEqualTo(SettlementState.CONFIRMED);
        // A later repeat is answered from the ledger.
        assertThat(b.settle(request("twice")).transaction()).isEqualTo("0xtx-twice");
        assertThat(chain.broadcasts).hasValue(1);
    }

    /** What the module README shows: migrate, create, hand the stores to the facilitator. */
    private static Facilitator facilitator(DataSource dataSource, Scheme exact) {
        PostgresStores.migrate(dataSource); // creates or updates schema x402j; a no-op when up to date
        PostgresStores stores = PostgresStores.create(dataSource, PostgresStores.Options.defaults());
        return Facilitator.builder()
                .scheme(exact)
                .settlementStore(stores.settlements())
                .sessionStore(stores.sessions())
                .trackingStore(stores.tracking())
                .confirmTimeout(Duration.ofMillis(200))
                .duplicateWait(Duration.ofSeconds(10))
                .build();
    }

    private static FacilitatorRequest request(String id) {
        var req = new PaymentRequirements("exact", "eip155:31337", new BigInteger("10000"), "0xasset", "0xpayee", 60, null);
        ObjectNode proof = X402Json.mapper().createObjectNode().put("id", id).put("payer", "0xpayer").put("valid", true);
        return new FacilitatorRequest(2, new PaymentPayload(2, ResourceInfo.of("https://api.example/x"), req, proof, null), req);
    }

    /** The fake chain, counting broadcasts (the fake's own counter is package-private to core's tests). */
    private record CountingScheme(Scheme chain, AtomicInteger broadcasts) implements Scheme {
        CountingScheme(Scheme chain) {
            this(chain, new AtomicInteger());
        }

        @Override
        public String scheme() {
            return chain.scheme();
        }

        @Override
        public ChainId network() {
            return chain.network();
        }

        @Override
        public List<SupportedKind> supported() {
            return chain.supported();
        }

        @Override
        public List<String> signerAddresses() {
            return chain.signerAddresses();
        }

        @Override
        public PaymentRequirements enrich(PaymentRequirements requirements) {
            return chain.enrich(requirements);
        }

        @Override
        public VerifyResult verify(PaymentPayload payload, PaymentRequirements requirements) {
            return chain.verify(payload, requirements);
        }

        @Override
        public PaymentId paymentId(PaymentPayload payload, PaymentRequirements requirements) {
            return chain.paymentId(payload, requirements);
        }

        @Override
        public SignedTransaction prepareSettlement(PaymentPayload payload, PaymentRequirements requirements) {
            return chain.prepareSettlement(payload, requirements);
        }

        @Override
        public void broadcast(SignedTransaction transaction) {
            broadcasts.incrementAndGet();
            chain.broadcast(transaction);
        }

        @Override
        public Confirmation confirm(String transaction, Duration timeout) {
            return chain.confirm(transaction, timeout);
        }
    }
}

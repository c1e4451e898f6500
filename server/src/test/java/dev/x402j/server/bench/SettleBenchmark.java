package dev.x402j.server.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.x402j.core.Asset;
import dev.x402j.core.ChainId;
import dev.x402j.core.Facilitator;
import dev.x402j.core.NetworkRegistry;
import dev.x402j.core.PaymentId;
import dev.x402j.core.Scheme;
import dev.x402j.core.SettlementRecord;
import dev.x402j.core.SettlementState;
import dev.x402j.core.SettlementStore;
import dev.x402j.core.SignedTransaction;
import dev.x402j.core.model.FacilitatorRequest;
import dev.x402j.core.model.PaymentRequirements;
import dev.x402j.core.model.ResourceInfo;
import dev.x402j.core.model.SettleResponse;
import dev.x402j.core.model.VerifyResponse;
import dev.x402j.evm.EvmNetworkConfig;
import dev.x402j.evm.EvmPaymentSigner;
import dev.x402j.evm.EvmPrivateKeySigner;
import dev.x402j.evm.EvmSchemes;
import dev.x402j.server.bench.BenchSettings.Ledger;
import dev.x402j.testkit.AnvilChain;
import dev.x402j.testkit.DevAccount;
import dev.x402j.testkit.JsonRpcProxy;
import dev.x402j.testkit.TestUsdc;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.math.BigInteger;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import java.util.stream.LongStream;

/**
 * The settle path's benchmark: a command that prints figures, not a test. It starts a real anvil with the test USDC,
 * and measures, through an in-process {@link Facilitator}:
 *
 * <ol>
 *   <li>settle throughput and latency for distinct payments at a fixed concurrency through one facilitator key, with
 *       the ledger in memory, on PostgreSQL and on Redis;
 *   <li>the same through several keys in rotation;
 *   <li>the verify path alone, and the ledger's own cost (claim + markSubmitted + markConfirmed) without a chain;
 *   <li>a duplicate-settle storm: one payment settled by many callers at once, how long until all are answered, and
 *       that exactly one transaction reached the chain.
 * </ol>
 *
 * <p>Every run checks what it measured (every payment settled once, balances moved by exactly the sum, one transaction
 * per storm) and the process exits 1 when a check fails, 2 when it cannot run. Sizes come from system properties, see
 * {@link BenchSettings}. Run it with {@code ./mvnw -pl server -am -Pbench verify -DskipTests} (see the README).
 */
public final class SettleBenchmark {
    private static final ChainId CHAIN = ChainId.eip155(84532);
    private static final ResourceInfo RESOURCE = ResourceInfo.of("https://api.example.com/bench");
    private static final Duration CONFIRM_TIMEOUT = Duration.ofSeconds(120);
    private static final String SEND_RAW = "eth_sendRawTransaction";
    // Anvil dev accounts: 0 owns the token, 1 pays, 2 is paid, 9, 8, 7… are the facilitator's keys.
    private static final DevAccount PAYER = DevAccount.anvilDefaults().get(1);
    private static final DevAccount PAYEE = DevAccount.anvilDefaults().get(2);
    private static final int FIRST_KEY = 9;

    private final BenchSettings settings;
    private final PrintStream out = System.out;
    private final List<String> problems = new ArrayList<>();
    private final AtomicInteger amounts = new AtomicInteger();
    private final EvmPaymentSigner payer = EvmPaymentSigner.fromHex(PAYER.privateKeyHex());
    private BenchLedgers ledgers;

    private SettleBenchmark(BenchSettings settings) {
        this.settings = settings;
    }

    /**
     * A fresh anvil with the test USDC, the payer funded, and a counting JSON-RPC proxy in front of it. Every measured
     * settle run gets its own: anvil's CPU per transaction grows with the length of its chain, so runs on one long
     * chain would get slower in the order they run.
     */
    private static final class Chain implements AutoCloseable {
        final AnvilChain anvil;
        final TestUsdc usdc;
        final JsonRpcProxy proxy;

        Chain() {
            anvil = AnvilChain.start(CHAIN.evmChainId().orElseThrow());
            try {
                usdc = TestUsdc.deploy(anvil);
                usdc.mint(PAYER.address(), BigInteger.TEN.pow(15));
                proxy = JsonRpcProxy.start(anvil.rpcUrl());
            } catch (RuntimeException e) {
                anvil.close();
                throw e;
            }
        }

        long transactionCount(String address, String block) {
            return AnvilChain.quantity(anvil.rpc("eth_getTransactionCount", address, block)).longValueExact();
        }

        BigInteger payeeBalance() {
            return usdc.balanceOf(PAYEE.address());
        }

        @Override
        public void close() {
            try {
                proxy.close();
            } finally {
                anvil.close();
            }
        }
    }

    public static void main(String[] args) {
        // Quiet logs (warnings only) unless the caller chose a configuration; before any logger exists.
        if (System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", "logback-bench.xml");
        }
        BenchSettings settings;
        try {
            settings = BenchSettings.fromSystemProperties();
        } catch (IllegalArgumentException e) {
            System.err.println("x402j settle benchmark cannot start: " + e.getMessage());
            System.exit(2);
            return;
        }
        int status;
        try {
            status = new SettleBenchmark(settings).run();
        } catch (BenchLedgers.Unavailable e) {
            System.err.println("x402j settle benchmark cannot run: " + e.getMessage());
            status = 2;
        } catch (RuntimeException e) {
            System.err.println("x402j settle benchmark could not run: " + e.getMessage());
            e.printStackTrace();
            status = 2;
        }
        System.exit(status);
    }

    /** @return the exit status: 0 when every check passed, 1 otherwise */
    private int run() {
        out.println("x402j settle benchmark");
        out.printf("  machine: %d cores (available processors), %s %s %s, max heap %d MiB%n",
                Runtime.getRuntime().availableProcessors(), System.getProperty("os.name"),
                System.getProperty("os.version"), System.getProperty("os.arch"),
                Runtime.getRuntime().maxMemory() / (1024 * 1024));
        out.printf("  JDK: %s %s (%s)%n", System.getProperty("java.vm.name"), System.getProperty("java.runtime.version"),
                System.getProperty("java.vm.vendor"));
        out.println("  sizes: " + settings.describe());
        out.println("  load average at start: " + loadAverage() + " (other work on this machine skews the figures)");
        long started = System.nanoTime();
        try (BenchLedgers opened = BenchLedgers.open(settings)) {
            ledgers = opened;
            out.printf("  chain: %s, automine (a block per transaction, mined as it arrives), chain id %d, a fresh one"
                    + " for each settle run and one for the storms%n", anvilVersion(), CHAIN.evmChainId().orElseThrow());
            ledgers.descriptions().forEach(d -> out.println("  ledger " + d));
            out.println("  NOTE: the figures measure x402j + anvil (+ PostgreSQL / Redis) on this machine, all sharing its"
                    + " cores. Anvil mines each transaction at once:");
            out.println("        they say nothing about a real chain, where every settlement also waits for its block.");
            out.println();

            warmUp();
            out.println();

            header("1-3. throughput and latency at concurrency " + settings.concurrency() + " (closed loop)");
            out.printf("  each after %d untimed operations of its kind (ten times as many ledger cycles);%n",
                    settings.runWarmup());
            out.println("  ops/s = operations per second of wall time; p50…max = one call's latency in ms;");
            out.println("  jvm-cpu, anvil = CPU ms per operation used by this whole JVM, by anvil, during the run");
            out.println(Row.HEADER);
            try (Chain chain = new Chain()) {
                verifyRun(chain).print(out);
            }
            for (Ledger ledger : settings.ledgers()) {
                ledgerRun(ledger).print(out);
            }
            for (int keys : List.of(1, settings.keys())) {
                for (Ledger ledger : settings.ledgers()) {
                    try (Chain chain = new Chain()) {
                        settleRun(chain, ledger, keys).print(out);
                    }
                }
            }
            out.println();

            header("4. duplicate settle storm: one payment, " + settings.stormCallers() + " callers at once, "
                    + settings.stormRounds() + " rounds (through a counting JSON-RPC proxy)");
            out.println("  first, all answered = ms from the release of the callers until the first, the last answer;");
            out.println("  sendRawTx, eth_call, receipts = JSON-RPC calls that reached the chain per storm (sendRawTx must"
                    + " be 1)");
            out.println(Storm.HEADER);
            try (Chain chain = new Chain()) {
                for (Ledger ledger : settings.ledgers()) {
                    storm(chain, ledger).print(out);
                }
            }
            out.println();
        }
        out.printf("total time %.1f s; load average at the end: %s%n", (System.nanoTime() - started) / 1e9, loadAverage());
        if (problems.isEmpty()) {
            out.println("checks: all passed (every payment settled once, balances moved by exactly the sum, every storm"
                    + " sent one transaction)");
            return 0;
        }
        out.println("checks: " + problems.size() + " FAILED");
        problems.forEach(p -> out.println("  - " + p));
        return 1;
    }

    /**
     * Runs every path measured later, untimed but checked, so that the JIT has compiled them before the first
     * measurement (a cold JVM spends about twice the CPU per settlement): settlements and verifications on a chain of
     * their own, ledger cycles on every ledger.
     */
    private void warmUp() {
        int n = settings.warmup();
        if (n == 0) {
            out.println("warm-up: none");
            return;
        }
        long start = System.nanoTime();
        try (Chain chain = new Chain()) {
            List<String> found = new ArrayList<>();
            Facilitator facilitator = facilitator(scheme(keys(1), chain.anvil.rpcUrl(), chain.usdc), ledgers.ledger(Ledger.MEMORY));
            List<FacilitatorRequest> toVerify = payments(chain, n);
            checkVerified("warm-up", measure(chain, n, i -> facilitator.verify(toVerify.get(i))), found);
            List<FacilitatorRequest> toSettle = payments(chain, n);
            long before = chain.payeeBalance().longValueExact();
            Measured<SettleResponse> settled = measure(chain, n, i -> facilitator.settle(toSettle.get(i)));
            found.addAll(settled.faults());
            long failed = settled.results().stream().filter(a -> a == null || !a.success()).count();
            long expected = toSettle.stream().mapToLong(p -> p.paymentRequirements().amount().longValueExact()).sum();
            if (failed > 0 || chain.payeeBalance().longValueExact() - before != expected) {
                found.add("warm-up: " + failed + " of " + n + " settlements failed or the payee did not receive the sum");
            }
            for (Ledger ledger : settings.ledgers()) {
                SettlementStore store = ledgers.ledger(ledger);
                checkLedger("warm-up " + ledger.label, store, measure(null, 2 * n, ledgerCycle(store)), found);
            }
            problems.addAll(found);
            out.printf(Locale.ROOT, "warm-up (JIT): %d verifications, %d settlements (memory ledger), %d ledger cycles per"
                    + " ledger in %.1f s, %s%n", n, n, 2 * n, (System.nanoTime() - start) / 1e9,
                    found.isEmpty() ? "checked ok" : "FAILED (" + found.size() + ")");
        }
    }

    private void header(String title) {
        out.println(title);
        out.println("-".repeat(title.length()));
    }

    // ------------------------------------------------------------------------------------------ 3. verify

    private Row verifyRun(Chain chain) {
        Facilitator facilitator = facilitator(scheme(keys(1), chain.anvil.rpcUrl(), chain.usdc), ledgers.ledger(Ledger.MEMORY));
        List<String> found = new ArrayList<>();
        if (settings.runWarmup() > 0) {
            List<FacilitatorRequest> warm = payments(chain, settings.runWarmup());
            checkVerified("verify warm-up", measure(chain, warm.size(), i -> facilitator.verify(warm.get(i))), found);
        }
        List<FacilitatorRequest> payments = payments(chain, settings.verifications());
        Measured<VerifyResponse> m = measure(chain, payments.size(), i -> facilitator.verify(payments.get(i)));
        checkVerified("verify", m, found);
        return row("verify", "-", "-", m, found);
    }

    private static void checkVerified(String run, Measured<VerifyResponse> m, List<String> found) {
        found.addAll(m.faults());
        long invalid = m.results().stream().filter(r -> r == null || !r.isValid()).count();
        if (invalid > 0) {
            VerifyResponse first = m.results().stream().filter(r -> r != null && !r.isValid()).findFirst().orElse(null);
            found.add(run + ": " + invalid + " of " + m.results().size() + " payments not valid"
                    + (first == null ? "" : ", e.g. " + first.invalidReason() + ": " + first.invalidMessage()));
        }
    }

    // ------------------------------------------------------------------------------------------ 3. the ledger alone

    private Row ledgerRun(Ledger ledger) {
        SettlementStore store = ledgers.ledger(ledger);
        String run = "ledger " + ledger.label;
        IntFunction<PaymentId> cycle = ledgerCycle(store);
        List<String> found = new ArrayList<>();
        if (settings.runWarmup() > 0) {
            checkLedger(run + " warm-up", store, measure(null, settings.runWarmup() * 10, cycle), found);
        }
        Measured<PaymentId> m = measure(null, settings.ledgerCycles(), cycle);
        checkLedger(run, store, m, found);
        return row("ledger claim+submit+confirm", ledger.label, "-", m, found);
    }

    /**
     * One cycle of the ledger as a settlement drives it, for a new payment id each call: {@code claim} (must be won),
     * {@code markSubmitted} with a transaction of about the size of a signed {@code transferWithAuthorization}, then
     * {@code markConfirmed}. Returns the payment id.
     */
    private IntFunction<PaymentId> ledgerCycle(SettlementStore store) {
        String batch = UUID.randomUUID().toString();
        String fingerprint = randomHex(32);
        AtomicInteger ids = new AtomicInteger();
        return i -> {
            PaymentId id = new PaymentId(CHAIN + "/bench/" + batch + "/" + ids.getAndIncrement());
            String token = UUID.randomUUID().toString();
            SettlementRecord claim = SettlementRecord.claimed(id, token, fingerprint, "exact", CHAIN.toString(),
                    PAYER.address(), BigInteger.valueOf(1_000), Instant.now());
            if (!(store.claim(claim) instanceof SettlementStore.Claim.Won)) {
                throw new IllegalStateException("the claim of the new payment " + id + " was not won");
            }
            byte[] raw = new byte[400];
            ThreadLocalRandom.current().nextBytes(raw);
            SignedTransaction tx = new SignedTransaction("0x" + randomHex(32), raw);
            store.markSubmitted(id, token, tx, Instant.now());
            store.markConfirmed(id, tx.reference(), Instant.now());
            return id;
        };
    }

    private void checkLedger(String run, SettlementStore store, Measured<PaymentId> m, List<String> found) {
        found.addAll(m.faults());
        List<PaymentId> ids = m.results().stream().filter(id -> id != null).toList();
        Measured<Boolean> confirmed = measure(null, ids.size(),
                i -> store.find(ids.get(i)).map(r -> r.state() == SettlementState.CONFIRMED).orElse(false));
        found.addAll(confirmed.faults());
        long notConfirmed = confirmed.results().stream().filter(ok -> !Boolean.TRUE.equals(ok)).count();
        if (notConfirmed > 0) {
            found.add(run + ": " + notConfirmed + " of " + ids.size() + " cycles not CONFIRMED in the ledger");
        }
    }

    // ------------------------------------------------------------------------------------------ 1, 2. settle

    private Row settleRun(Chain chain, Ledger ledger, int keyCount) {
        SettlementStore store = ledgers.ledger(ledger);
        List<DevAccount> keys = keys(keyCount);
        Scheme scheme = scheme(keys, chain.anvil.rpcUrl(), chain.usdc);
        Facilitator facilitator = facilitator(scheme, store);
        String run = "settle " + ledger.label + " " + keyCount + " key(s)";

        Map<String, Long> firstNonces = new TreeMap<>();
        keys.forEach(k -> firstNonces.put(k.address().toLowerCase(Locale.ROOT), chain.transactionCount(k.address(), "pending")));
        BigInteger payeeBefore = chain.payeeBalance();
        BigInteger payerBefore = chain.usdc.balanceOf(PAYER.address());

        List<FacilitatorRequest> all = new ArrayList<>();
        List<SettleResponse> answers = new ArrayList<>();
        List<String> found = new ArrayList<>();
        if (settings.runWarmup() > 0) {
            List<FacilitatorRequest> warm = payments(chain, settings.runWarmup());
            Measured<SettleResponse> w = measure(chain, warm.size(), i -> facilitator.settle(warm.get(i)));
            all.addAll(warm);
            answers.addAll(w.results());
            found.addAll(w.faults());
        }
        List<FacilitatorRequest> payments = payments(chain, settings.payments());
        Measured<SettleResponse> m = measure(chain, payments.size(), i -> facilitator.settle(payments.get(i)));
        all.addAll(payments);
        answers.addAll(m.results());
        found.addAll(m.faults());

        checkSettled(chain, run, scheme, store, keys, firstNonces, all, answers, payeeBefore, payerBefore, found);
        return row("settle", ledger.label, Integer.toString(keyCount), m, found);
    }

    /**
     * Every payment answered success by its own transaction, recorded CONFIRMED with that one transaction; the payee
     * and the payer moved by exactly the sum; the keys sent exactly one transaction per payment, on consecutive nonces.
     */
    private void checkSettled(Chain chain, String run, Scheme scheme, SettlementStore store, List<DevAccount> keys,
            Map<String, Long> firstNonces, List<FacilitatorRequest> payments, List<SettleResponse> answers,
            BigInteger payeeBefore, BigInteger payerBefore, List<String> found) {
        List<SettleResponse> failed = answers.stream().filter(a -> a == null || !a.success()).toList();
        if (!failed.isEmpty()) {
            SettleResponse first = failed.stream().filter(a -> a != null).findFirst().orElse(null);
            found.add(run + ": " + failed.size() + " of " + answers.size() + " settlements not successful"
                    + (first == null ? "" : ", e.g. " + first.errorReason() + ": " + first.errorMessage()));
        }
        List<String> transactions = answers.stream().filter(a -> a != null && a.success())
                .map(SettleResponse::transaction).toList();
        if (transactions.stream().distinct().count() != transactions.size()) {
            found.add(run + ": two payments were answered with the same transaction");
        }
        BigInteger sum = payments.stream().map(p -> p.paymentRequirements().amount()).reduce(BigInteger.ZERO, BigInteger::add);
        BigInteger payeeMoved = chain.payeeBalance().subtract(payeeBefore);
        BigInteger payerMoved = payerBefore.subtract(chain.usdc.balanceOf(PAYER.address()));
        if (!payeeMoved.equals(sum) || !payerMoved.equals(sum)) {
            found.add(run + ": the payee received " + payeeMoved + " and the payer paid " + payerMoved
                    + ", the payments sum to " + sum);
        }
        for (int i = 0; i < payments.size(); i++) {
            FacilitatorRequest p = payments.get(i);
            SettleResponse a = answers.get(i);
            Optional<SettlementRecord> record = store.find(scheme.paymentId(p.paymentPayload(), p.paymentRequirements()));
            if (record.isEmpty() || record.get().state() != SettlementState.CONFIRMED
                    || record.get().transactions().size() != 1
                    || (a != null && !record.get().transaction().equals(a.transaction()))) {
                found.add(run + ": payment " + i + " is recorded as " + record.map(Object::toString).orElse("nothing")
                        + ", answered " + (a == null ? "nothing" : a.transaction()));
                break;
            }
        }
        // What the chain says: each transaction's sender and nonce.
        Map<String, TreeSet<Long>> nonces = new TreeMap<>();
        for (String tx : transactions) {
            JsonNode t = chain.anvil.rpc("eth_getTransactionByHash", tx);
            nonces.computeIfAbsent(t.path("from").asText().toLowerCase(Locale.ROOT), k -> new TreeSet<>())
                    .add(AnvilChain.quantity(t.get("nonce")).longValueExact());
        }
        if (!firstNonces.keySet().containsAll(nonces.keySet())) {
            found.add(run + ": transactions from " + nonces.keySet() + ", the keys are " + firstNonces.keySet());
        }
        if (payments.size() >= keys.size() && nonces.size() != keys.size()) {
            found.add(run + ": only " + nonces.size() + " of " + keys.size() + " keys were used");
        }
        for (DevAccount key : keys) {
            String address = key.address().toLowerCase(Locale.ROOT);
            long first = firstNonces.get(address);
            TreeSet<Long> used = nonces.getOrDefault(address, new TreeSet<>());
            List<Long> expected = LongStream.range(first, first + used.size()).boxed().toList();
            long sent = chain.transactionCount(key.address(), "latest") - first;
            if (!new ArrayList<>(used).equals(expected) || sent != used.size()) {
                found.add(run + ": key " + key.address() + " sent " + sent + " transactions, the answers name "
                        + used.size() + " on nonces " + abbreviate(used) + " (expected consecutive from " + first + ")");
            }
        }
    }

    // ------------------------------------------------------------------------------------------ 4. storm

    private Storm storm(Chain chain, Ledger ledger) {
        SettlementStore store = ledgers.ledger(ledger);
        DevAccount key = keys(1).getFirst();
        Scheme scheme = scheme(List.of(key), chain.proxy.url(), chain.usdc);
        Facilitator facilitator = facilitator(scheme, store);
        String run = "storm " + ledger.label;
        List<String> found = new ArrayList<>();

        // Warm-up: one ordinary settlement through the same facilitator (chain check, nonce sync, connections).
        SettleResponse warm = facilitator.settle(payments(chain, 1).getFirst());
        if (!warm.success()) {
            found.add(run + " warm-up: " + warm.errorReason() + ": " + warm.errorMessage());
        }

        long[] first = new long[settings.stormRounds()];
        long[] all = new long[settings.stormRounds()];
        long sends = 0;
        long calls = 0;
        long receipts = 0;
        for (int round = 0; round < settings.stormRounds(); round++) {
            FacilitatorRequest payment = payments(chain, 1).getFirst();
            BigInteger payeeBefore = chain.payeeBalance();
            long sentBefore = chain.transactionCount(key.address(), "latest");
            chain.proxy.reset();

            int callers = settings.stormCallers();
            SettleResponse[] answers = new SettleResponse[callers];
            long[] answeredAt = new long[callers];
            ConcurrentLinkedQueue<String> faults = new ConcurrentLinkedQueue<>();
            CountDownLatch go = new CountDownLatch(1);
            List<Thread> threads = new ArrayList<>();
            for (int c = 0; c < callers; c++) {
                int caller = c;
                threads.add(Thread.ofVirtual().start(() -> {
                    try {
                        go.await();
                        answers[caller] = facilitator.settle(payment);
                    } catch (Throwable e) {
                        faults.add(run + " caller " + caller + ": " + e);
                    } finally {
                        answeredAt[caller] = System.nanoTime();
                    }
                }));
            }
            long start = System.nanoTime();
            go.countDown();
            joinAll(threads);
            first[round] = Arrays.stream(answeredAt).min().orElseThrow() - start;
            all[round] = Arrays.stream(answeredAt).max().orElseThrow() - start;

            long roundSends = chain.proxy.count(SEND_RAW);
            sends += roundSends;
            calls += chain.proxy.count("eth_call");
            receipts += chain.proxy.count("eth_getTransactionReceipt");
            found.addAll(faults);
            String r = run + " round " + (round + 1);
            List<String> transactions = Arrays.stream(answers).filter(a -> a != null && a.success())
                    .map(SettleResponse::transaction).distinct().toList();
            long unsuccessful = Arrays.stream(answers).filter(a -> a == null || !a.success()).count();
            if (unsuccessful > 0) {
                SettleResponse example = Arrays.stream(answers).filter(a -> a != null && !a.success()).findFirst().orElse(null);
                found.add(r + ": " + unsuccessful + " of " + callers + " callers not answered success"
                        + (example == null ? "" : ", e.g. " + example.errorReason()));
            }
            if (transactions.size() > 1) {
                found.add(r + ": the callers were answered with " + transactions.size() + " different transactions");
            }
            if (roundSends != 1) {
                found.add(r + ": " + roundSends + " " + SEND_RAW + " calls reached the chain, expected exactly 1");
            }
            long sent = chain.transactionCount(key.address(), "latest") - sentBefore;
            if (sent != 1) {
                found.add(r + ": the key sent " + sent + " transactions, expected exactly 1");
            }
            BigInteger moved = chain.payeeBalance().subtract(payeeBefore);
            if (!moved.equals(payment.paymentRequirements().amount())) {
                found.add(r + ": the payee received " + moved + ", the payment is " + payment.paymentRequirements().amount());
            }
            Optional<SettlementRecord> record =
                    store.find(scheme.paymentId(payment.paymentPayload(), payment.paymentRequirements()));
            if (record.isEmpty() || record.get().state() != SettlementState.CONFIRMED
                    || record.get().transactions().size() != 1
                    || !transactions.equals(List.of(record.get().transaction()))) {
                found.add(r + ": recorded as " + record.map(Object::toString).orElse("nothing") + ", answered " + transactions);
            }
        }
        problems.addAll(found);
        int rounds = settings.stormRounds();
        return new Storm(ledger.label, settings.stormCallers(), rounds, new Latencies(first, 1), new Latencies(all, 1),
                (double) sends / rounds, (double) calls / rounds, (double) receipts / rounds, found.size());
    }

    // ------------------------------------------------------------------------------------------ running and timing

    /**
     * The answers of one batch, their latencies, what was thrown instead of an answer, and the CPU time this JVM and
     * anvil used meanwhile (negative when the operating system does not tell).
     */
    private record Measured<T>(List<T> results, Latencies latencies, List<String> faults, long jvmCpuNanos,
            long anvilCpuNanos) {}

    /**
     * Runs {@code op(0)} … {@code op(n-1)} on {@link BenchSettings#concurrency()} virtual threads, each taking the next
     * index when its previous operation returned; the clock starts when all are released together.
     *
     * @param chain the chain whose anvil's CPU time to measure, or {@code null} when the operations use none
     */
    private <T> Measured<T> measure(Chain chain, int n, IntFunction<T> op) {
        Object[] results = new Object[n]; // written by the workers, read after joining them (join: happens-before)
        long[] nanos = new long[n];
        AtomicInteger next = new AtomicInteger();
        AtomicInteger faultCount = new AtomicInteger();
        ConcurrentLinkedQueue<String> faults = new ConcurrentLinkedQueue<>();
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> workers = new ArrayList<>();
        for (int w = 0; w < Math.min(settings.concurrency(), n); w++) {
            workers.add(Thread.ofVirtual().start(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                for (int i = next.getAndIncrement(); i < n; i = next.getAndIncrement()) {
                    long t0 = System.nanoTime();
                    try {
                        results[i] = op.apply(i);
                    } catch (Throwable e) {
                        if (faultCount.incrementAndGet() <= 3) {
                            faults.add("operation " + i + " threw " + e);
                        }
                    } finally {
                        nanos[i] = System.nanoTime() - t0;
                    }
                }
            }));
        }
        long jvmBefore = cpuNanos(ProcessHandle.current());
        long anvilBefore = cpuNanos(anvilProcess(chain));
        long start = System.nanoTime();
        go.countDown();
        joinAll(workers);
        long wall = Math.max(1, System.nanoTime() - start);
        long jvmCpu = difference(cpuNanos(ProcessHandle.current()), jvmBefore);
        // -2: no anvil involved (printed "-"), -1: the operating system does not tell (printed "?")
        long anvilCpu = chain == null ? -2 : difference(cpuNanos(anvilProcess(chain)), anvilBefore);
        List<String> thrown = new ArrayList<>(faults);
        if (faultCount.get() > thrown.size()) {
            thrown.add((faultCount.get() - thrown.size()) + " more operations threw");
        }
        @SuppressWarnings("unchecked")
        List<T> answers = (List<T>) Collections.unmodifiableList(Arrays.asList(results));
        return new Measured<>(answers, new Latencies(nanos, wall), List.copyOf(thrown), jvmCpu, anvilCpu);
    }

    private static ProcessHandle anvilProcess(Chain chain) {
        return chain == null ? null : ProcessHandle.of(chain.anvil.pid()).orElse(null);
    }

    /** The CPU time a process has used so far (user + system), or -1 when unknown. */
    private static long cpuNanos(ProcessHandle process) {
        return process == null ? -1 : process.info().totalCpuDuration().map(Duration::toNanos).orElse(-1L);
    }

    private static long difference(long after, long before) {
        return after < 0 || before < 0 ? -1 : after - before;
    }

    private static void joinAll(List<Thread> threads) {
        for (Thread t : threads) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the callers", e);
            }
        }
    }

    private Row row(String run, String ledger, String keys, Measured<?> m, List<String> found) {
        problems.addAll(found);
        return new Row(run, ledger, keys, m.latencies(), settings.concurrency(), m.jvmCpuNanos(), m.anvilCpuNanos(),
                found.size());
    }

    /** One line of the throughput table. */
    private record Row(String run, String ledger, String keys, Latencies l, int concurrency, long jvmCpuNanos,
            long anvilCpuNanos, int failedChecks) {
        static final String HEADER = String.format("%-27s %-8s %4s %5s %4s %8s %7s %7s %7s %7s %7s %6s  %s", "run",
                "ledger", "keys", "n", "conc", "ops/s", "p50", "p95", "p99", "max", "jvm-cpu", "anvil", "check");

        void print(PrintStream out) {
            out.printf(Locale.ROOT, "%-27s %-8s %4s %5d %4d %8.1f %7.1f %7.1f %7.1f %7.1f %7s %6s  %s%n", run, ledger,
                    keys, l.count(), concurrency, l.perSecond(), l.percentileMillis(50), l.percentileMillis(95),
                    l.percentileMillis(99), l.maxMillis(), perOperation(jvmCpuNanos), perOperation(anvilCpuNanos),
                    failedChecks == 0 ? "ok" : "FAILED (" + failedChecks + ")");
        }

        /** CPU milliseconds per operation; "-" for no process, "?" when the operating system does not tell. */
        private String perOperation(long cpuNanos) {
            return cpuNanos == -2 ? "-" : cpuNanos < 0 ? "?" : String.format(Locale.ROOT, "%.2f", cpuNanos / 1e6 / l.count());
        }
    }

    /** One line of the storm table. */
    private record Storm(String ledger, int callers, int rounds, Latencies first, Latencies all, double sends,
            double calls, double receipts, int failedChecks) {
        static final String HEADER = String.format("%-8s %7s %6s %12s %26s %9s %8s %8s  %s", "ledger", "callers",
                "rounds", "first (med)", "all answered (min/med/max)", "sendRawTx", "eth_call", "receipts", "check");

        void print(PrintStream out) {
            out.printf(Locale.ROOT, "%-8s %7d %6d %12.1f %26s %9.1f %8.1f %8.1f  %s%n", ledger, callers, rounds,
                    first.percentileMillis(50),
                    String.format(Locale.ROOT, "%.1f / %.1f / %.1f", all.minMillis(), all.percentileMillis(50), all.maxMillis()),
                    sends, calls, receipts, failedChecks == 0 ? "ok" : "FAILED (" + failedChecks + ")");
        }
    }

    // ------------------------------------------------------------------------------------------ fixtures

    /** The first {@code count} facilitator keys: anvil dev accounts 9, 8, 7… */
    private static List<DevAccount> keys(int count) {
        List<DevAccount> keys = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            keys.add(DevAccount.anvilDefaults().get(FIRST_KEY - i));
        }
        return keys;
    }

    private static Scheme scheme(List<DevAccount> keys, String rpcUrl, TestUsdc usdc) {
        return EvmSchemes.exact(EvmNetworkConfig.of(CHAIN, URI.create(rpcUrl)).withAssets(List.of(Asset.eip712(
                        usdc.address(), usdc.symbol(), usdc.decimals(), usdc.name(), usdc.version()))),
                keys.stream().map(k -> EvmPrivateKeySigner.fromHex(k.privateKeyHex())).toList(), Clock.systemUTC(),
                NetworkRegistry.defaults());
    }

    private static Facilitator facilitator(Scheme scheme, SettlementStore ledger) {
        return Facilitator.builder().scheme(scheme).settlementStore(ledger).confirmTimeout(CONFIRM_TIMEOUT)
                .duplicateWait(CONFIRM_TIMEOUT.plusSeconds(10)).build();
    }

    /** {@code n} distinct payments from the payer to the payee, freshly signed, of 1000 to 1999 units each. */
    private List<FacilitatorRequest> payments(Chain chain, int n) {
        List<FacilitatorRequest> payments = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            ObjectNode extra = JsonNodeFactory.instance.objectNode();
            extra.put("name", "USD Coin");
            extra.put("version", "2");
            PaymentRequirements req = new PaymentRequirements("exact", CHAIN.toString(),
                    BigInteger.valueOf(1_000 + amounts.getAndIncrement() % 1_000), chain.usdc.address(), PAYEE.address(),
                    600, extra);
            payments.add(new FacilitatorRequest(2, payer.pay(req, RESOURCE, Instant.now()), req));
        }
        return payments;
    }

    private static String anvilVersion() {
        try {
            Process p = new ProcessBuilder(AnvilChain.findBinary().toString(), "--version").redirectErrorStream(true).start();
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line = r.readLine();
                p.waitFor();
                return line == null ? "anvil (version unknown)" : line.strip().replace("Version: ", "");
            }
        } catch (IOException e) {
            return "anvil (version unknown)";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "anvil (version unknown)";
        }
    }

    private static String loadAverage() {
        double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        return load < 0 ? "unknown" : String.format(Locale.ROOT, "%.2f over the last minute", load);
    }

    private static String randomHex(int bytes) {
        byte[] b = new byte[bytes];
        ThreadLocalRandom.current().nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    private static String abbreviate(TreeSet<Long> nonces) {
        return nonces.size() <= 6 ? nonces.toString() : "[" + nonces.first() + " … " + nonces.last() + "]";
    }
}

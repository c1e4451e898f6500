package dev.x402j.server.bench;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The sizes and targets of one run of {@link SettleBenchmark}, read from system properties ({@code -Dx402j.bench.…}). A
 * property that is absent or blank keeps its default, so the Maven profile can pass every one of them through
 * unconditionally. The defaults finish in about a minute on a two-core machine.
 *
 * @param payments measured settlements per settle run (each run: one ledger, one or several keys)
 * @param warmup the JVM's warm-up before any measurement, untimed but checked: this many verifications and settlements,
 *     twice as many ledger cycles on each ledger
 * @param runWarmup untimed (but checked) operations of the same kind right before each measurement: settlements,
 *     verifications, ten times as many ledger cycles
 * @param concurrency callers at once (closed loop: each starts its next operation when its previous one is answered)
 * @param keys facilitator keys in rotation in the second settle runs (anvil dev accounts 9, 8, 7…; at most 7)
 * @param verifications measured verifications
 * @param ledgerCycles measured claim + markSubmitted + markConfirmed cycles per ledger, without a chain
 * @param stormCallers callers settling the same payment at once in the duplicate-settle storm
 * @param stormRounds storms per ledger, each with a fresh payment
 * @param ledgers the ledgers measured, in this order
 * @param postgresUrl a JDBC URL of a PostgreSQL on which the benchmark may create and drop a database
 * @param redisUrl a Redis URL; the benchmark writes under a key prefix of its own and deletes it afterwards
 * @param poolSize connections in the PostgreSQL pool (the server's default is 10)
 */
record BenchSettings(
        int payments,
        int warmup,
        int runWarmup,
        int concurrency,
        int keys,
        int verifications,
        int ledgerCycles,
        int stormCallers,
        int stormRounds,
        List<Ledger> ledgers,
        String postgresUrl,
        String redisUrl,
        int poolSize) {

    static final String PREFIX = "x402j.bench.";
    /** Anvil dev accounts 0 (token owner), 1 (payer) and 2 (payee) are taken; 3 to 9 may be facilitator keys. */
    static final int MAX_KEYS = 7;

    /** A settlement ledger the benchmark can measure. */
    enum Ledger {
        MEMORY("memory"),
        POSTGRES("postgres"),
        REDIS("redis");

        final String label;

        Ledger(String label) {
            this.label = label;
        }

        static Ledger parse(String property, String value) {
            for (Ledger l : values()) {
                if (l.label.equals(value.strip().toLowerCase(Locale.ROOT))) {
                    return l;
                }
            }
            throw new IllegalArgumentException(property + " names an unknown ledger '" + value.strip()
                    + "' (known: memory, postgres, redis)");
        }
    }

    BenchSettings {
        ledgers = List.copyOf(ledgers);
    }

    /** The settings of this JVM's system properties. */
    static BenchSettings fromSystemProperties() {
        int concurrency = positive("concurrency", 16);
        int keys = positive("keys", 3);
        if (keys > MAX_KEYS) {
            throw new IllegalArgumentException(PREFIX + "keys must be at most " + MAX_KEYS + " (anvil has 10 dev accounts,"
                    + " 3 of them are the token owner, the payer and the payee), not " + keys);
        }
        return new BenchSettings(
                positive("payments", 300),
                atLeast("warmup", 400, 0),
                atLeast("run-warmup", 20, 0),
                concurrency,
                keys,
                positive("verifications", 500),
                positive("ledger-cycles", 2000),
                positive("storm-callers", concurrency),
                positive("storm-rounds", 5),
                chosenLedgers(),
                text("postgres-url", "jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres"),
                text("redis-url", "redis://127.0.0.1:6379/0"),
                positive("pool-size", 10));
    }

    /** One line per setting, for the report. */
    String describe() {
        List<String> parts = new ArrayList<>();
        parts.add("payments=" + payments);
        parts.add("warmup=" + warmup);
        parts.add("run-warmup=" + runWarmup);
        parts.add("concurrency=" + concurrency);
        parts.add("keys=" + keys);
        parts.add("verifications=" + verifications);
        parts.add("ledger-cycles=" + ledgerCycles);
        parts.add("storm-callers=" + stormCallers);
        parts.add("storm-rounds=" + stormRounds);
        parts.add("ledgers=" + String.join(",", ledgers.stream().map(l -> l.label).toList()));
        parts.add("pool-size=" + poolSize);
        return String.join(" ", parts);
    }

    private static String raw(String name) {
        String value = System.getProperty(PREFIX + name);
        return value == null || value.isBlank() ? null : value.strip();
    }

    private static String text(String name, String fallback) {
        String value = raw(name);
        return value == null ? fallback : value;
    }

    private static int positive(String name, int fallback) {
        return atLeast(name, fallback, 1);
    }

    private static int atLeast(String name, int fallback, int min) {
        String value = raw(name);
        if (value == null) {
            return fallback;
        }
        int parsed;
        try {
            parsed = Integer.parseInt(value.replace("_", ""));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(PREFIX + name + " must be a whole number, not '" + value + "'");
        }
        if (parsed < min) {
            throw new IllegalArgumentException(PREFIX + name + " must be at least " + min + ", not " + parsed);
        }
        return parsed;
    }

    private static List<Ledger> chosenLedgers() {
        String value = raw("ledgers");
        if (value == null) {
            return List.of(Ledger.values());
        }
        Set<Ledger> chosen = new LinkedHashSet<>();
        for (String part : value.split(",")) {
            if (!part.isBlank()) {
                chosen.add(Ledger.parse(PREFIX + "ledgers", part));
            }
        }
        if (chosen.isEmpty()) {
            throw new IllegalArgumentException(PREFIX + "ledgers names no ledger (known: memory, postgres, redis)");
        }
        return List.copyOf(chosen);
    }
}

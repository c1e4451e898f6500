package dev.x402j.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A local Solana JSON-RPC endpoint with real SVM execution: {@code testkit/solana-rpc/server.mjs}, a small Node
 * server over one in-process LiteSVM (real SPL Token, Token-2022, Associated Token Account and Memo programs),
 * started as a child process on {@code 127.0.0.1} with a free port.
 *
 * <p>Test infrastructure only. Typical use:
 * <pre>{@code
 * try (LiteSvmRpc solana = LiteSvmRpc.start()) {
 *     String usdc = solana.createMint(6);
 *     solana.mintTo(usdc, payerAddress, BigInteger.valueOf(1_000_000));
 *     solana.setSol(facilitatorAddress, 1_000_000_000L);
 *     ... point the Solana scheme at solana.rpcUrl(), settle, then check solana.tokenBalance(payTo, usdc)
 * }
 * }</pre>
 *
 * <p>It is not a validator: transactions execute synchronously inside {@code sendTransaction} and are final at
 * once, slots move only per landed transaction, and there is one blockhash at a time until
 * {@link #expireBlockhash()}. The header of {@code server.mjs} lists every difference.
 *
 * <p>The script is found in this order: system property {@value #SCRIPT_PROPERTY}, environment variable
 * {@value #SCRIPT_ENV} (the script or its directory), then {@code testkit/solana-rpc/server.mjs} in the working
 * directory or any parent. Its {@code node_modules} must be installed ({@code npm ci --prefix testkit/solana-rpc}).
 * The {@code node} executable is {@value #NODE_PROPERTY} / {@value #NODE_ENV} or {@code node} on the PATH.
 *
 * <p>{@link #close()} stops the process and its children; a JVM shutdown hook does the same for servers a test
 * forgot to close, and the server exits by itself when its stdin (held by this JVM) closes.
 */
public final class LiteSvmRpc implements AutoCloseable {

    /** System property naming {@code server.mjs} (or its directory). */
    public static final String SCRIPT_PROPERTY = "x402j.solanaRpc";
    /** Environment variable naming {@code server.mjs} (or its directory). */
    public static final String SCRIPT_ENV = "X402J_SOLANA_RPC";
    /** System property naming the node executable. */
    public static final String NODE_PROPERTY = "x402j.node";
    /** Environment variable naming the node executable. */
    public static final String NODE_ENV = "X402J_NODE";

    private static final Logger LOG = LoggerFactory.getLogger(LiteSvmRpc.class);
    private static final String SCRIPT_RELATIVE = "testkit/solana-rpc/server.mjs";
    private static final Duration DEFAULT_START_TIMEOUT = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process process;
    private final Path script;
    private final String rpcUrl;
    private final NodeRpc rpc;
    private final LocalProcess.Output output;
    private final Thread shutdownHook;
    private final AtomicBoolean closed = new AtomicBoolean();

    private LiteSvmRpc(Process process, Path script, String rpcUrl, LocalProcess.Output output) {
        this.process = process;
        this.script = script;
        this.rpcUrl = rpcUrl;
        this.output = output;
        this.rpc = new NodeRpc(rpcUrl);
        this.shutdownHook = new Thread(this::stopProcess, "solana-rpc-shutdown-" + process.pid());
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /** Starts the server on a free port and waits (up to 60 s) until it answers {@code getHealth}. */
    public static LiteSvmRpc start() {
        return start(DEFAULT_START_TIMEOUT);
    }

    /** Starts the server on a free port and waits until it answers {@code getHealth}. */
    public static LiteSvmRpc start(Duration startTimeout) {
        return start(startTimeout, null);
    }

    /**
     * Starts the server posing as the chain with this genesis hash (base58; its first 32 characters are the CAIP-2
     * reference), or as devnet when {@code genesisHash} is null, and waits until it answers {@code getHealth}.
     */
    public static LiteSvmRpc start(Duration startTimeout, String genesisHash) {
        Objects.requireNonNull(startTimeout, "startTimeout");
        Path script = findScript();
        Path dir = script.getParent();
        if (!Files.isRegularFile(dir.resolve("node_modules/litesvm/package.json"))) {
            throw new IllegalStateException("the npm packages of " + dir + " are not installed: run "
                    + "`npm ci --prefix testkit/solana-rpc` from the repository root");
        }
        List<String> command = new java.util.ArrayList<>(
                List.of(nodeExecutable(), script.toString(), "--port", "0", "--exit-on-stdin-eof"));
        if (genesisHash != null) {
            command.addAll(List.of("--genesis-hash", genesisHash));
        }
        Process process;
        try {
            process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + String.join(" ", command)
                    + " (is Node.js >= 20 installed? set -D" + NODE_PROPERTY + " or $" + NODE_ENV + ")", e);
        }
        LocalProcess.Output output = new LocalProcess.Output(process, "solana-rpc");
        long deadline = System.nanoTime() + startTimeout.toNanos();
        LiteSvmRpc rpc = null;
        try {
            String hostPort = output.awaitListening(process, startTimeout, command);
            rpc = new LiteSvmRpc(process, script, "http://" + hostPort, output);
            rpc.awaitHealthy(deadline);
            LOG.debug("solana-rpc pid {} ready at {}", process.pid(), rpc.rpcUrl);
            return rpc;
        } catch (RuntimeException | Error e) {
            if (rpc != null) {
                rpc.close();
            } else {
                LocalProcess.destroyTree(process);
            }
            throw e;
        }
    }

    private void awaitHealthy(long deadlineNanos) {
        RuntimeException last = null;
        while (System.nanoTime() < deadlineNanos) {
            if (!process.isAlive()) {
                throw new IllegalStateException("solana-rpc exited with code " + process.exitValue()
                        + " before answering getHealth. Output:\n" + output.tail());
            }
            try {
                String health = rpc("getHealth").asText();
                if ("ok".equals(health)) {
                    return;
                }
                last = new IllegalStateException("getHealth answered " + health);
            } catch (UncheckedIOException | NodeRpcException e) {
                last = e;
            }
            LocalProcess.sleep(50);
        }
        throw new IllegalStateException("solana-rpc did not answer getHealth in time at " + rpcUrl
                + (last == null ? "" : " (last error: " + last.getMessage() + ")") + ". Output:\n" + output.tail(), last);
    }

    /** The JSON-RPC endpoint, e.g. {@code http://127.0.0.1:41234}. */
    public String rpcUrl() {
        return rpcUrl;
    }

    /** The {@code server.mjs} this instance runs (its directory holds {@code selftest.mjs}). */
    public Path script() {
        return script;
    }

    /** The server's process id. */
    public long pid() {
        return process.pid();
    }

    /** Whether the server process is still running. */
    public boolean isAlive() {
        return process.isAlive();
    }

    /** The last lines the server printed (stdout and stderr), for diagnostics. */
    public String outputTail() {
        return output.tail();
    }

    // ------------------------------------------------------------------------------------------ JSON-RPC

    /**
     * Calls a JSON-RPC method with positional parameters and returns its {@code result}. Parameters are converted
     * with Jackson (strings, numbers, booleans, maps, lists, {@link JsonNode}s).
     *
     * @throws NodeRpcException     when the server answers with an error (code, message and {@code data})
     * @throws UncheckedIOException when the server cannot be reached
     */
    public JsonNode rpc(String method, Object... params) {
        return rpc.call(method, params);
    }

    // ------------------------------------------------------------------------------------------ helpers

    /** Creates an SPL Token mint (USDC-like: this server's faucet is mint and freeze authority); returns its address. */
    public String createMint(int decimals) {
        return createMint(decimals, null);
    }

    /**
     * Creates a mint under the given token program ({@code null} or {@code "spl-token"} for SPL Token,
     * {@code "spl-token-2022"} or the program id for Token-2022); returns its base58 address.
     */
    public String createMint(int decimals, String tokenProgram) {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("decimals", decimals);
        if (tokenProgram != null) {
            params.put("tokenProgram", tokenProgram);
        }
        return rpc("x402j_createMint", params).asText();
    }

    /**
     * Mints {@code amount} base units to the owner's associated token account, creating the account when missing
     * ({@code amount} 0 only creates it); returns the token account's address.
     */
    public String mintTo(String mint, String owner, BigInteger amount) {
        if (amount.signum() < 0) {
            throw new IllegalArgumentException("negative amount: " + amount);
        }
        return rpc("x402j_mintTo", Map.of("mint", mint, "owner", owner, "amount", amount.toString())).asText();
    }

    /** Sets the lamports of an account (created as a system account when missing). */
    public void setSol(String address, long lamports) {
        if (lamports < 0) {
            throw new IllegalArgumentException("negative lamports: " + lamports);
        }
        rpc("x402j_setSol", Map.of("address", address, "lamports", lamports));
    }

    /** Replaces the blockhash: the previous one becomes invalid at once. Returns the new blockhash. */
    public String expireBlockhash() {
        return rpc("x402j_expireBlockhash").path("blockhash").asText();
    }

    /** The current (only valid) blockhash. */
    public String latestBlockhash() {
        return rpc("getLatestBlockhash").path("value").path("blockhash").asText();
    }

    /** The current slot. */
    public long slot() {
        return rpc("getSlot").asLong();
    }

    /** Moves the clock to a later slot (expiring the blockhash when the slot passes its last valid height). */
    public long warpSlot(long slot) {
        return rpc("x402j_warpSlot", Map.of("slot", slot)).asLong();
    }

    /** The lamports of an account (0 when missing). */
    public long balance(String address) {
        return rpc("getBalance", address).path("value").asLong();
    }

    /** The owner's associated token account for a mint (derived; it may not exist). */
    public String associatedTokenAddress(String owner, String mint) {
        return rpc("x402j_associatedTokenAddress", Map.of("owner", owner, "mint", mint)).asText();
    }

    /** The token balance, in base units, of the owner's associated token account; 0 when that account is missing. */
    public BigInteger tokenBalance(String owner, String mint) {
        String ata = associatedTokenAddress(owner, mint);
        if (rpc("getAccountInfo", ata, Map.of("encoding", "base64")).path("value").isNull()) {
            return BigInteger.ZERO;
        }
        return new BigInteger(rpc("getTokenAccountBalance", ata).path("value").path("amount").asText());
    }

    // ------------------------------------------------------------------------------------------ lifecycle

    /** Stops the server and its child processes and waits for them to exit. Idempotent. */
    @Override
    public void close() {
        stopProcess();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or about to: nothing to remove
        }
        rpc.close();
    }

    private void stopProcess() {
        if (closed.compareAndSet(false, true)) {
            LocalProcess.destroyTree(process);
            LOG.debug("solana-rpc pid {} stopped", process.pid());
        }
    }


    // ------------------------------------------------------------------------------------------ lookup

    /**
     * Finds {@code server.mjs}: {@value #SCRIPT_PROPERTY}, {@value #SCRIPT_ENV} (the script or its directory),
     * then {@code testkit/solana-rpc/server.mjs} in the working directory or a parent.
     *
     * @throws IllegalStateException when none is found
     */
    public static Path findScript() {
        String configured = System.getProperty(SCRIPT_PROPERTY);
        String source = "system property " + SCRIPT_PROPERTY;
        if (configured == null || configured.isBlank()) {
            configured = System.getenv(SCRIPT_ENV);
            source = "environment variable " + SCRIPT_ENV;
        }
        if (configured != null && !configured.isBlank()) {
            Path path = Path.of(configured).toAbsolutePath();
            if (Files.isDirectory(path)) {
                path = path.resolve("server.mjs");
            }
            if (!Files.isRegularFile(path)) {
                throw new IllegalStateException(source + " points to " + path + ", which is not a file");
            }
            return path;
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path path = dir.resolve(SCRIPT_RELATIVE);
            if (Files.isRegularFile(path)) {
                return path;
            }
        }
        throw new IllegalStateException(SCRIPT_RELATIVE + " not found (looked at -D" + SCRIPT_PROPERTY + ", $"
                + SCRIPT_ENV + " and the directories above " + Path.of("").toAbsolutePath() + ")");
    }

    /** The node executable: {@value #NODE_PROPERTY}, {@value #NODE_ENV}, else {@code node} from the PATH. */
    public static String nodeExecutable() {
        String configured = System.getProperty(NODE_PROPERTY);
        if (configured == null || configured.isBlank()) {
            configured = System.getenv(NODE_ENV);
        }
        return configured == null || configured.isBlank() ? "node" : configured;
    }

}

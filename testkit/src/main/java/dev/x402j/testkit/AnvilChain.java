package dev.x402j.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real local EVM node: the {@code anvil} binary from Foundry, started as a child process on
 * {@code 127.0.0.1} with a free port, and a small JSON-RPC client to drive it.
 *
 * <p>Test infrastructure only. Typical use:
 * <pre>{@code
 * try (AnvilChain chain = AnvilChain.start(84532)) {
 *     TestUsdc usdc = TestUsdc.deploy(chain);
 *     ...
 * }
 * }</pre>
 *
 * <p>The binary is found in this order: system property {@value #BINARY_PROPERTY}, environment variable
 * {@value #BINARY_ENV}, {@code testkit/node/node_modules/...} in the working directory or any parent (after
 * {@code npm ci --prefix testkit/node}), then {@code anvil} on the {@code PATH}.
 *
 * <p>{@link #close()} stops the process and its children; a JVM shutdown hook does the same for chains a
 * test forgot to close. Anvil's output is drained continuously and its tail is quoted in start-up errors.
 */
public final class AnvilChain implements AutoCloseable {

    /** System property naming the anvil executable. */
    public static final String BINARY_PROPERTY = "x402j.anvil";
    /** Environment variable naming the anvil executable. */
    public static final String BINARY_ENV = "X402J_ANVIL";

    private static final Logger LOG = LoggerFactory.getLogger(AnvilChain.class);
    private static final Duration RECEIPT_TIMEOUT = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * How to start anvil.
     *
     * @param chainId          the chain id anvil reports ({@code --chain-id})
     * @param blockTimeSeconds 0 for automine (a block per transaction), otherwise {@code --block-time}
     * @param startTimeout     how long to wait for the node to answer {@code eth_chainId}
     * @param extraArgs        further anvil arguments, passed as given
     */
    public record Options(long chainId, long blockTimeSeconds, Duration startTimeout, List<String> extraArgs) {

        public Options {
            if (chainId <= 0) {
                throw new IllegalArgumentException("chainId must be positive: " + chainId);
            }
            if (blockTimeSeconds < 0) {
                throw new IllegalArgumentException("blockTimeSeconds must be >= 0: " + blockTimeSeconds);
            }
            Objects.requireNonNull(startTimeout, "startTimeout");
            extraArgs = List.copyOf(extraArgs);
        }

        /** Automine, a 60 s start timeout, no extra arguments. */
        public static Options chainId(long chainId) {
            return new Options(chainId, 0, Duration.ofSeconds(60), List.of());
        }

        public Options withBlockTime(long seconds) {
            return new Options(chainId, seconds, startTimeout, extraArgs);
        }

        public Options withStartTimeout(Duration timeout) {
            return new Options(chainId, blockTimeSeconds, timeout, extraArgs);
        }

        public Options withExtraArgs(String... args) {
            return new Options(chainId, blockTimeSeconds, startTimeout, List.of(args));
        }
    }

    private final Process process;
    private final long chainId;
    private final String rpcUrl;
    private final NodeRpc rpc;
    private final LocalProcess.Output output;
    private final Thread shutdownHook;
    private final AtomicBoolean closed = new AtomicBoolean();

    private AnvilChain(Process process, long chainId, String rpcUrl, LocalProcess.Output output) {
        this.process = process;
        this.chainId = chainId;
        this.rpcUrl = rpcUrl;
        this.output = output;
        this.rpc = new NodeRpc(rpcUrl);
        this.shutdownHook = new Thread(this::stopProcess, "anvil-shutdown-" + process.pid());
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /** Starts anvil in automine mode with the given chain id (84532 poses as Base Sepolia). */
    public static AnvilChain start(long chainId) {
        return start(Options.chainId(chainId));
    }

    /** Starts anvil with the given options and waits until it answers {@code eth_chainId}. */
    public static AnvilChain start(Options options) {
        Path binary = findBinary();
        List<String> command = new ArrayList<>(List.of(binary.toString(),
                "--host", "127.0.0.1", "--port", "0", "--chain-id", Long.toString(options.chainId())));
        if (options.blockTimeSeconds() > 0) {
            command.addAll(List.of("--block-time", Long.toString(options.blockTimeSeconds())));
        }
        command.addAll(options.extraArgs());

        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + String.join(" ", command), e);
        }
        LocalProcess.Output output = new LocalProcess.Output(process, "anvil");
        long deadline = System.nanoTime() + options.startTimeout().toNanos();
        AnvilChain chain = null;
        try {
            String hostPort = output.awaitListening(process, options.startTimeout(), command);
            chain = new AnvilChain(process, options.chainId(), "http://" + hostPort, output);
            chain.awaitReady(deadline);
            LOG.debug("anvil pid {} ready at {} (chain id {})", process.pid(), chain.rpcUrl, options.chainId());
            return chain;
        } catch (RuntimeException | Error e) {
            if (chain != null) {
                chain.close();
            } else {
                LocalProcess.destroyTree(process);
            }
            throw e;
        }
    }

    private void awaitReady(long deadlineNanos) {
        RuntimeException last = null;
        while (System.nanoTime() < deadlineNanos) {
            if (!process.isAlive()) {
                throw new IllegalStateException("anvil exited with code " + process.exitValue()
                        + " before answering eth_chainId. Output:\n" + output.tail());
            }
            try {
                long reported = quantity(rpc("eth_chainId")).longValueExact();
                if (reported != chainId) {
                    throw new IllegalStateException("anvil reports chain id " + reported + ", expected " + chainId);
                }
                return;
            } catch (UncheckedIOException | NodeRpcException e) {
                last = e;
                LocalProcess.sleep(50);
            }
        }
        throw new IllegalStateException("anvil at " + rpcUrl + " did not answer eth_chainId in time ("
                + (last == null ? "no attempt" : last.getMessage()) + "). Output:\n" + output.tail(), last);
    }

    // ------------------------------------------------------------------------------------------ accessors

    /** The HTTP JSON-RPC endpoint, e.g. {@code http://127.0.0.1:41234}. */
    public String rpcUrl() {
        return rpcUrl;
    }

    /** The chain id anvil was started with. */
    public long chainId() {
        return chainId;
    }

    /** The CAIP-2 id of this chain, e.g. {@code eip155:84532}. */
    public String caip2() {
        return "eip155:" + chainId;
    }

    /** The ten pre-funded, unlocked dev accounts (10000 ETH each at start). */
    public List<DevAccount> accounts() {
        return DevAccount.anvilDefaults();
    }

    /** The OS process id of anvil. */
    public long pid() {
        return process.pid();
    }

    /** Whether the anvil process is still running. */
    public boolean isAlive() {
        return process.isAlive();
    }

    /** The last lines anvil printed (stdout and stderr), for diagnostics. */
    public String outputTail() {
        return output.tail();
    }

    // ------------------------------------------------------------------------------------------ JSON-RPC

    /**
     * Calls a JSON-RPC method and returns its {@code result}. Parameters are converted with Jackson (strings,
     * numbers, booleans, maps, lists, {@link JsonNode}s).
     *
     * @throws NodeRpcException     when the node answers with an error (message, code and data included)
     * @throws UncheckedIOException when the node cannot be reached
     */
    public JsonNode rpc(String method, Object... params) {
        return rpc.call(method, params);
    }

    /** Mines one block now ({@code evm_mine}). */
    public void mine() {
        rpc("evm_mine");
    }

    /** Sets the timestamp of the next mined block ({@code evm_setNextBlockTimestamp}). */
    public void setNextBlockTimestamp(long epochSeconds) {
        rpc("evm_setNextBlockTimestamp", hex(BigInteger.valueOf(epochSeconds)));
    }

    /** Moves the chain clock forward by {@code seconds} for the next block ({@code evm_increaseTime}). */
    public void increaseTime(long seconds) {
        rpc("evm_increaseTime", hex(BigInteger.valueOf(seconds)));
    }

    /** Takes a snapshot of the whole chain state; returns its id for {@link #revert(String)}. */
    public String snapshot() {
        return rpc("evm_snapshot").asText();
    }

    /** Restores a snapshot (which is then consumed); returns whether anvil found it. */
    public boolean revert(String snapshotId) {
        return rpc("evm_revert", snapshotId).asBoolean();
    }

    /** Sets the native balance of an address, in wei ({@code anvil_setBalance}). */
    public void setBalance(String address, BigInteger wei) {
        rpc("anvil_setBalance", address, hex(wei));
    }

    /** The native balance of an address at the latest block, in wei. */
    public BigInteger balance(String address) {
        return quantity(rpc("eth_getBalance", address, "latest"));
    }

    /** The timestamp of the latest block, in epoch seconds. */
    public long blockTimestamp() {
        return quantity(rpc("eth_getBlockByNumber", "latest", false).get("timestamp")).longValueExact();
    }

    /** The latest block number. */
    public long blockNumber() {
        return quantity(rpc("eth_blockNumber")).longValueExact();
    }

    /** {@code eth_call} against the latest block; returns the 0x-hex return data. Reverts throw {@link NodeRpcException}. */
    public String call(String to, String data) {
        return rpc("eth_call", Map.of("to", to, "data", data), "latest").asText();
    }

    /**
     * Sends a transaction from an unlocked dev account ({@code eth_sendTransaction}) and returns its hash.
     * Without a {@code gas} field anvil estimates gas, so a transaction that would revert is refused with a
     * {@link NodeRpcException}; give {@code gas} to have it mined anyway (receipt status 0).
     */
    public String sendTransaction(Map<String, ?> transaction) {
        return rpc("eth_sendTransaction", transaction).asText();
    }

    /** Waits (up to 60 s) for the receipt of a transaction and returns it. */
    public JsonNode waitForReceipt(String txHash) {
        long deadline = System.nanoTime() + RECEIPT_TIMEOUT.toNanos();
        while (true) {
            JsonNode receipt = rpc("eth_getTransactionReceipt", txHash);
            if (receipt != null && !receipt.isNull()) {
                return receipt;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("no receipt for " + txHash + " after " + RECEIPT_TIMEOUT);
            }
            LocalProcess.sleep(50);
        }
    }

    /** Parses a JSON-RPC hex quantity ({@code "0x1a"}) into a BigInteger. */
    public static BigInteger quantity(JsonNode hexQuantity) {
        String text = Objects.requireNonNull(hexQuantity, "quantity").asText();
        if (!text.startsWith("0x")) {
            throw new IllegalArgumentException("not a hex quantity: " + text);
        }
        return text.length() == 2 ? BigInteger.ZERO : new BigInteger(text.substring(2), 16);
    }

    /** Formats a non-negative number as a JSON-RPC hex quantity. */
    public static String hex(BigInteger value) {
        if (value.signum() < 0) {
            throw new IllegalArgumentException("negative quantity: " + value);
        }
        return "0x" + value.toString(16);
    }

    // ------------------------------------------------------------------------------------------ lifecycle

    /** Stops anvil and its child processes and waits for them to exit. Idempotent. */
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
            LOG.debug("anvil pid {} stopped", process.pid());
        }
    }


    // ------------------------------------------------------------------------------------------ binary lookup

    /**
     * Finds the anvil executable: {@value #BINARY_PROPERTY}, {@value #BINARY_ENV}, {@code testkit/node/node_modules}
     * in the working directory or a parent, then the {@code PATH}.
     *
     * @throws IllegalStateException when none is found (the message says how to install it)
     */
    public static Path findBinary() {
        String configured = System.getProperty(BINARY_PROPERTY);
        String source = "system property " + BINARY_PROPERTY;
        if (configured == null || configured.isBlank()) {
            configured = System.getenv(BINARY_ENV);
            source = "environment variable " + BINARY_ENV;
        }
        if (configured != null && !configured.isBlank()) {
            Path path = Path.of(configured);
            if (!Files.isExecutable(path)) {
                throw new IllegalStateException(source + " points to " + path + ", which is not an executable file");
            }
            return path;
        }
        String exe = isWindows() ? "anvil.exe" : "anvil";
        List<String> candidates = List.of(
                "testkit/node/node_modules/@foundry-rs/anvil-" + platform() + "/bin/" + exe,
                "testkit/node/node_modules/.bin/" + (isWindows() ? "anvil.cmd" : "anvil"));
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            for (String candidate : candidates) {
                Path path = dir.resolve(candidate);
                if (Files.isRegularFile(path) && Files.isExecutable(path)) {
                    return path;
                }
            }
        }
        String pathVariable = System.getenv("PATH");
        if (pathVariable != null) {
            for (String entry : pathVariable.split(File.pathSeparator)) {
                if (entry.isBlank()) {
                    continue;
                }
                Path path = Path.of(entry, exe);
                if (Files.isRegularFile(path) && Files.isExecutable(path)) {
                    return path;
                }
            }
        }
        throw new IllegalStateException("anvil not found (looked at -D" + BINARY_PROPERTY + ", $" + BINARY_ENV
                + ", testkit/node/node_modules above " + Path.of("").toAbsolutePath() + ", and the PATH): "
                + "run `npm ci --prefix testkit/node` from the repository root");
    }

    /** The suffix of the npm platform package, e.g. {@code linux-amd64}. */
    static String platform() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        String npmOs = os.contains("win") ? "win32" : os.contains("mac") || os.contains("darwin") ? "darwin" : "linux";
        String npmArch = arch.equals("aarch64") || arch.equals("arm64") ? "arm64" : "amd64";
        return npmOs + "-" + npmArch;
    }

    private static boolean isWindows() {
        return System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("win");
    }

}

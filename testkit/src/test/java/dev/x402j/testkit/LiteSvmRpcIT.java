package dev.x402j.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Starts the LiteSVM-backed Solana JSON-RPC server (real SVM, real SPL programs). */
class LiteSvmRpcIT {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static LiteSvmRpc solana;

    @BeforeAll
    static void start() {
        solana = LiteSvmRpc.start();
    }

    @AfterAll
    static void stop() {
        if (solana != null) {
            solana.close();
        }
    }

    @Test
    void answersHealthAndVersion() {
        assertThat(solana.rpcUrl()).startsWith("http://127.0.0.1:");
        assertThat(solana.rpc("getHealth").asText()).isEqualTo("ok");
        assertThat(solana.rpc("getVersion").path("solana-core").asText()).contains("litesvm");
        assertThat(solana.slot()).isPositive();
    }

    @Test
    void mintsExactBalancesIntoAssociatedTokenAccounts() {
        String mint = solana.createMint(6);
        String owner = randomAddress();
        assertThat(solana.tokenBalance(owner, mint)).isZero();

        String ata = solana.mintTo(mint, owner, new BigInteger("1234567"));
        assertThat(ata).isEqualTo(solana.associatedTokenAddress(owner, mint));
        assertThat(solana.tokenBalance(owner, mint)).isEqualTo(new BigInteger("1234567"));
        solana.mintTo(mint, owner, BigInteger.valueOf(3));
        assertThat(solana.tokenBalance(owner, mint)).isEqualTo(new BigInteger("1234570"));

        JsonNode balance = solana.rpc("getTokenAccountBalance", ata).path("value");
        assertThat(balance.path("amount").asText()).isEqualTo("1234570");
        assertThat(balance.path("decimals").asInt()).isEqualTo(6);
        assertThat(balance.path("uiAmountString").asText()).isEqualTo("1.23457");

        JsonNode account = solana.rpc("getAccountInfo", ata, Map.of("encoding", "jsonParsed")).path("value");
        assertThat(account.path("owner").asText()).isEqualTo("TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA");
        JsonNode info = account.path("data").path("parsed").path("info");
        assertThat(account.path("data").path("parsed").path("type").asText()).isEqualTo("account");
        assertThat(info.path("owner").asText()).isEqualTo(owner);
        assertThat(info.path("mint").asText()).isEqualTo(mint);
        assertThat(info.path("tokenAmount").path("amount").asText()).isEqualTo("1234570");
    }

    @Test
    void mintIsUsdcLikeInJsonParsed() {
        String mint = solana.createMint(6);
        solana.mintTo(mint, randomAddress(), BigInteger.valueOf(42));

        JsonNode value = solana.rpc("getAccountInfo", mint, Map.of("encoding", "jsonParsed")).path("value");
        assertThat(value.path("data").path("program").asText()).isEqualTo("spl-token");
        assertThat(value.path("data").path("parsed").path("type").asText()).isEqualTo("mint");
        JsonNode info = value.path("data").path("parsed").path("info");
        assertThat(info.path("decimals").asInt()).isEqualTo(6);
        assertThat(info.path("supply").asText()).isEqualTo("42");
        assertThat(info.path("isInitialized").asBoolean()).isTrue();
        assertThat(value.path("space").asInt()).isEqualTo(82);

        JsonNode base64 = solana.rpc("getAccountInfo", mint, Map.of("encoding", "base64")).path("value");
        assertThat(base64.path("data").get(1).asText()).isEqualTo("base64");
        assertThat(java.util.Base64.getDecoder().decode(base64.path("data").get(0).asText())).hasSize(82);
    }

    @Test
    void token2022MintsWork() {
        String mint = solana.createMint(2, "spl-token-2022");
        String owner = randomAddress();
        solana.mintTo(mint, owner, BigInteger.valueOf(150));
        assertThat(solana.tokenBalance(owner, mint)).isEqualTo(BigInteger.valueOf(150));
        JsonNode value = solana.rpc("getAccountInfo", mint, Map.of("encoding", "jsonParsed")).path("value");
        assertThat(value.path("owner").asText()).isEqualTo("TokenzQdBNbLqP5VEhdkAS6EPFLC1PHnBqCXEpPxuEb");
        assertThat(value.path("data").path("program").asText()).isEqualTo("spl-token-2022");
    }

    @Test
    void expiredBlockhashIsInvalid() {
        String old = solana.rpc("getLatestBlockhash").path("value").path("blockhash").asText();
        assertThat(solana.rpc("isBlockhashValid", old).path("value").asBoolean()).isTrue();

        String fresh = solana.expireBlockhash();

        assertThat(fresh).isNotEqualTo(old).isEqualTo(solana.latestBlockhash());
        assertThat(solana.rpc("isBlockhashValid", old).path("value").asBoolean()).isFalse();
        assertThat(solana.rpc("isBlockhashValid", fresh).path("value").asBoolean()).isTrue();
    }

    @Test
    void setsLamportsAndWarpsSlots() {
        String address = randomAddress();
        assertThat(solana.balance(address)).isZero();
        solana.setSol(address, 1_500_000_000L);
        assertThat(solana.balance(address)).isEqualTo(1_500_000_000L);

        long slot = solana.slot();
        assertThat(solana.warpSlot(slot + 10)).isEqualTo(slot + 10);
        assertThat(solana.slot()).isEqualTo(slot + 10);
        assertThat(solana.rpc("getMinimumBalanceForRentExemption", 165).asLong()).isEqualTo(2_039_280L);
    }

    @Test
    void errorsCarryCodeMessageAndData() {
        assertThatThrownBy(() -> solana.rpc("no_such_method"))
                .isInstanceOfSatisfying(NodeRpcException.class, e -> assertThat(e.code()).isEqualTo(-32601));
        assertThatThrownBy(() -> solana.rpc("sendTransaction", "AQID", Map.of("encoding", "base64")))
                .isInstanceOfSatisfying(NodeRpcException.class, e -> assertThat(e.code()).isEqualTo(-32602));
        assertThatThrownBy(() -> solana.rpc("getBalance", "not-an-address"))
                .isInstanceOfSatisfying(NodeRpcException.class, e -> assertThat(e.code()).isEqualTo(-32602));
    }

    /** A real x402-style transfer built with @solana/kit: the checks live in selftest.mjs. */
    @Test
    void realPartiallySignedTransferPassesTheNodeSelfTest() throws Exception {
        Path dir = solana.script().getParent();
        Process process = new ProcessBuilder(LiteSvmRpc.nodeExecutable(), "selftest.mjs", solana.rpcUrl())
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .start();
        process.getOutputStream().close();
        String output;
        try (InputStream in = process.getInputStream()) {
            ByteArrayOutputStream buffer = new ByteArrayOutputStream();
            in.transferTo(buffer);
            output = buffer.toString(StandardCharsets.UTF_8);
        }
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).as("selftest finished").isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        assertThat(output)
                .contains("payee balance rose by exactly 10000")
                .contains("fee payer paid 5000 lamports x 2 signatures")
                .contains("resending the same tx -> -32002 AlreadyProcessed")
                .contains("a flipped signature bit -> -32003")
                .contains("an overdraft -> -32002 {\"InstructionError\":[2,{\"Custom\":1}]}")
                .contains("ALL CHECKS PASSED")
                .doesNotContain("FAILED");
    }

    @Test
    void closeReallyStopsTheProcess() throws Exception {
        LiteSvmRpc own = LiteSvmRpc.start();
        URI uri = URI.create(own.rpcUrl());
        assertThat(canConnect(uri)).isTrue();
        ProcessHandle handle = ProcessHandle.of(own.pid()).orElseThrow();

        own.close();
        own.close(); // idempotent

        assertThat(handle.isAlive()).isFalse();
        assertThat(own.isAlive()).isFalse();
        assertThat(canConnect(uri)).isFalse();
    }

    private static boolean canConnect(URI uri) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(uri.getHost(), uri.getPort()), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** A random 32-byte address in base58 (no key behind it: it only receives). */
    static String randomAddress() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return base58(bytes);
    }

    private static final String ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";

    static String base58(byte[] bytes) {
        StringBuilder out = new StringBuilder();
        BigInteger value = new BigInteger(1, bytes);
        BigInteger base = BigInteger.valueOf(58);
        while (value.signum() > 0) {
            BigInteger[] qr = value.divideAndRemainder(base);
            out.append(ALPHABET.charAt(qr[1].intValue()));
            value = qr[0];
        }
        for (int i = 0; i < bytes.length && bytes[i] == 0; i++) {
            out.append('1');
        }
        return out.reverse().toString();
    }

    @Test
    void posesAsAnotherChainWhenGivenAGenesisHash() {
        String hash = "Gg6i4WYERWQeDT35sy1D12SDRW57p1DhXyZ8nQ5bVcG2";
        try (LiteSvmRpc custom = LiteSvmRpc.start(java.time.Duration.ofSeconds(60), hash)) {
            org.assertj.core.api.Assertions.assertThat(custom.rpc("getGenesisHash").asText()).isEqualTo(hash);
        }
    }
}

package dev.x402j.server;

import dev.x402j.testkit.LiteSvmRpc;

import dev.x402j.core.Asset;
import dev.x402j.core.ChainId;
import dev.x402j.core.Network;
import dev.x402j.solana.SolanaPaymentSigner;
import dev.x402j.solana.SolanaPrivateKeySigner;
import io.micronaut.context.annotation.Requires;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.math.BigInteger;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Dev mode's Solana: the testkit's real-SVM JSON-RPC front (LiteSVM with the real SPL Token and Associated Token
 * Account programs) started with a genesis hash of its own, served as the custom network {@code solana-local}
 * ({@value #CAIP2}); a USDC-like SPL mint (6 decimals) created on it and registered as that network's USDC; a fee
 * payer (10 SOL), a demo payer (1 SOL and 1000 USDC) and a payee whose token account exists.
 *
 * <p>Like anvil's dev accounts, the three keys are public: each is the SHA-256 of {@code "x402j dev mode: solana
 * <role>"} used as an ed25519 seed, so the addresses are the same on every run and the keys hold value nowhere else.
 * The mint's address changes with every run. The process stops with the application.
 */
@Singleton
@Requires(condition = DevModeCondition.class)
public final class DevSolana implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(DevSolana.class);

    /** The name the local Solana is served under. */
    public static final String NETWORK_NAME = "solana-local";
    /** The local chain's genesis hash: base58 of SHA-256("x402j dev mode: solana-local"). */
    public static final String GENESIS_HASH = "Gg6i4WYERWQeDT35sy1D12SDRW57p1Dhtp3bDBjUk7m2";
    /** Its CAIP-2 id: {@code solana:} and the first 32 characters of the genesis hash. */
    public static final String CAIP2 = "solana:Gg6i4WYERWQeDT35sy1D12SDRW57p1Dh";
    /** The test USDC's decimals. */
    public static final int DECIMALS = 6;
    /** What the demo payer starts with: 1000 USDC in atomic units. */
    public static final BigInteger PAYER_FUNDS = BigInteger.valueOf(1_000_000_000L);

    private static final long LAMPORTS_PER_SOL = 1_000_000_000L;
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private final LiteSvmRpc rpc;
    private final String mint;
    private final Network network;
    private final SolanaPrivateKeySigner feePayer = SolanaPrivateKeySigner.fromBytes(seed("fee payer"));
    private final SolanaPaymentSigner payer = SolanaPaymentSigner.fromBytes(seed("payer"));
    private final String payee = SolanaPrivateKeySigner.fromBytes(seed("payee")).address();

    public DevSolana() {
        log.info("dev mode: starting a local Solana (LiteSVM) as {} = {}", NETWORK_NAME, CAIP2);
        this.rpc = LiteSvmRpc.start(START_TIMEOUT, GENESIS_HASH);
        try {
            this.mint = rpc.createMint(DECIMALS);
            rpc.setSol(feePayer.address(), 10 * LAMPORTS_PER_SOL);
            rpc.setSol(payer.address(), LAMPORTS_PER_SOL);
            rpc.mintTo(mint, payer.address(), PAYER_FUNDS);
            rpc.mintTo(mint, payee, BigInteger.ZERO); // the payee's token account exists
            this.network = Network.of(NETWORK_NAME, ChainId.parse(CAIP2), true, Asset.of(mint, "USDC", DECIMALS));
        } catch (RuntimeException e) {
            rpc.close();
            throw e;
        }
        log.info("dev mode: test USDC mint {} created on {}; demo payer {} funded", mint, NETWORK_NAME, payer.address());
    }

    /** The {@code solana-local} network, whose USDC is the test mint. */
    public Network network() {
        return network;
    }

    public URI rpcUrl() {
        return java.net.URI.create(rpc.rpcUrl());
    }

    /** The test USDC's mint address. */
    public String mint() {
        return mint;
    }

    /** The facilitator's fee payer: co-signs settlements and pays their fees. */
    public SolanaPrivateKeySigner feePayer() {
        return feePayer;
    }

    /** The demo payer, funded with 1000 test USDC. */
    public SolanaPaymentSigner payer() {
        return payer;
    }

    /** The demo payer's key as wallets and {@code SVM_PRIVATE_KEY} write it (base58 of the 64-byte keypair). */
    public String payerKey() {
        return Base58.keypair(seed("payer"), payer.address());
    }

    /** The recipient of sample payments. */
    public String payee() {
        return payee;
    }

    /** An owner's test-USDC balance in atomic units (0 without a token account). */
    public BigInteger tokenBalance(String owner) {
        return rpc.tokenBalance(owner, mint);
    }

    /** An account's SOL balance in lamports. */
    public long lamports(String address) {
        return rpc.balance(address);
    }

    @PreDestroy
    @Override
    public void close() {
        rpc.close();
        log.info("dev mode: local Solana stopped");
    }

    private static byte[] seed(String role) {
        try {
            return MessageDigest.getInstance("SHA-256")
                    .digest(("x402j dev mode: solana " + role).getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}

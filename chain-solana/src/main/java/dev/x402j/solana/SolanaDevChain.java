package dev.x402j.solana;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.x402j.core.Asset;
import dev.x402j.core.ChainId;
import dev.x402j.core.Facilitator;
import dev.x402j.core.Network;
import dev.x402j.core.family.DevChain;
import dev.x402j.core.family.RpcSource;
import dev.x402j.core.family.ServedFamily;
import dev.x402j.core.family.ServedNetwork;
import dev.x402j.core.model.PaymentPayload;
import dev.x402j.core.model.PaymentRequired;
import dev.x402j.core.model.PaymentRequirements;
import dev.x402j.core.model.ResourceInfo;
import dev.x402j.core.rpc.RpcOptions;
import dev.x402j.core.wire.X402Json;
import dev.x402j.testkit.LiteSvmRpc;
import java.math.BigInteger;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
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
 * The mint's address changes with every run. The testkit is an optional dependency of this module: only dev mode
 * loads this class.
 */
public final class SolanaDevChain implements DevChain {
    private static final Logger log = LoggerFactory.getLogger(SolanaDevChain.class);

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
    private static final ResourceInfo RESOURCE = new ResourceInfo(
            "http://localhost/dev/sample-resource", "x402j dev-mode sample payment", "application/json");

    private final LiteSvmRpc rpc;
    private final String mint;
    private final Network network;
    private final SolanaPrivateKeySigner feePayer = SolanaPrivateKeySigner.fromBytes(seed("fee payer"));
    private final SolanaPaymentSigner payer = SolanaPaymentSigner.fromBytes(seed("payer"));
    private final String payee = SolanaPrivateKeySigner.fromBytes(seed("payee")).address();
    private final ServedFamily served;

    private SolanaDevChain(LiteSvmRpc rpc, RpcOptions rpcOptions) {
        this.rpc = rpc;
        this.mint = rpc.createMint(DECIMALS);
        rpc.setSol(feePayer.address(), 10 * LAMPORTS_PER_SOL);
        rpc.setSol(payer.address(), LAMPORTS_PER_SOL);
        rpc.mintTo(mint, payer.address(), PAYER_FUNDS);
        rpc.mintTo(mint, payee, BigInteger.ZERO); // the payee's token account exists
        this.network = Network.of(NETWORK_NAME, ChainId.parse(CAIP2), true, Asset.of(mint, "USDC", DECIMALS));
        this.served = new SolanaServing(List.of(feePayer),
                List.of(new ServedNetwork(network, List.of(rpcUrl()), RpcSource.LOCAL)), rpcOptions);
    }

    /** Starts the local Solana, creates the test USDC and funds the parties. */
    public static SolanaDevChain start(RpcOptions rpcOptions) {
        log.info("dev mode: starting a local Solana (LiteSVM) as {} = {}", NETWORK_NAME, CAIP2);
        LiteSvmRpc rpc = LiteSvmRpc.start(START_TIMEOUT, GENESIS_HASH);
        try {
            SolanaDevChain dev = new SolanaDevChain(rpc, rpcOptions);
            log.info("dev mode: test USDC mint {} created on {}; demo payer {} funded", dev.mint, NETWORK_NAME,
                    dev.payer.address());
            return dev;
        } catch (RuntimeException e) {
            rpc.close();
            throw e;
        }
    }

    @Override
    public Network network() {
        return network;
    }

    @Override
    public ServedFamily served() {
        return served;
    }

    @Override
    public BigInteger payerFunds() {
        return PAYER_FUNDS;
    }

    public URI rpcUrl() {
        return URI.create(rpc.rpcUrl());
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
        return SolanaKeys.keypair(seed("payer"));
    }

    /** The recipient of sample payments. */
    @Override
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

    /**
     * The requirements are completed by the facilitator's {@code accepts}, as a resource server's 402 would be: fee
     * payer, decimals, token program, a recent blockhash.
     */
    @Override
    public SamplePayment samplePayment(BigInteger amount, Facilitator facilitator, Clock clock) {
        PaymentRequirements offer = new PaymentRequirements(
                "exact", network.chainId().toString(), amount, mint, payee, 300, null);
        List<PaymentRequirements> served = facilitator.accepts(PaymentRequired.of(RESOURCE, List.of(offer), null)).accepts();
        PaymentRequirements requirements = served.get(0);
        PaymentPayload payload = payer.pay(requirements, RESOURCE);
        return new SamplePayment(payload, requirements);
    }

    @Override
    public ObjectNode balances() {
        ObjectNode sol = X402Json.mapper().createObjectNode();
        sol.put("network", network.chainId().toString());
        sol.put("token", mint);
        sol.put("decimals", DECIMALS);
        sol.set("payer", balance(payer.address()));
        sol.set("payee", balance(payee));
        sol.set("feePayer", balance(feePayer.address()));
        return sol;
    }

    private ObjectNode balance(String address) {
        ObjectNode o = X402Json.mapper().createObjectNode();
        o.put("address", address);
        o.put("balance", tokenBalance(address).toString());
        o.put("lamports", lamports(address));
        return o;
    }

    @Override
    public String banner(String facilitator) {
        return """
                Solana
                  network          %1$s = %2$s (LiteSVM at %3$s)
                  token            USDC mint %4$s (%5$d decimals)
                  fee payer        %6$s (pays the fees)
                  demo payer       %7$s (holds 1 SOL and 1000 USDC)
                                   key %8$s: x402j's public dev key, known to everyone; never send real funds to it
                  payee            %9$s
                """.formatted(network.name(), network.chainId(), rpcUrl(), mint, DECIMALS, feePayer.address(),
                payer.address(), payerKey(), payee);
    }

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

package dev.x402j.solana;

import static dev.x402j.solana.SolanaFixtures.DEVNET;

import com.fasterxml.jackson.databind.JsonNode;
import dev.x402j.core.Asset;
import dev.x402j.core.ChainId;
import dev.x402j.core.ErrorReason;
import dev.x402j.core.NetworkRegistry;
import dev.x402j.core.Scheme;
import dev.x402j.core.SchemeContract;
import dev.x402j.core.model.PaymentPayload;
import dev.x402j.core.model.PaymentRequirements;
import dev.x402j.core.model.ResourceInfo;
import dev.x402j.core.rpc.RpcOptions;
import dev.x402j.testkit.JsonRpcProxy;
import dev.x402j.testkit.LiteSvmRpc;
import java.math.BigInteger;
import java.net.URI;
import java.time.Clock;
import java.util.List;

/**
 * The scheme contract ({@link SchemeContract}) for the Solana exact scheme, on the real SVM: LiteSVM with the real SPL
 * Token and Associated Token Account programs behind Solana JSON-RPC ({@link LiteSvmRpc}), posing as devnet. The
 * facilitator's {@code accepts} fills the fee payer, decimals, token program and blockhash the payer signs with.
 *
 * <p>What differs from a validator (see testkit/solana-rpc/server.mjs): a transaction is final when
 * {@code sendTransaction} returns, and there is one valid blockhash until it is expired on purpose.
 */
class SolanaSchemeContractIT extends SchemeContract {
    private static final BigInteger AMOUNT = BigInteger.valueOf(15_000);

    private final SolanaPrivateKeySigner feePayer = SolanaFixtures.randomSigner();
    private final SolanaPaymentSigner payer = SolanaFixtures.randomPayer();
    private final String merchant = SolanaFixtures.randomAddress();
    private LiteSvmRpc solana;
    private String usdc;

    @Override
    protected void startChain() {
        solana = LiteSvmRpc.start();
        usdc = solana.createMint(6);
        solana.setSol(feePayer.address(), 1_000_000_000L);
        solana.mintTo(usdc, payer.address(), BigInteger.valueOf(100_000_000));
        solana.mintTo(usdc, merchant, BigInteger.ZERO); // the merchant's associated token account exists
    }

    @Override
    protected void stopChain() {
        if (solana != null) {
            solana.close();
        }
    }

    @Override
    protected String rpcUrl() {
        return solana.rpcUrl();
    }

    @Override
    protected Scheme scheme(List<URI> rpcUrls, RpcOptions rpcOptions) {
        return SolanaSchemes.exact(SolanaNetworkConfig.of(DEVNET, rpcUrls).withRpcOptions(rpcOptions)
                        .withAssets(List.of(Asset.of(usdc, "USDC", 6))), feePayer,
                Clock.systemUTC(), NetworkRegistry.defaults());
    }

    @Override
    protected PaymentRequirements offer() {
        return new PaymentRequirements("exact", DEVNET.toString(), AMOUNT, usdc, merchant, 60, null);
    }

    @Override
    protected PaymentPayload pay(PaymentRequirements accepted, ResourceInfo resource) {
        return payer.pay(accepted, resource);
    }

    @Override
    protected String payer() {
        return payer.address();
    }

    @Override
    protected BigInteger tokenBalance(String owner) {
        return solana.tokenBalance(owner, usdc);
    }

    @Override
    protected boolean succeededOnChain(String transaction) {
        JsonNode status = solana.rpc("getSignatureStatuses", List.of(transaction)).path("value").path(0);
        return status.isObject() && status.path("err").isNull();
    }

    @Override
    protected String broadcastMethod() {
        return "sendTransaction";
    }

    @Override
    protected ChainId network() {
        return DEVNET;
    }

    @Override
    protected String v1Network() {
        return "solana-devnet";
    }

    @Override
    protected List<String> signerAddresses() {
        return List.of(feePayer.address());
    }

    @Override
    protected ErrorReason replayReason() {
        return ErrorReason.DUPLICATE_SETTLEMENT;
    }

    @Override
    protected RpcTap tap(String upstreamUrl, String... loseAnswersTo) {
        JsonRpcProxy proxy = JsonRpcProxy.start(upstreamUrl).loseAnswersTo(loseAnswersTo);
        return new RpcTap(proxy.url(), proxy::count, proxy);
    }
}

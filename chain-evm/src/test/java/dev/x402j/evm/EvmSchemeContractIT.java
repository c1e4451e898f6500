package dev.x402j.evm;

import static dev.x402j.evm.EvmFixtures.FACILITATOR;
import static dev.x402j.evm.EvmFixtures.MERCHANT;
import static dev.x402j.evm.EvmFixtures.PAYER;

import dev.x402j.core.ChainId;
import dev.x402j.core.ErrorReason;
import dev.x402j.core.NetworkRegistry;
import dev.x402j.core.Scheme;
import dev.x402j.core.SchemeContract;
import dev.x402j.core.model.PaymentPayload;
import dev.x402j.core.model.PaymentRequirements;
import dev.x402j.core.model.ResourceInfo;
import dev.x402j.core.rpc.RpcOptions;
import dev.x402j.testkit.AnvilChain;
import dev.x402j.testkit.JsonRpcProxy;
import dev.x402j.testkit.TestUsdc;
import java.math.BigInteger;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.List;

/**
 * The scheme contract ({@link SchemeContract}) for the EVM exact scheme, on a real anvil node posing as Base Sepolia
 * with the USDC-like TestUSDC token (EIP-3009). The offer leaves {@code extra} out: the scheme reads the token's
 * EIP-712 name and version from the chain.
 */
class EvmSchemeContractIT extends SchemeContract {
    private static final ChainId BASE_SEPOLIA = ChainId.eip155(84532);
    private static final BigInteger AMOUNT = BigInteger.valueOf(20_000);

    private final EvmPaymentSigner payer = EvmPaymentSigner.fromHex(PAYER.privateKeyHex());
    private AnvilChain chain;
    private TestUsdc usdc;

    @Override
    protected void startChain() {
        chain = AnvilChain.start(BASE_SEPOLIA.evmChainId().orElseThrow());
        usdc = TestUsdc.deploy(chain);
        usdc.mint(PAYER.address(), BigInteger.valueOf(100_000_000));
    }

    @Override
    protected void stopChain() {
        if (chain != null) {
            chain.close();
        }
    }

    @Override
    protected String rpcUrl() {
        return chain.rpcUrl();
    }

    @Override
    protected Scheme scheme(List<URI> rpcUrls, RpcOptions rpcOptions) {
        return EvmSchemes.exact(EvmNetworkConfig.of(BASE_SEPOLIA, rpcUrls).withRpcOptions(rpcOptions).withAssets(EvmFixtures.assets(usdc)),
                EvmPrivateKeySigner.fromHex(FACILITATOR.privateKeyHex()), Clock.systemUTC(), NetworkRegistry.defaults());
    }

    @Override
    protected PaymentRequirements offer() {
        return new PaymentRequirements("exact", BASE_SEPOLIA.toString(), AMOUNT, usdc.address(), MERCHANT.address(), 60,
                null);
    }

    @Override
    protected PaymentPayload pay(PaymentRequirements accepted, ResourceInfo resource) {
        return payer.pay(accepted, resource, Instant.now());
    }

    @Override
    protected String payer() {
        return PAYER.address();
    }

    @Override
    protected BigInteger tokenBalance(String owner) {
        return usdc.balanceOf(owner);
    }

    @Override
    protected boolean succeededOnChain(String transaction) {
        return "0x1".equals(chain.rpc("eth_getTransactionReceipt", transaction).path("status").asText());
    }

    @Override
    protected String broadcastMethod() {
        return "eth_sendRawTransaction";
    }

    @Override
    protected ChainId network() {
        return BASE_SEPOLIA;
    }

    @Override
    protected String v1Network() {
        return "base-sepolia";
    }

    @Override
    protected List<String> signerAddresses() {
        return List.of(FACILITATOR.address());
    }

    @Override
    protected ErrorReason replayReason() {
        return EvmReasons.INVALID_EXACT_EVM_NONCE_ALREADY_USED;
    }

    @Override
    protected RpcTap tap(String upstreamUrl, String... loseAnswersTo) {
        JsonRpcProxy proxy = JsonRpcProxy.start(upstreamUrl).loseAnswersTo(loseAnswersTo);
        return new RpcTap(proxy.url(), proxy::count, proxy);
    }
}

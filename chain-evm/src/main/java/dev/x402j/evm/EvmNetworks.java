/*
 * Where the facts of this catalogue were checked (names, CAIP-2 ids, USDC address, decimals, EIP-712 name/version):
 *
 *  - coinbase/x402 (x402-foundation/x402):
 *      typescript/packages/mechanisms/evm/src/shared/defaultAssets.ts   (v2 default stablecoins: base, base-sepolia,
 *                                                                        polygon, arbitrum, arbitrum-sepolia, monad)
 *      typescript/packages/mechanisms/evm/src/v1/index.ts               (v1 EVM names -> chain ids)
 *      go/mechanisms/evm/constants.go, go/mechanisms/evm/v1/network.go  (same data, Go SDK)
 *      python/x402/mechanisms/evm/v1/constants.py                       (ethereum USDC; its chain ids for sei-testnet,
 *                                                                        story, educhain, skale-base-sepolia disagree
 *                                                                        with TS and Go, which we follow)
 *      the TS exact server scheme before commit 4c9a772a (#799)          (eip155:1 and eip155:11155111 USDC)
 *      typescript/packages/legacy/x402/src/types/shared/evm/config.ts   (v1 USDC addresses and EIP-712 names)
 *      typescript/packages/legacy/x402/src/shared/middleware.ts         (v1 EIP-712 version is always "2")
 *      typescript/packages/legacy/x402/src/types/shared/network.ts      (v1 NetworkSchema)
 *      typescript/packages/mechanisms/svm/src/constants.ts              (Solana CAIP-2 ids, USDC mints)
 *      typescript/packages/mechanisms/aptos/src/constants.ts            (aptos:1 / aptos:2, USDC FA addresses)
 *  - x402-rs/x402-rs: crates/chains/x402-chain-{eip155,solana,aptos}/src/networks.rs, crates/x402-types/src/networks.rs
 *  - UltravioletaDAO/x402-rs: src/network.rs (optimism, optimism-sepolia USDC), config/supported_tokens.json (Sui USDC)
 *  - NethermindEth/x402-starknet 1.0.0 (used by daydreamsai/facilitator): dist/tokens (Starknet mainnet USDC;
 *    "USDC not available on sepolia"); daydreamsai/facilitator packages/core/src/networks.ts (Starknet CAIP-2 ids)
 *  - s402-protocol/core docs/faq.md (Sui mainnet USDC coin type)
 *
 * Lower-case EVM addresses in a source (abstract, iotex) are written here in their EIP-55 checksummed form.
 */
package dev.x402j.evm;

import dev.x402j.core.Asset;
import dev.x402j.core.ChainId;
import dev.x402j.core.Network;
import java.util.List;

/**
 * The EVM networks x402j knows and their USDC. Names are the x402 v1 names (the friendly names users type); ids are
 * CAIP-2 ({@code eip155:<chain id>}), as x402 v2 puts them on the wire. A chain that is not here (a local anvil, a new
 * L2) is added at run time with {@code NetworkRegistry.with(Network)}, or served by the server as a custom network
 * named by its CAIP-2 id.
 */
public final class EvmNetworks {
    private EvmNetworks() {}

    private static final String USDC = "USDC";
    private static final int USDC_DECIMALS = 6;

    /** The catalogue, in a stable order. */
    public static List<Network> all() {
        return List.of(
                // --- EVM: networks the brief names and the official SDK knows ---
                evm("base", 8453, false, "0x833589fCD6eDb6E08f4c7C32D4f71b54bdA02913", "USD Coin"),
                evm("base-sepolia", 84532, true, "0x036CbD53842c5426634e7929541eC2318f3dCF7e", "USDC"),
                evm("ethereum", 1, false, "0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB48", "USD Coin"),
                evm("sepolia", 11155111, true, "0x1c7D4B196Cb0C7B01d743Fbc6116a902379C7238", "USDC"),
                // optimism: not in the official SDK; from UltravioletaDAO/x402-rs (chain ids also in daydreams).
                evm("optimism", 10, false, "0x0b2C639c533813f4Aa9D7837CAf62653d097Ff85", "USD Coin"),
                evm("optimism-sepolia", 11155420, true, "0x5fd84259d66Cd46123540766Be93DFE6D43130D7", "USDC"),
                evm("arbitrum", 42161, false, "0xaf88d065e77c8cC2239327C5EDb3A432268e5831", "USD Coin"),
                evm("arbitrum-sepolia", 421614, true, "0x75faf114eafb1BDbe2F0316DF893fd58CE46AA4d", "USD Coin"),
                evm("polygon", 137, false, "0x3c499c542cEF5E3811e1192ce70d8cC03d5c3359", "USD Coin"),
                evm("polygon-amoy", 80002, true, "0x41E94Eb019C0762f9Bfcf9Fb1E58725BfB0e7582", "USDC"),
                evm("avalanche", 43114, false, "0xB97EF9Ef8734C71904D8002F8b6Bc66Dd9c48a6E", "USD Coin"),
                evm("avalanche-fuji", 43113, true, "0x5425890298aed601595a70AB815c96711a31Bc65", "USD Coin"),
                evm("abstract", 2741, false, "0x84A71ccD554Cc1b02749b35d22F684CC8ec987e1", "Bridged USDC"),
                evm("abstract-testnet", 11124, true, "0xe4C7fBB0a626ed208021ccabA6Be1566905E2dFc", "Bridged USDC"),
                // --- EVM: further networks of the official SDK's v1 name list ---
                evm("sei", 1329, false, "0xe15fC38F6D8c56aF07bbCBe3BAf5708A2Bf42392", "USDC"),
                evm("sei-testnet", 1328, true, "0x4fCF1784B31630811181f670Aea7A7bEF803eaED", "USDC"),
                evm("iotex", 4689, false, "0xcDf79194C6C285077A58da47641D4dBe51F63542", "Bridged USDC"),
                evm("peaq", 3338, false, "0xbbA60da06c2c5424f03f7434542280FCAd453d10", "USDC"),
                evm("story", 1514, false, "0xF1815bd50389c46847f0Bda824eC8da914045D14", "Bridged USDC"),
                evm("educhain", 41923, false, "0x12a272A581feE5577A5dFa371afEB4b2F3a8C2F8", "Bridged USDC (Stargate)"),
                evm("skale-base-sepolia", 324705682, true, "0x2e08028E3C4c2356572E096d8EF835cD5C6030bD",
                        "Bridged USDC (SKALE Bridge)"),
                evm("monad", 143, false, "0x754704Bc059F8C67012fEd69BC8A327a5aafb603", "USD Coin"),
                // The official SDK's default stablecoin here is not USDC (MegaUSD, USDT0): no USDC entry.
                Network.withoutUsdc("megaeth", ChainId.eip155(4326), false),
                Network.withoutUsdc("stable", ChainId.eip155(988), false),
                Network.withoutUsdc("stable-testnet", ChainId.eip155(2201), true));
    }

    /** USDC on EVM: 6 decimals, EIP-712 version "2" everywhere; the domain name varies per deployment. */
    private static Network evm(String name, long chainId, boolean testnet, String usdcAddress, String eip712Name) {
        return Network.of(name, ChainId.eip155(chainId), testnet,
                Asset.eip712(usdcAddress, USDC, USDC_DECIMALS, eip712Name, "2"));
    }
}

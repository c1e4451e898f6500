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
package dev.x402j.core;

import dev.x402j.core.family.ChainFamilies;
import dev.x402j.core.family.ChainFamily;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * x402j's catalogue of well-known networks and their USDC — the networks each chain family on the class path
 * contributes — with static lookups over {@link NetworkRegistry#defaults()}. Names are the x402 v1 names (the friendly names users type); ids are CAIP-2,
 * as x402 v2 puts them on the wire. Chains that are not here (a local anvil, a new L2) are added at run time with
 * {@link NetworkRegistry#with(Network)}.
 */
public final class Networks {

    private Networks() {
    }

    private static final String USDC = "USDC";
    private static final int USDC_DECIMALS = 6;

    /**
     * The catalogue: the networks of every chain family on the class path ({@link ChainFamilies#onClassPath()}), then
     * the {@linkplain #awaitingTheirFamily() networks awaiting their family} whose namespace no family on the class
     * path claims.
     */
    static List<Network> catalogue() {
        List<ChainFamily> families = ChainFamilies.onClassPath();
        Set<String> claimed = families.stream().map(ChainFamily::namespace).collect(Collectors.toSet());
        List<Network> all = new ArrayList<>();
        families.forEach(f -> all.addAll(f.networks()));
        awaitingTheirFamily().stream().filter(n -> !claimed.contains(n.chainId().namespace())).forEach(all::add);
        return all;
    }

    /**
     * The well-known networks of the families x402j does not implement yet (Starknet, Sui, Aptos), checked against the
     * sources above, so that prices and offers can name them. Each list moves into its family's module when that
     * module lands (chain-sui, chain-aptos, chain-starknet), which then owns it; until then core keeps it here.
     */
    static List<Network> awaitingTheirFamily() {
        return List.of(
                // --- Starknet ---
                Network.of("starknet", new ChainId("starknet", "SN_MAIN"), false,
                        Asset.of("0x033068F6539f8e6e6b131e6B2B814e6c34A5224bC66947c47DaB9dFeE93b35fb", USDC,
                                USDC_DECIMALS)),
                Network.withoutUsdc("starknet-sepolia", new ChainId("starknet", "SN_SEPOLIA"), true),

                // --- Sui (asset = coin type) ---
                Network.of("sui", new ChainId("sui", "mainnet"), false, Asset.of(
                        "0xdba34672e30cb065b1f93e3ab55318768fd6fef66c15942c9f7cb846e2f900e7::usdc::USDC", USDC,
                        USDC_DECIMALS)),
                Network.of("sui-testnet", new ChainId("sui", "testnet"), true, Asset.of(
                        "0xa1ec7fc00a6f40db9693ad1415d0c193ad3906494428cf252621037bd7117e29::usdc::USDC", USDC,
                        USDC_DECIMALS)),

                // --- Aptos (asset = fungible-asset metadata address) ---
                Network.of("aptos", new ChainId("aptos", "1"), false, Asset.of(
                        "0xbae207659db88bea0cbead6da0ed00aac12edcdda169e591cd41c94180b46f3b", USDC, USDC_DECIMALS)),
                Network.of("aptos-testnet", new ChainId("aptos", "2"), true, Asset.of(
                        "0x69091fbab5f7d635ee7ac5098cf0c1efbe31d68fec0f2cd565e8d168daf52832", USDC, USDC_DECIMALS)));
    }

    /** All catalogued networks. */
    public static List<Network> all() {
        return NetworkRegistry.defaults().all();
    }

    /** The network of this friendly (v1) name, case-insensitively. */
    public static Optional<Network> byName(String name) {
        return NetworkRegistry.defaults().byName(name);
    }

    public static Optional<Network> byChainId(ChainId chainId) {
        return NetworkRegistry.defaults().byChainId(chainId);
    }

    /** By friendly name (case-insensitive) or CAIP-2 id. */
    public static Optional<Network> resolve(String nameOrCaip2) {
        return NetworkRegistry.defaults().resolve(nameOrCaip2);
    }

    /** @see NetworkRegistry#chainIdOf(String) */
    public static ChainId chainIdOf(String nameOrCaip2) {
        return NetworkRegistry.defaults().chainIdOf(nameOrCaip2);
    }

    /** @see NetworkRegistry#v1Name(ChainId) */
    public static String v1Name(ChainId chainId) {
        return NetworkRegistry.defaults().v1Name(chainId);
    }
}

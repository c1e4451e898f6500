package dev.x402j.core;

/**
 * A token on one network, as x402 payment requirements name it in {@code asset}.
 *
 * @param address       how the chain identifies the token: an EVM contract address (EIP-55 checksummed where known),
 *                      a Solana mint, a Sui coin type ({@code 0x…::usdc::USDC}), an Aptos fungible-asset metadata
 *                      address, a Starknet contract address
 * @param symbol        display symbol, e.g. {@code USDC}
 * @param decimals      number of decimals of the atomic unit, 0 to 36 (USDC: 6)
 * @param eip712Name    EVM only: the {@code name} of the token's EIP-712 domain, exactly as the contract uses it
 *                      (it differs between deployments: Base's USDC is {@code "USD Coin"}, Base Sepolia's is
 *                      {@code "USDC"}); {@code null} for non-EVM assets and EVM tokens without an EIP-712 domain
 * @param eip712Version EVM only: the {@code version} of that EIP-712 domain (USDC: {@code "2"}); {@code null}
 *                      exactly when {@code eip712Name} is
 */
public record Asset(String address, String symbol, int decimals, String eip712Name, String eip712Version) {

    public static final int MAX_DECIMALS = 36;

    public Asset {
        if (address == null || address.isBlank()) {
            throw new IllegalArgumentException("asset address must not be blank");
        }
        if (symbol == null || symbol.isBlank()) {
            throw new IllegalArgumentException("asset symbol must not be blank (asset " + address + ")");
        }
        if (decimals < 0 || decimals > MAX_DECIMALS) {
            throw new IllegalArgumentException("asset decimals must be 0.." + MAX_DECIMALS + ", got " + decimals
                    + " (asset " + address + ")");
        }
        if ((eip712Name == null) != (eip712Version == null)) {
            throw new IllegalArgumentException("asset " + address
                    + ": EIP-712 name and version must both be given or both be null");
        }
        if (eip712Name != null && (eip712Name.isBlank() || eip712Version.isBlank())) {
            throw new IllegalArgumentException("asset " + address + ": EIP-712 name and version must not be blank");
        }
    }

    /** An asset without an EIP-712 domain (Solana, Sui, Aptos, Starknet, or an EVM token that has none). */
    public static Asset of(String address, String symbol, int decimals) {
        return new Asset(address, symbol, decimals, null, null);
    }

    /** An EVM token with an EIP-712 domain (EIP-3009 / EIP-2612 tokens such as USDC). */
    public static Asset eip712(String address, String symbol, int decimals, String eip712Name, String eip712Version) {
        if (eip712Name == null || eip712Version == null) {
            throw new IllegalArgumentException("asset " + address + ": EIP-712 name and version are required here");
        }
        return new Asset(address, symbol, decimals, eip712Name, eip712Version);
    }

    /** Whether the asset has an EIP-712 domain (name and version). */
    public boolean hasEip712Domain() {
        return eip712Name != null;
    }
}

package dev.x402j.evm.internal;

import java.math.BigInteger;

final class EvmTestData {
    private EvmTestData() {}

    /** Calldata of transferWithAuthorization shape: 4 + 9 × 32 bytes. */
    static byte[] longCalldata() {
        byte[][] words = new byte[9][];
        for (int i = 0; i < 9; i++) {
            words[i] = Abi.uint256(BigInteger.valueOf(1000L * i + 1));
        }
        return Abi.call("transferWithAuthorization(address,address,uint256,uint256,uint256,bytes32,uint8,bytes32,bytes32)",
                words);
    }
}

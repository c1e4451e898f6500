package dev.x402j.evm;

import dev.x402j.evm.internal.Abi;
import dev.x402j.evm.internal.Hex;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.Optional;
import java.util.function.IntFunction;

/** The settlement's call, EIP-3009 {@code transferWithAuthorization}: its calldata, and the authorization in it. */
final class TransferCall {
    static final String TRANSFER_WITH_AUTHORIZATION =
            "transferWithAuthorization(address,address,uint256,uint256,uint256,bytes32,uint8,bytes32,bytes32)";

    private TransferCall() {}

    /**
     * {@code transferWithAuthorization(from, to, value, validAfter, validBefore, nonce, v, r, s)}. A signature that
     * is not 65 bytes is passed as zeros (it only reaches here from prepareSettlement of an unverified payment, and
     * then the simulation rejects it).
     */
    static byte[] transferCalldata(Eip3009Authorization auth, byte[] signature) {
        byte[] sig = signature.length == 65 ? signature : new byte[65];
        int v = sig[64] & 0xff;
        return Abi.call(TRANSFER_WITH_AUTHORIZATION,
                Abi.address(auth.from()),
                Abi.address(auth.to()),
                Abi.uint256(auth.value()),
                Abi.uint256(auth.validAfter()),
                Abi.uint256(auth.validBefore()),
                Abi.bytes32(Hex.decode(auth.nonceHex())),
                Abi.uint256(v < 27 ? v + 27 : v),
                Abi.bytes32(Arrays.copyOfRange(sig, 0, 32)),
                Abi.bytes32(Arrays.copyOfRange(sig, 32, 64)));
    }

    /**
     * The authorization a {@code transferWithAuthorization} calldata carries, if it is one: how a transaction of ours
     * is signed anew from its bytes alone.
     */
    static Optional<Eip3009Authorization> authorizationOf(byte[] data) {
        byte[] selector = Arrays.copyOf(Abi.call(TRANSFER_WITH_AUTHORIZATION), 4);
        if (data.length != 4 + 9 * 32 || !Arrays.equals(Arrays.copyOf(data, 4), selector)) {
            return Optional.empty();
        }
        IntFunction<byte[]> word = i -> Arrays.copyOfRange(data, 4 + 32 * i, 4 + 32 * (i + 1));
        try {
            return Optional.of(new Eip3009Authorization(
                    Hex.encode(Arrays.copyOfRange(word.apply(0), 12, 32)),
                    Hex.encode(Arrays.copyOfRange(word.apply(1), 12, 32)),
                    new BigInteger(1, word.apply(2)),
                    new BigInteger(1, word.apply(3)),
                    new BigInteger(1, word.apply(4)),
                    Hex.encode(word.apply(5))));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}

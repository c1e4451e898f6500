package dev.x402j.evm.internal;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.web3j.crypto.Hash;

/**
 * An unsigned EIP-1559 (type 2) transaction with an empty access list.
 *
 * <p>{@link #signingHash()} is what the sender signs: keccak-256 of {@code 0x02 ‖ rlp([chainId, nonce,
 * maxPriorityFeePerGas, maxFeePerGas, gasLimit, to, value, data, accessList])}; {@link #encodeSigned} appends
 * {@code yParity, r, s} to that list, which is what {@code eth_sendRawTransaction} takes and what the transaction
 * hash is computed over.
 */
public record Eip1559Transaction(
        long chainId,
        long nonce,
        BigInteger maxPriorityFeePerGas,
        BigInteger maxFeePerGas,
        BigInteger gasLimit,
        String to,
        BigInteger value,
        byte[] data) {

    private static final byte TYPE = 0x02;

    public Eip1559Transaction {
        if (chainId <= 0 || nonce < 0) {
            throw new IllegalArgumentException("chain id must be positive and nonce non-negative");
        }
        Objects.requireNonNull(maxPriorityFeePerGas, "maxPriorityFeePerGas");
        Objects.requireNonNull(maxFeePerGas, "maxFeePerGas");
        Objects.requireNonNull(gasLimit, "gasLimit");
        Objects.requireNonNull(value, "value");
        if (!Hex.isAddress(to)) {
            throw new IllegalArgumentException("to must be a 20-byte address");
        }
        data = data.clone();
    }

    @Override
    public byte[] data() {
        return data.clone();
    }

    /** {@code 0x02 ‖ rlp(fields)}: the bytes whose keccak-256 is signed. */
    public byte[] signingPayload() {
        return typed(Rlp.list(fields()));
    }

    /** keccak-256 of {@link #signingPayload()}. */
    public byte[] signingHash() {
        return Hash.sha3(signingPayload());
    }

    /**
     * The raw signed transaction.
     *
     * @param yParity 0 or 1
     * @param r       32 bytes
     * @param s       32 bytes
     */
    public byte[] encodeSigned(int yParity, byte[] r, byte[] s) {
        if (yParity != 0 && yParity != 1) {
            throw new IllegalArgumentException("yParity must be 0 or 1");
        }
        List<byte[]> items = fields();
        items.add(Rlp.uint(yParity));
        items.add(Rlp.uint(new BigInteger(1, r)));
        items.add(Rlp.uint(new BigInteger(1, s)));
        return typed(Rlp.list(items));
    }

    /** keccak-256 of a raw transaction: its hash on the chain. */
    public static byte[] hashOf(byte[] rawTransaction) {
        return Hash.sha3(rawTransaction);
    }

    private List<byte[]> fields() {
        List<byte[]> items = new ArrayList<>();
        items.add(Rlp.uint(chainId));
        items.add(Rlp.uint(nonce));
        items.add(Rlp.uint(maxPriorityFeePerGas));
        items.add(Rlp.uint(maxFeePerGas));
        items.add(Rlp.uint(gasLimit));
        items.add(Rlp.bytes(Hex.decode(to)));
        items.add(Rlp.uint(value));
        items.add(Rlp.bytes(data));
        items.add(Rlp.list(List.of())); // access list
        return items;
    }

    private static byte[] typed(byte[] rlp) {
        byte[] out = new byte[rlp.length + 1];
        out[0] = TYPE;
        System.arraycopy(rlp, 0, out, 1, rlp.length);
        return out;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Eip1559Transaction t
                && t.chainId == chainId
                && t.nonce == nonce
                && t.maxPriorityFeePerGas.equals(maxPriorityFeePerGas)
                && t.maxFeePerGas.equals(maxFeePerGas)
                && t.gasLimit.equals(gasLimit)
                && t.to.equalsIgnoreCase(to)
                && t.value.equals(value)
                && java.util.Arrays.equals(t.data, data);
    }

    @Override
    public int hashCode() {
        return Objects.hash(chainId, nonce, gasLimit, to.toLowerCase(java.util.Locale.ROOT));
    }

    @Override
    public String toString() {
        return "Eip1559Transaction[chainId=" + chainId + ", nonce=" + nonce + ", to=" + to + ", gasLimit=" + gasLimit
                + ", maxFeePerGas=" + maxFeePerGas + ", maxPriorityFeePerGas=" + maxPriorityFeePerGas + ", "
                + data.length + " bytes of data]";
    }
}

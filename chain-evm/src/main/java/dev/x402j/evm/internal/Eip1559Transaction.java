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

    /**
     * A signed EIP-1559 transaction as decoded from its raw bytes.
     *
     * @param yParity 0 or 1
     */
    public record Signed(Eip1559Transaction transaction, int yParity, byte[] r, byte[] s) {
        public Signed {
            Objects.requireNonNull(transaction, "transaction");
            r = r.clone();
            s = s.clone();
        }

        /** {@code r ‖ s ‖ yParity}, 65 bytes. */
        public byte[] signature() {
            byte[] sig = new byte[65];
            System.arraycopy(r, 0, sig, 32 - r.length, r.length);
            System.arraycopy(s, 0, sig, 64 - s.length, s.length);
            sig[64] = (byte) yParity;
            return sig;
        }

        /** The checksummed address that signed it. */
        public String sender() {
            return Secp256k1.recoverAddress(transaction.signingHash(), signature());
        }
    }

    /**
     * Decodes a raw signed type-2 transaction (what {@link #encodeSigned} returns).
     *
     * @throws IllegalArgumentException if it is not one
     */
    public static Signed decodeSigned(byte[] raw) {
        if (raw.length < 2 || raw[0] != TYPE) {
            throw new IllegalArgumentException("not an EIP-1559 (type 2) transaction");
        }
        Object decoded = Rlp.decode(java.util.Arrays.copyOfRange(raw, 1, raw.length));
        if (!(decoded instanceof List<?> items) || items.size() != 12) {
            throw new IllegalArgumentException("an EIP-1559 transaction is a list of 12 items");
        }
        if (!(items.get(5) instanceof byte[] to) || to.length != 20 || !(items.get(7) instanceof byte[] data)
                || !(items.get(8) instanceof List<?> accessList) || !(items.get(10) instanceof byte[] r)
                || !(items.get(11) instanceof byte[] sigS) || r.length > 32 || sigS.length > 32) {
            throw new IllegalArgumentException("malformed EIP-1559 transaction fields");
        }
        if (!accessList.isEmpty()) {
            throw new IllegalArgumentException("EIP-1559 transactions with an access list are not ours");
        }
        Eip1559Transaction tx;
        int yParity;
        try {
            tx = new Eip1559Transaction(
                Rlp.toUint(items.get(0)).longValueExact(),
                Rlp.toUint(items.get(1)).longValueExact(),
                Rlp.toUint(items.get(2)),
                Rlp.toUint(items.get(3)),
                Rlp.toUint(items.get(4)),
                Hex.encode(to),
                Rlp.toUint(items.get(6)),
                data);
            yParity = Rlp.toUint(items.get(9)).intValueExact();
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("an EIP-1559 transaction field is out of range");
        }
        return new Signed(tx, yParity, r, sigS);
    }

    /** The same transaction at other fees (a replacement keeps everything else, the nonce included). */
    public Eip1559Transaction withFees(BigInteger maxPriorityFeePerGas, BigInteger maxFeePerGas) {
        return new Eip1559Transaction(chainId, nonce, maxPriorityFeePerGas, maxFeePerGas, gasLimit, to, value, data);
    }

}

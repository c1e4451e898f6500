package dev.x402j.evm;

import dev.x402j.core.ChainSigner;
import dev.x402j.core.SignedTransaction;
import dev.x402j.evm.internal.Abi;
import dev.x402j.evm.internal.Eip1559Transaction;
import dev.x402j.evm.internal.Hex;
import dev.x402j.evm.internal.NonceManager;
import dev.x402j.evm.internal.Secp256k1;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The facilitator's keys on one network, each with its own nonces, handed out in rotation so that settlements do not
 * queue behind one account's nonces; and which key signed a transaction of ours. Thread-safe.
 */
final class KeyRotation {
    // The split of the scheme keeps its log category: operators filter settlement logs by it.
    private static final Logger log = LoggerFactory.getLogger(EvmExactScheme.class);

    /** One facilitator key: its signer, its checksummed address and its nonces. */
    record SignerSlot(ChainSigner signer, String address, NonceManager nonces) {
        /**
         * Signs with the key's {@link ChainSigner}, normalising its answer (v in {0,1,27,28}, high s) and checking that
         * it recovers this key: a custodial signer that answers oddly must not put a bad transaction on the wire.
         */
        byte[] sign(Eip1559Transaction tx) {
            byte[] hash = tx.signingHash();
            byte[] sig = signer.sign(hash);
            if (sig == null || sig.length != 65) {
                throw new IllegalStateException("signer " + address + " returned a signature that is not 65 bytes");
            }
            byte[] r = Arrays.copyOfRange(sig, 0, 32);
            BigInteger s = new BigInteger(1, Arrays.copyOfRange(sig, 32, 64));
            int v = sig[64] & 0xff;
            int yParity = v >= 27 ? v - 27 : v;
            if (yParity != 0 && yParity != 1) {
                throw new IllegalStateException("signer " + address + " returned v = " + v);
            }
            BigInteger n = org.web3j.crypto.Sign.CURVE_PARAMS.getN();
            if (s.compareTo(n.shiftRight(1)) > 0) {
                s = n.subtract(s);
                yParity ^= 1;
            }
            byte[] sBytes = Abi.uint256(s);
            byte[] normalized = new byte[65];
            System.arraycopy(r, 0, normalized, 0, 32);
            System.arraycopy(sBytes, 0, normalized, 32, 32);
            normalized[64] = (byte) yParity;
            String recovered;
            try {
                recovered = Secp256k1.recoverAddress(hash, normalized);
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException("signer " + address + " returned an invalid signature: " + e.getMessage());
            }
            if (!recovered.equalsIgnoreCase(address)) {
                throw new IllegalStateException("signer " + address + " signed with another key (" + recovered + ")");
            }
            return tx.encodeSigned(yParity, r, sBytes);
        }
    }

    /** One of our signed transactions, decoded, and its key. */
    record Ours(Eip1559Transaction transaction, SignerSlot slot) {}

    private final String network;
    private final List<SignerSlot> slots;
    private final Map<String, SignerSlot> slotsByAddress;
    private final AtomicLong rotation = new AtomicLong();

    /** @throws IllegalArgumentException if {@code signers} is empty, holds a non-EVM address or repeats one */
    KeyRotation(String network, List<? extends ChainSigner> signers) {
        this.network = network;
        if (signers.isEmpty()) {
            throw new IllegalArgumentException("at least one signer is required");
        }
        List<SignerSlot> all = new ArrayList<>();
        Map<String, SignerSlot> byAddress = new LinkedHashMap<>();
        for (ChainSigner signer : signers) {
            Objects.requireNonNull(signer, "signers[]");
            if (!Hex.isAddress(signer.address())) {
                throw new IllegalArgumentException("the signer's address must be an EVM address (0x + 40 hex digits)");
            }
            SignerSlot slot = new SignerSlot(signer, Secp256k1.checksum(signer.address()), new NonceManager());
            // An address in two slots would hand out its nonces twice.
            if (byAddress.putIfAbsent(Hex.lowerAddress(slot.address()), slot) != null) {
                throw new IllegalArgumentException("signer " + signer.address() + " is listed twice");
            }
            all.add(slot);
        }
        this.slots = List.copyOf(all);
        this.slotsByAddress = Map.copyOf(byAddress);
    }

    /** The next key in rotation. */
    SignerSlot next() {
        return slots.get((int) Math.floorMod(rotation.getAndIncrement(), (long) slots.size()));
    }

    /** The checksummed addresses, in the order the keys were given. */
    List<String> addresses() {
        return slots.stream().map(SignerSlot::address).toList();
    }

    /** The first key's address, which read-only calls come from. */
    String firstAddress() {
        return slots.get(0).address();
    }

    /** One of our transactions, decoded, and the key that signed it; {@code null} for bytes that are not one. */
    Ours ours(SignedTransaction transaction) {
        Eip1559Transaction.Signed decoded;
        String sender;
        try {
            decoded = Eip1559Transaction.decodeSigned(transaction.bytes());
            sender = decoded.sender();
        } catch (IllegalArgumentException e) {
            log.warn("transaction {} on {} is not an EIP-1559 transaction of this scheme: {}", transaction.reference(),
                    network, e.getMessage());
            return null;
        }
        SignerSlot slot = slotsByAddress.get(Hex.lowerAddress(sender));
        if (slot == null) {
            log.warn("transaction {} on {} was signed by {}, not one of this scheme's keys", transaction.reference(),
                    network, sender);
            return null;
        }
        return new Ours(decoded.transaction(), slot);
    }
}

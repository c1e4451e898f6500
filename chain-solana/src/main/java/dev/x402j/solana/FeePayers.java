package dev.x402j.solana;

import dev.x402j.core.ChainId;
import dev.x402j.core.ChainSigner;
import dev.x402j.core.ErrorReason;
import dev.x402j.core.InvalidPaymentException;
import dev.x402j.solana.internal.Ed25519;
import dev.x402j.solana.internal.Pubkey;
import dev.x402j.solana.internal.Transaction;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The facilitator's fee payers on one network. They are handed out to clients in rotation (in {@code /supported} and
 * {@code /accepts}) so that load spreads over all of them; a transaction may name any of them, and is co-signed by the
 * one it names. Thread-safe.
 */
final class FeePayers {
    private final Map<Pubkey, ChainSigner> signers;
    private final List<String> addresses;
    private final AtomicLong handedOut = new AtomicLong();

    /** @throws IllegalArgumentException if there is no fee payer, an address is not a Solana address, or one repeats */
    FeePayers(ChainId network, List<? extends ChainSigner> feePayers) {
        if (feePayers.isEmpty()) {
            throw new IllegalArgumentException("at least one fee payer is required for " + network);
        }
        Map<Pubkey, ChainSigner> byKey = new LinkedHashMap<>();
        for (ChainSigner s : feePayers) {
            Objects.requireNonNull(s, "fee payer");
            if (!Pubkey.isValid(s.address())) {
                throw new IllegalArgumentException("fee payer address " + s.address()
                        + " is not a Solana address (base58 of 32 bytes)");
            }
            // Base58 is canonical: one key, one spelling, so a repeated key is a repeated address.
            if (byKey.putIfAbsent(Pubkey.parse(s.address(), "fee payer address"), s) != null) {
                throw new IllegalArgumentException("fee payer " + s.address() + " is given twice");
            }
        }
        this.signers = Collections.unmodifiableMap(byKey);
        this.addresses = byKey.keySet().stream().map(Pubkey::base58).toList();
    }

    /** Base58 addresses, in the order given. */
    List<String> addresses() {
        return addresses;
    }

    /** The fee payer to name to the next client. */
    String handOut() {
        return addresses.get((int) Math.floorMod(handedOut.getAndIncrement(), addresses.size()));
    }

    boolean isOurs(Pubkey key) {
        return signers.containsKey(key);
    }

    boolean isOurs(String address) {
        return addresses.contains(address);
    }

    Set<Pubkey> keys() {
        return signers.keySet();
    }

    /**
     * {@code tx} signed in slot 0 by the fee payer it names, after checking that the signer's answer verifies: a
     * custodial signer that answers oddly must not put a bad transaction on the wire.
     *
     * @throws InvalidPaymentException when the fee payer named is not one of ours
     */
    Transaction coSign(Transaction tx) {
        Pubkey feePayer = tx.message().feePayer();
        ChainSigner signer = signers.get(feePayer);
        if (signer == null) {
            throw new InvalidPaymentException(SolanaReasons.FEE_PAYER_NOT_MANAGED_BY_FACILITATOR,
                    "the transaction's fee payer " + feePayer + " is not a fee payer of this facilitator");
        }
        byte[] message = tx.messageBytes();
        byte[] signature = signer.sign(message);
        if (signature == null || signature.length != Ed25519.SIGNATURE_LENGTH
                || !Ed25519.verify(feePayer, message, signature)) {
            throw new IllegalStateException("fee payer signer " + feePayer + " returned an invalid ed25519 signature");
        }
        return tx.withSignature(0, signature);
    }
}

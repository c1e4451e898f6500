package dev.x402j.solana.internal;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A versioned (or legacy) transaction on the wire: compact-u16 count, 64-byte signatures in the order of the message's
 * signer keys (an absent signature is 64 zero bytes), then the message. Keeps the message bytes exactly as received,
 * since the signatures cover those bytes. Immutable.
 */
public final class Transaction {
    /** Solana's packet size: no transaction on the wire is longer. */
    public static final int MAX_WIRE_SIZE = 1232;

    private final List<byte[]> signatures;
    private final Message message;
    private final byte[] messageBytes;

    private Transaction(List<byte[]> signatures, Message message, byte[] messageBytes) {
        this.signatures = signatures;
        this.message = message;
        this.messageBytes = messageBytes;
    }

    /**
     * Parses a wire transaction.
     *
     * @throws ByteReader.MalformedException if it is not a well-formed, sanitary transaction of at most 1232 bytes
     */
    public static Transaction parse(byte[] wire) {
        if (wire.length > MAX_WIRE_SIZE) {
            throw new ByteReader.MalformedException(
                    "the transaction is " + wire.length + " bytes, more than a packet (" + MAX_WIRE_SIZE + ")");
        }
        ByteReader in = new ByteReader(wire);
        int count = in.shortVec("signatures");
        List<byte[]> signatures = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            signatures.add(in.bytes(Ed25519.SIGNATURE_LENGTH, "signature " + i));
        }
        int messageStart = in.position();
        Message message = Message.read(in);
        if (in.remaining() != 0) {
            throw new ByteReader.MalformedException("trailing bytes after the message");
        }
        if (message.numRequiredSignatures() != count) {
            throw new ByteReader.MalformedException("the message requires " + message.numRequiredSignatures()
                    + " signatures but the transaction has " + count);
        }
        return new Transaction(List.copyOf(signatures), message, Arrays.copyOfRange(wire, messageStart, wire.length));
    }

    /** A transaction of {@code message} without signatures (all slots zero). */
    public static Transaction unsigned(Message message) {
        List<byte[]> empty = new ArrayList<>();
        for (int i = 0; i < message.numRequiredSignatures(); i++) {
            empty.add(new byte[Ed25519.SIGNATURE_LENGTH]);
        }
        return new Transaction(List.copyOf(empty), message, message.serialize());
    }

    public Message message() {
        return message;
    }

    /** The bytes every signature signs. */
    public byte[] messageBytes() {
        return messageBytes.clone();
    }

    public int signatureCount() {
        return signatures.size();
    }

    public byte[] signature(int index) {
        return signatures.get(index).clone();
    }

    /** Whether the signature slot is empty (all zeros). */
    public boolean isUnsigned(int index) {
        for (byte b : signatures.get(index)) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }

    /** A copy with the signature of signer {@code index} replaced. */
    public Transaction withSignature(int index, byte[] signature) {
        if (signature.length != Ed25519.SIGNATURE_LENGTH) {
            throw new IllegalArgumentException("an ed25519 signature is 64 bytes");
        }
        List<byte[]> copy = new ArrayList<>(signatures);
        copy.set(index, signature.clone());
        return new Transaction(List.copyOf(copy), message, messageBytes);
    }

    /** Signs the slot of {@code key}'s public key. */
    public Transaction sign(Ed25519.PrivateKey key) {
        int index = message.signers().indexOf(key.publicKey());
        if (index < 0) {
            throw new IllegalArgumentException(key.publicKey() + " is not a signer of this transaction");
        }
        return withSignature(index, key.sign(messageBytes));
    }

    /** The transaction's id: its first signature (the fee payer's), base58. */
    public String id() {
        return Base58.encode(signatures.get(0));
    }

    public byte[] serialize() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(messageBytes.length + 1 + 64 * signatures.size());
        ShortVec.encode(signatures.size(), out);
        signatures.forEach(out::writeBytes);
        out.writeBytes(messageBytes);
        return out.toByteArray();
    }
}

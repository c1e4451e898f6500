package dev.x402j.solana.internal;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A Solana transaction message, legacy or version 0, as compiled on the wire: header, static account keys, recent
 * blockhash, compiled instructions and (v0) address-table lookups. Immutable.
 */
public final class Message {
    public enum Version {
        LEGACY,
        V0
    }

    /** An instruction as compiled: indexes into the message's account list. */
    public record CompiledInstruction(int programIdIndex, int[] accountIndexes, byte[] data) {
        public CompiledInstruction {
            accountIndexes = accountIndexes.clone();
            data = data.clone();
        }

        @Override
        public int[] accountIndexes() {
            return accountIndexes.clone();
        }

        @Override
        public byte[] data() {
            return data.clone();
        }
    }

    /** A v0 address-table lookup: accounts loaded from an on-chain table by index. */
    public record AddressTableLookup(Pubkey table, int[] writableIndexes, int[] readonlyIndexes) {
        public AddressTableLookup {
            writableIndexes = writableIndexes.clone();
            readonlyIndexes = readonlyIndexes.clone();
        }

        int count() {
            return writableIndexes.length + readonlyIndexes.length;
        }
    }

    private final Version version;
    private final int numRequiredSignatures;
    private final int numReadonlySigned;
    private final int numReadonlyUnsigned;
    private final List<Pubkey> accountKeys;
    private final byte[] recentBlockhash;
    private final List<CompiledInstruction> instructions;
    private final List<AddressTableLookup> lookups;

    public Message(Version version, int numRequiredSignatures, int numReadonlySigned, int numReadonlyUnsigned,
            List<Pubkey> accountKeys, byte[] recentBlockhash, List<CompiledInstruction> instructions,
            List<AddressTableLookup> lookups) {
        this.version = Objects.requireNonNull(version, "version");
        this.numRequiredSignatures = numRequiredSignatures;
        this.numReadonlySigned = numReadonlySigned;
        this.numReadonlyUnsigned = numReadonlyUnsigned;
        this.accountKeys = List.copyOf(accountKeys);
        if (recentBlockhash.length != 32) {
            throw new IllegalArgumentException("a blockhash is 32 bytes");
        }
        this.recentBlockhash = recentBlockhash.clone();
        this.instructions = List.copyOf(instructions);
        this.lookups = List.copyOf(lookups);
        if (version == Version.LEGACY && !lookups.isEmpty()) {
            throw new IllegalArgumentException("a legacy message has no address-table lookups");
        }
        sanitize();
    }

    /** Checks what the runtime's sanitizer checks, so no malformed message gets further. */
    private void sanitize() {
        int keys = accountKeys.size();
        int loaded = lookups.stream().mapToInt(AddressTableLookup::count).sum();
        if (numRequiredSignatures < 1) {
            throw new ByteReader.MalformedException("a message needs at least one signer (the fee payer)");
        }
        if (numRequiredSignatures > keys) {
            throw new ByteReader.MalformedException("more required signatures than account keys");
        }
        if (numReadonlySigned >= numRequiredSignatures) {
            throw new ByteReader.MalformedException("the fee payer cannot be read-only");
        }
        if (numReadonlyUnsigned > keys - numRequiredSignatures) {
            throw new ByteReader.MalformedException("more read-only unsigned accounts than unsigned accounts");
        }
        if (keys + loaded > 256) {
            throw new ByteReader.MalformedException("more than 256 accounts");
        }
        Set<Pubkey> unique = new HashSet<>(accountKeys);
        if (unique.size() != keys) {
            throw new ByteReader.MalformedException("an account key appears twice");
        }
        for (CompiledInstruction ix : instructions) {
            if (ix.programIdIndex() == 0 || ix.programIdIndex() >= keys) {
                throw new ByteReader.MalformedException("an instruction's program index " + ix.programIdIndex()
                        + " is not a static account other than the fee payer");
            }
            for (int a : ix.accountIndexes) {
                if (a >= keys + loaded) {
                    throw new ByteReader.MalformedException("an instruction refers to account " + a + " of " + (keys + loaded));
                }
            }
        }
    }

    // ------------------------------------------------------------------------------------------ wire format

    /** Reads a message; the reader is left after it. */
    public static Message read(ByteReader in) {
        Version version = Version.LEGACY;
        if ((in.peek() & 0x80) != 0) {
            int v = in.u8() & 0x7f;
            if (v != 0) {
                throw new ByteReader.MalformedException("unsupported transaction version " + v);
            }
            version = Version.V0;
        }
        int required = in.u8();
        int readonlySigned = in.u8();
        int readonlyUnsigned = in.u8();
        int keyCount = in.shortVec("account keys");
        List<Pubkey> keys = new ArrayList<>(keyCount);
        for (int i = 0; i < keyCount; i++) {
            keys.add(Pubkey.of(in.bytes(32, "account key " + i)));
        }
        byte[] blockhash = in.bytes(32, "recent blockhash");
        int ixCount = in.shortVec("instructions");
        List<CompiledInstruction> ixs = new ArrayList<>(Math.min(ixCount, 64));
        for (int i = 0; i < ixCount; i++) {
            int program = in.u8();
            int[] accounts = indexes(in.bytes(in.shortVec("instruction accounts"), "instruction accounts"));
            byte[] data = in.bytes(in.shortVec("instruction data"), "instruction data");
            ixs.add(new CompiledInstruction(program, accounts, data));
        }
        List<AddressTableLookup> lookups = new ArrayList<>();
        if (version == Version.V0) {
            int n = in.shortVec("address table lookups");
            for (int i = 0; i < n; i++) {
                Pubkey table = Pubkey.of(in.bytes(32, "lookup table"));
                int[] writable = indexes(in.bytes(in.shortVec("writable indexes"), "writable indexes"));
                int[] readonly = indexes(in.bytes(in.shortVec("readonly indexes"), "readonly indexes"));
                lookups.add(new AddressTableLookup(table, writable, readonly));
            }
        }
        return new Message(version, required, readonlySigned, readonlyUnsigned, keys, blockhash, ixs, lookups);
    }

    public static Message parse(byte[] bytes) {
        ByteReader in = new ByteReader(bytes);
        Message m = read(in);
        if (in.remaining() != 0) {
            throw new ByteReader.MalformedException("trailing bytes after the message");
        }
        return m;
    }

    public byte[] serialize() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(512);
        if (version == Version.V0) {
            out.write(0x80);
        }
        out.write(numRequiredSignatures);
        out.write(numReadonlySigned);
        out.write(numReadonlyUnsigned);
        ShortVec.encode(accountKeys.size(), out);
        accountKeys.forEach(k -> out.writeBytes(k.unsafeBytes()));
        out.writeBytes(recentBlockhash);
        ShortVec.encode(instructions.size(), out);
        for (CompiledInstruction ix : instructions) {
            out.write(ix.programIdIndex());
            ShortVec.encode(ix.accountIndexes.length, out);
            for (int a : ix.accountIndexes) {
                out.write(a);
            }
            ShortVec.encode(ix.data.length, out);
            out.writeBytes(ix.data);
        }
        if (version == Version.V0) {
            ShortVec.encode(lookups.size(), out);
            for (AddressTableLookup l : lookups) {
                out.writeBytes(l.table().unsafeBytes());
                ShortVec.encode(l.writableIndexes.length, out);
                for (int i : l.writableIndexes) {
                    out.write(i);
                }
                ShortVec.encode(l.readonlyIndexes.length, out);
                for (int i : l.readonlyIndexes) {
                    out.write(i);
                }
            }
        }
        return out.toByteArray();
    }

    private static int[] indexes(byte[] bytes) {
        int[] out = new int[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            out[i] = bytes[i] & 0xff;
        }
        return out;
    }

    // ------------------------------------------------------------------------------------------ accessors

    public Version version() {
        return version;
    }

    public int numRequiredSignatures() {
        return numRequiredSignatures;
    }

    public int numReadonlySigned() {
        return numReadonlySigned;
    }

    public int numReadonlyUnsigned() {
        return numReadonlyUnsigned;
    }

    public List<Pubkey> accountKeys() {
        return accountKeys;
    }

    public byte[] recentBlockhash() {
        return recentBlockhash.clone();
    }

    public String recentBlockhashBase58() {
        return Base58.encode(recentBlockhash);
    }

    public List<CompiledInstruction> instructions() {
        return instructions;
    }

    public List<AddressTableLookup> lookups() {
        return lookups;
    }

    /** The account that pays the fee: the first static key. */
    public Pubkey feePayer() {
        return accountKeys.get(0);
    }

    /** The accounts whose signatures the message requires, in signature order. */
    public List<Pubkey> signers() {
        return accountKeys.subList(0, numRequiredSignatures);
    }

    public boolean isSigner(int index) {
        return index < numRequiredSignatures;
    }

    /** Whether the static account at {@code index} is writable. */
    public boolean isWritable(int index) {
        if (index < numRequiredSignatures) {
            return index < numRequiredSignatures - numReadonlySigned;
        }
        return index < accountKeys.size() - numReadonlyUnsigned;
    }

    /**
     * The instructions with their accounts resolved.
     *
     * @throws IllegalStateException if an instruction uses an account loaded from an address table (the table's content
     *     is on chain and not resolved here)
     */
    public List<Instruction> decompile() {
        List<Instruction> out = new ArrayList<>(instructions.size());
        for (CompiledInstruction ix : instructions) {
            List<AccountMeta> metas = new ArrayList<>(ix.accountIndexes.length);
            for (int a : ix.accountIndexes) {
                if (a >= accountKeys.size()) {
                    throw new IllegalStateException("an instruction uses an account from an address lookup table");
                }
                metas.add(new AccountMeta(accountKeys.get(a), isSigner(a), isWritable(a)));
            }
            out.add(new Instruction(accountKeys.get(ix.programIdIndex()), metas, ix.data));
        }
        return out;
    }
}

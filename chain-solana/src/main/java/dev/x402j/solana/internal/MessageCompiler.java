package dev.x402j.solana.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Compiles instructions into a message the way {@code @solana/kit} does, so a payment built here is byte for byte the
 * one the official x402 client builds: the fee payer first, then signers before non-signers, writable before
 * read-only, and within a group by address in kit's collation order (alphanumeric, case-insensitive, lower case
 * first on a tie). An address used twice gets the union of its roles; programs are read-only non-signers.
 */
public final class MessageCompiler {
    private MessageCompiler() {}

    private static final class Role {
        boolean signer;
        boolean writable;

        Role(boolean signer, boolean writable) {
            this.signer = signer;
            this.writable = writable;
        }
    }

    /** Compiles a version-0 message without address-table lookups. */
    public static Message compileV0(Pubkey feePayer, List<Instruction> instructions, byte[] recentBlockhash) {
        return compile(Message.Version.V0, feePayer, instructions, recentBlockhash);
    }

    public static Message compileLegacy(Pubkey feePayer, List<Instruction> instructions, byte[] recentBlockhash) {
        return compile(Message.Version.LEGACY, feePayer, instructions, recentBlockhash);
    }

    private static Message compile(
            Message.Version version, Pubkey feePayer, List<Instruction> instructions, byte[] recentBlockhash) {
        Map<Pubkey, Role> roles = new LinkedHashMap<>();
        roles.put(feePayer, new Role(true, true));
        for (Instruction ix : instructions) {
            if (ix.program().equals(feePayer)) {
                throw new IllegalArgumentException("the fee payer cannot be a program");
            }
            roles.putIfAbsent(ix.program(), new Role(false, false));
            for (AccountMeta a : ix.accounts()) {
                Role r = roles.get(a.address());
                if (r == null) {
                    roles.put(a.address(), new Role(a.signer(), a.writable()));
                } else {
                    r.signer |= a.signer();
                    r.writable |= a.writable();
                }
            }
        }
        Comparator<Map.Entry<Pubkey, Role>> order = Comparator
                .comparing((Map.Entry<Pubkey, Role> e) -> !e.getKey().equals(feePayer))
                .thenComparing(e -> !e.getValue().signer)
                .thenComparing(e -> !e.getValue().writable)
                .thenComparing(e -> e.getKey().base58(), MessageCompiler::compareAddresses);
        List<Map.Entry<Pubkey, Role>> sorted = new ArrayList<>(roles.entrySet());
        sorted.sort(order);

        List<Pubkey> keys = new ArrayList<>(sorted.size());
        int signers = 0, readonlySigners = 0, readonlyUnsigned = 0;
        for (Map.Entry<Pubkey, Role> e : sorted) {
            keys.add(e.getKey());
            Role r = e.getValue();
            if (r.signer) {
                signers++;
                if (!r.writable) {
                    readonlySigners++;
                }
            } else if (!r.writable) {
                readonlyUnsigned++;
            }
        }
        List<Message.CompiledInstruction> compiled = new ArrayList<>(instructions.size());
        for (Instruction ix : instructions) {
            int[] accounts = new int[ix.accounts().size()];
            for (int i = 0; i < accounts.length; i++) {
                accounts[i] = keys.indexOf(ix.accounts().get(i).address());
            }
            compiled.add(new Message.CompiledInstruction(keys.indexOf(ix.program()), accounts, ix.data()));
        }
        return new Message(version, signers, readonlySigners, readonlyUnsigned, keys, recentBlockhash, compiled,
                List.of());
    }

    /**
     * Kit's address order: {@code Intl.Collator("en", {caseFirst: "lower", sensitivity: "variant"})}. For base58 text
     * (digits and ASCII letters) that is: digits before letters, letters alphabetical ignoring case, a shorter prefix
     * first; on a tie, the first position where the case differs puts lower case first.
     */
    static int compareAddresses(String a, String b) {
        int n = Math.min(a.length(), b.length());
        for (int i = 0; i < n; i++) {
            int d = Integer.compare(primary(a.charAt(i)), primary(b.charAt(i)));
            if (d != 0) {
                return d;
            }
        }
        if (a.length() != b.length()) {
            return Integer.compare(a.length(), b.length());
        }
        for (int i = 0; i < n; i++) {
            char x = a.charAt(i);
            char y = b.charAt(i);
            if (x != y) {
                return Character.isLowerCase(x) ? -1 : 1;
            }
        }
        return 0;
    }

    private static int primary(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        return 10 + Character.toLowerCase(c) - 'a';
    }
}

package dev.x402j.solana.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.x402j.solana.Vectors;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Associated token accounts and program-derived addresses against {@code @solana/kit}'s (vectors.json). */
class PdaTest {
    @Test
    void associatedTokenAccountsMatchTheOfficialLibrary() {
        assertThat(Vectors.associatedTokenAccounts()).hasSizeGreaterThanOrEqualTo(4);
        for (JsonNode v : Vectors.associatedTokenAccounts()) {
            Pubkey ata = Pda.associatedTokenAddress(Pubkey.parse(v.get("owner").asText()),
                    Pubkey.parse(v.get("mint").asText()), Pubkey.parse(v.get("tokenProgram").asText()));
            assertThat(ata.base58()).as("ATA of %s", v.get("owner")).isEqualTo(v.get("ata").asText());
        }
    }

    @Test
    void theSameOwnerAndMintHaveDifferentAccountsUnderTokenAndToken2022() {
        JsonNode token = Vectors.associatedTokenAccounts().get(1);
        JsonNode token2022 = Vectors.associatedTokenAccounts().get(2);
        assertThat(token.get("owner")).isEqualTo(token2022.get("owner"));
        assertThat(token.get("ata")).isNotEqualTo(token2022.get("ata"));
    }

    @Test
    void programDerivedAddressesAndBumpsMatchTheOfficialLibrary() {
        for (JsonNode v : Vectors.programDerivedAddresses()) {
            List<byte[]> seeds = new ArrayList<>();
            v.get("seedsHex").forEach(s -> seeds.add(Vectors.hex(s.asText())));
            Pda.Derived derived = Pda.find(seeds, Pubkey.parse(v.get("programId").asText()));
            assertThat(derived.address().base58()).isEqualTo(v.get("address").asText());
            assertThat(derived.bump()).isEqualTo(v.get("bump").asInt());
            assertThat(Ed25519.isOnCurve(derived.address().bytes())).isFalse();
        }
    }

    @Test
    void aBumpBelow255MeansTheHigherOnesLieOnTheCurve() {
        JsonNode v = Vectors.programDerivedAddresses().get(1);
        assertThat(v.get("bump").asInt()).isLessThan(255);
        List<byte[]> seeds = new ArrayList<>();
        v.get("seedsHex").forEach(s -> seeds.add(Vectors.hex(s.asText())));
        seeds.add(new byte[] {(byte) 255});
        assertThatThrownBy(() -> Pda.create(seeds, Pubkey.parse(v.get("programId").asText())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("curve");
    }

    @Test
    void publicKeysAreOnTheCurve() {
        for (JsonNode k : Vectors.keys()) {
            assertThat(Ed25519.isOnCurve(Pubkey.parse(k.get("address").asText()).bytes())).isTrue();
        }
    }

    @Test
    void rejectsOverlongSeeds() {
        assertThatThrownBy(() -> Pda.create(List.of(new byte[33]), Programs.ASSOCIATED_TOKEN))
                .isInstanceOf(IllegalArgumentException.class);
    }
}

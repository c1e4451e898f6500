package dev.x402j.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ChainIdTest {

    @Test
    void parsesAndPrintsCaip2() {
        ChainId id = ChainId.parse("eip155:84532");
        assertThat(id.namespace()).isEqualTo("eip155");
        assertThat(id.reference()).isEqualTo("84532");
        assertThat(id).hasToString("eip155:84532");
        assertThat(id).isEqualTo(ChainId.eip155(84532));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "eip155:1", "solana:5eykt4UsFv8P8NJdTREpY1vzqKqZKvdp", "sui:mainnet", "aptos:2",
            "starknet:SN_SEPOLIA", "cosmos:cosmoshub-4", "bip122:000000000019d6689c085ae165831e93"})
    void roundTripsValidIds(String caip2) {
        assertThat(ChainId.parse(caip2)).hasToString(caip2);
    }

    @Test
    void evmChainIdOnlyForEip155() {
        assertThat(ChainId.eip155(8453).evmChainId()).hasValue(8453L);
        assertThat(ChainId.eip155(8453).isEvm()).isTrue();
        assertThat(ChainId.parse("eip155:324705682").evmChainId()).hasValue(324705682L);
        assertThat(ChainId.parse("solana:EtWTRABZaYq6iMfeYKouRu166VU2xqa1").evmChainId()).isEmpty();
        assertThat(ChainId.parse("aptos:1").evmChainId()).isEmpty();
        assertThat(ChainId.parse("aptos:1").isEvm()).isFalse();
    }

    @Test
    void rejectsBadNamespaceNamingIt() {
        assertThatThrownBy(() -> ChainId.parse("EIP155:1"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("namespace 'EIP155'");
        assertThatThrownBy(() -> ChainId.parse("ab:1"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("namespace 'ab'");
        assertThatThrownBy(() -> ChainId.parse("waytoolongns:1"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("namespace 'waytoolongns'");
        assertThatThrownBy(() -> new ChainId(null, "1"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("namespace null");
    }

    @Test
    void rejectsBadReferenceNamingIt() {
        assertThatThrownBy(() -> ChainId.parse("solana:"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("reference ''");
        assertThatThrownBy(() -> ChainId.parse("solana:a:b"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("reference 'a:b'");
        assertThatThrownBy(() -> ChainId.parse("sui:" + "x".repeat(33)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("reference 'xxx");
        assertThatThrownBy(() -> ChainId.parse("sui:main net"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("reference 'main net'");
    }

    @Test
    void eip155ReferenceMustBeACanonicalDecimal() {
        assertThatThrownBy(() -> ChainId.parse("eip155:base"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'base'");
        assertThatThrownBy(() -> ChainId.parse("eip155:08453"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("leading zeros");
        assertThatThrownBy(() -> ChainId.eip155(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ChainId.eip155(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void rejectsTextWithoutColonOrBlank() {
        assertThatThrownBy(() -> ChainId.parse("base-sepolia"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'base-sepolia' has no ':'");
        assertThatThrownBy(() -> ChainId.parse(" ")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ChainId.parse(null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void serialisesAsAJsonString() throws Exception {
        ObjectMapper json = new ObjectMapper();
        assertThat(json.writeValueAsString(ChainId.eip155(8453))).isEqualTo("\"eip155:8453\"");
        assertThat(json.writeValueAsString(Map.of("network", ChainId.parse("sui:testnet"))))
                .isEqualTo("{\"network\":\"sui:testnet\"}");
        assertThat(json.readValue("\"starknet:SN_MAIN\"", ChainId.class))
                .isEqualTo(new ChainId("starknet", "SN_MAIN"));
        List<ChainId> ids = json.readValue("[\"eip155:1\",\"aptos:1\"]",
                json.getTypeFactory().constructCollectionType(List.class, ChainId.class));
        assertThat(ids).containsExactly(ChainId.eip155(1), ChainId.parse("aptos:1"));
        assertThatThrownBy(() -> json.readValue("\"nope\"", ChainId.class)).hasMessageContaining("nope");
    }
}

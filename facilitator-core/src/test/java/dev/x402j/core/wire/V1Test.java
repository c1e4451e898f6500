package dev.x402j.core.wire;

import static org.assertj.core.api.Assertions.assertThat;

import dev.x402j.core.NetworkRegistry;
import dev.x402j.core.model.PaymentRequirements;
import dev.x402j.core.model.ResourceInfo;
import dev.x402j.core.model.SettleResponse;
import dev.x402j.core.model.SupportedKind;
import java.math.BigInteger;
import org.junit.jupiter.api.Test;

class V1Test {
    private static final NetworkRegistry NETS = NetworkRegistry.defaults();

    @Test
    void requirementsRoundTripThroughV1() {
        var req = new PaymentRequirements("exact", "eip155:84532", new BigInteger("2500"),
                "0x036CbD53842c5426634e7929541eC2318f3dCF7e", "0x209693Bc6afc0C5328bA36FaF03C514EF312287C", 120, null);
        var resource = new ResourceInfo("https://api.example/a", "A thing", "text/plain");
        var v1 = V1.requirementsToV1(req, resource, NETS);
        assertThat(v1.get("network").asText()).isEqualTo("base-sepolia");
        assertThat(v1.get("maxAmountRequired").asText()).isEqualTo("2500");
        assertThat(v1.get("resource").asText()).isEqualTo("https://api.example/a");
        assertThat(V1.requirementsFromV1(v1, NETS)).isEqualTo(req);
        assertThat(V1.resourceFromV1(v1)).isEqualTo(resource);
    }

    @Test
    void responsesAndKindsUseNetworkNames() {
        var settled = V1.settleResponseToV1(SettleResponse.success("0xp", "0xt", "eip155:8453", null), NETS);
        assertThat(settled.get("network").asText()).isEqualTo("base");
        assertThat(V1.kindToV1(new SupportedKind(2, "exact", "eip155:43113", null), NETS))
                .isEqualTo(new SupportedKind(1, "exact", "avalanche-fuji", null));
    }

    @Test
    void unknownNetworksPassThroughUnchanged() {
        assertThat(V1.toCaip2("my-private-chain", NETS)).isEqualTo("my-private-chain");
        assertThat(V1.toV1Name("eip155:999999", NETS)).isEqualTo("eip155:999999");
    }
}

package dev.x402j.evm;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.x402j.core.Asset;
import dev.x402j.core.model.PaymentRequirements;
import dev.x402j.testkit.DevAccount;
import dev.x402j.testkit.TestUsdc;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;

/** Accounts and requirements shared by the tests (the public anvil dev keys). */
final class EvmFixtures {
    static final DevAccount FACILITATOR = DevAccount.anvilDefaults().get(9);
    static final DevAccount PAYER = DevAccount.anvilDefaults().get(1);
    static final DevAccount MERCHANT = DevAccount.anvilDefaults().get(2);
    static final DevAccount BROKE = DevAccount.anvilDefaults().get(3);
    static final DevAccount STRANGER = DevAccount.anvilDefaults().get(4);
    private static final SecureRandom RANDOM = new SecureRandom();

    private EvmFixtures() {}

    /** The allowlist entry of a deployed test USDC (a scheme serves no token it was not given). */
    static List<Asset> assets(TestUsdc usdc) {
        return List.of(Asset.eip712(usdc.address(), usdc.symbol(), usdc.decimals(), usdc.name(), usdc.version()));
    }

    static ObjectNode domainExtra(String name, String version) {
        ObjectNode extra = JsonNodeFactory.instance.objectNode();
        if (name != null) {
            extra.put("name", name);
        }
        if (version != null) {
            extra.put("version", version);
        }
        return extra;
    }

    static PaymentRequirements requirements(String network, String asset, String payTo, long amount, ObjectNode extra) {
        return new PaymentRequirements("exact", network, BigInteger.valueOf(amount), asset, payTo, 60, extra);
    }

    static String randomNonce() {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        return "0x" + HexFormat.of().formatHex(b);
    }

    static Eip3009Authorization authorization(String from, String to, long value, long validAfter, long validBefore) {
        return new Eip3009Authorization(from, to, BigInteger.valueOf(value), BigInteger.valueOf(validAfter),
                BigInteger.valueOf(validBefore), randomNonce());
    }
}

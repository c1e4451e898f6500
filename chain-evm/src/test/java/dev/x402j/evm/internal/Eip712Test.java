package dev.x402j.evm.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.x402j.evm.Eip3009Authorization;
import dev.x402j.evm.Eip712Domain;
import java.math.BigInteger;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.StructuredDataEncoder;

/**
 * The EIP-712 digest of a TransferWithAuthorization, cross-checked against web3j's independent, general-purpose
 * {@link StructuredDataEncoder} fed the same typed data as JSON (what a wallet's eth_signTypedData_v4 receives).
 */
class Eip712Test {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void digestOfBaseUsdcAuthorizationMatchesWeb3jStructuredDataEncoder() throws Exception {
        Eip712Domain domain = new Eip712Domain("USD Coin", "2", 8453, "0x833589fCD6eDb6E08f4c7C32D4f71b54bdA02913");
        Eip3009Authorization auth = new Eip3009Authorization(
                "0x70997970C51812dc3A010C7d01b50e0d17dc79C8",
                "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC",
                BigInteger.valueOf(10_000),
                BigInteger.valueOf(1_735_689_000L),
                BigInteger.valueOf(1_735_689_660L),
                "0x" + "ab".repeat(32));

        byte[] ours = Eip712.transferWithAuthorizationDigest(domain, auth);
        byte[] web3j = new StructuredDataEncoder(typedData(domain, auth)).hashStructuredData();

        assertThat(HexFormat.of().formatHex(ours)).isEqualTo(HexFormat.of().formatHex(web3j));
    }

    @Test
    void domainSeparatorMatchesWeb3jHashDomain() throws Exception {
        Eip712Domain domain = new Eip712Domain("USDC", "2", 84532, "0x036CbD53842c5426634e7929541eC2318f3dCF7e");
        Eip3009Authorization auth = new Eip3009Authorization("0x" + "11".repeat(20), "0x" + "22".repeat(20),
                BigInteger.ONE, BigInteger.ZERO, BigInteger.TEN, "0x" + "00".repeat(32));

        assertThat(Eip712.domainSeparator(domain))
                .isEqualTo(new StructuredDataEncoder(typedData(domain, auth)).hashDomain());
    }

    @Test
    void randomAuthorizationsIncludingExtremeValuesMatchWeb3j() throws Exception {
        Random random = new Random(42);
        BigInteger max = BigInteger.ONE.shiftLeft(256).subtract(BigInteger.ONE);
        for (int i = 0; i < 25; i++) {
            byte[] from = new byte[20];
            byte[] to = new byte[20];
            byte[] contract = new byte[20];
            byte[] nonce = new byte[32];
            random.nextBytes(from);
            random.nextBytes(to);
            random.nextBytes(contract);
            random.nextBytes(nonce);
            BigInteger value = i == 0 ? max : i == 1 ? BigInteger.ZERO : new BigInteger(200, random);
            Eip712Domain domain = new Eip712Domain("Token " + i + " ✓", Integer.toString(i), 1 + random.nextInt(1 << 30),
                    Hex.encode(contract));
            Eip3009Authorization auth = new Eip3009Authorization(Hex.encode(from), Hex.encode(to), value,
                    BigInteger.valueOf(random.nextInt(1 << 30)), i == 2 ? max : BigInteger.valueOf(random.nextLong() >>> 1),
                    Hex.encode(nonce));

            assertThat(Eip712.transferWithAuthorizationDigest(domain, auth))
                    .as("authorization %d", i)
                    .isEqualTo(new StructuredDataEncoder(typedData(domain, auth)).hashStructuredData());
        }
    }

    @Test
    void everyFieldChangesTheDigest() {
        Eip712Domain domain = new Eip712Domain("USD Coin", "2", 8453, "0x833589fCD6eDb6E08f4c7C32D4f71b54bdA02913");
        Eip3009Authorization auth = new Eip3009Authorization("0x" + "11".repeat(20), "0x" + "22".repeat(20),
                BigInteger.ONE, BigInteger.ZERO, BigInteger.TEN, "0x" + "00".repeat(32));
        byte[] base = Eip712.transferWithAuthorizationDigest(domain, auth);

        assertThat(Eip712.transferWithAuthorizationDigest(new Eip712Domain("USDC", "2", 8453, domain.verifyingContract()), auth))
                .isNotEqualTo(base);
        assertThat(Eip712.transferWithAuthorizationDigest(new Eip712Domain("USD Coin", "1", 8453, domain.verifyingContract()), auth))
                .isNotEqualTo(base);
        assertThat(Eip712.transferWithAuthorizationDigest(new Eip712Domain("USD Coin", "2", 1, domain.verifyingContract()), auth))
                .isNotEqualTo(base);
        assertThat(Eip712.transferWithAuthorizationDigest(domain, new Eip3009Authorization(auth.from(), auth.to(),
                BigInteger.TWO, auth.validAfter(), auth.validBefore(), auth.nonceHex()))).isNotEqualTo(base);
        assertThat(Eip712.transferWithAuthorizationDigest(domain, new Eip3009Authorization(auth.from(), auth.to(),
                auth.value(), auth.validAfter(), auth.validBefore(), "0x" + "00".repeat(31) + "01"))).isNotEqualTo(base);
    }

    /** The typed data as eth_signTypedData_v4 takes it. */
    static String typedData(Eip712Domain d, Eip3009Authorization a) throws Exception {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode types = root.putObject("types");
        ArrayNode domainType = types.putArray("EIP712Domain");
        field(domainType, "name", "string");
        field(domainType, "version", "string");
        field(domainType, "chainId", "uint256");
        field(domainType, "verifyingContract", "address");
        ArrayNode transfer = types.putArray("TransferWithAuthorization");
        field(transfer, "from", "address");
        field(transfer, "to", "address");
        field(transfer, "value", "uint256");
        field(transfer, "validAfter", "uint256");
        field(transfer, "validBefore", "uint256");
        field(transfer, "nonce", "bytes32");
        root.put("primaryType", "TransferWithAuthorization");
        ObjectNode domain = root.putObject("domain");
        domain.put("name", d.name());
        domain.put("version", d.version());
        domain.put("chainId", d.chainId());
        domain.put("verifyingContract", d.verifyingContract());
        ObjectNode message = root.putObject("message");
        message.put("from", a.from());
        message.put("to", a.to());
        message.put("value", a.value().toString());
        message.put("validAfter", a.validAfter().toString());
        message.put("validBefore", a.validBefore().toString());
        message.put("nonce", a.nonceHex());
        return JSON.writeValueAsString(root);
    }

    private static void field(ArrayNode type, String name, String solidityType) {
        type.addObject().put("name", name).put("type", solidityType);
    }
}

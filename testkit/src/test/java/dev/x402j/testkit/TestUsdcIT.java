package dev.x402j.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.DynamicBytes;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.generated.Bytes32;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.abi.datatypes.generated.Uint8;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Hash;
import org.web3j.crypto.Sign;
import org.web3j.crypto.StructuredDataEncoder;

/** Deploys TestUSDC on a real anvil (chain id 84532) and settles real EIP-3009 / ERC-2612 signatures. */
class TestUsdcIT {

    private static final HexFormat HEX = HexFormat.of();
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String TRANSFER_TYPE =
            "TransferWithAuthorization(address from,address to,uint256 value,uint256 validAfter,uint256 validBefore,bytes32 nonce)";
    private static final BigInteger GAS = BigInteger.valueOf(300_000);

    private static AnvilChain chain;
    private static TestUsdc usdc;
    private static DevAccount facilitator;
    private static DevAccount payer;
    private static DevAccount payee;
    private String snapshot;

    @BeforeAll
    static void startChain() {
        chain = AnvilChain.start(84532);
        usdc = TestUsdc.deploy(chain);
        facilitator = chain.accounts().get(0);
        payer = chain.accounts().get(1);
        payee = chain.accounts().get(2);
    }

    @AfterAll
    static void stopChain() {
        if (chain != null) {
            chain.close();
        }
    }

    @BeforeEach
    void takeSnapshot() {
        snapshot = chain.snapshot();
    }

    @AfterEach
    void restoreSnapshot() {
        assertThat(chain.revert(snapshot)).isTrue();
    }

    @Test
    void looksLikeUsdc() {
        assertThat(usdc.address()).startsWith("0x").hasSize(42);
        assertThat(usdc.name()).isEqualTo("USD Coin");
        assertThat(usdc.symbol()).isEqualTo("USDC");
        assertThat(usdc.version()).isEqualTo("2");
        assertThat(usdc.decimals()).isEqualTo(6);
        assertThat(usdc.owner()).isEqualTo(facilitator.address());
        assertThat(usdc.domainSeparator()).isEqualTo(hex(domainSeparator()));
    }

    @Test
    void mintAndBalanceOfAreExact() {
        BigInteger amount = new BigInteger("1234567891");
        assertThat(usdc.balanceOf(payer.address())).isZero();
        usdc.mint(payer.address(), amount);
        assertThat(usdc.balanceOf(payer.address())).isEqualTo(amount);
        assertThat(usdc.totalSupply()).isEqualTo(amount);

        String byStranger = abiCall("mint", new Address(payer.address()), new Uint256(1));
        assertThatThrownBy(() -> chain.rpc("eth_call",
                        Map.of("from", payer.address(), "to", usdc.address(), "data", byStranger), "latest"))
                .isInstanceOfSatisfying(NodeRpcException.class, e -> assertThat(e.dataHex())
                        .startsWith(selector("OwnableUnauthorizedAccount(address)")));
    }

    @Test
    void transferWithAuthorizationSettlesOnceAndReplayReverts() {
        usdc.mint(payer.address(), BigInteger.valueOf(5_000_000));
        BigInteger value = BigInteger.valueOf(1_250_000);
        String nonce = randomNonce();
        long validBefore = chain.blockTimestamp() + 3600;
        Sign.SignatureData sig = sign(payer, value, 0, validBefore, nonce);
        String data = vrsCall(payer.address(), payee.address(), value, 0, validBefore, nonce, sig);

        assertThat(usdc.authorizationState(payer.address(), nonce)).isFalse();
        JsonNode receipt = send(data, null);
        assertThat(receipt.path("status").asText()).isEqualTo("0x1");
        assertThat(usdc.balanceOf(payer.address())).isEqualTo(3_750_000);
        assertThat(usdc.balanceOf(payee.address())).isEqualTo(1_250_000);
        assertThat(usdc.authorizationState(payer.address(), nonce)).isTrue();
        String authorizationUsed = Hash.sha3String("AuthorizationUsed(address,bytes32)");
        assertThat(receipt.path("logs").findValues("topics"))
                .anySatisfy(topics -> {
                    assertThat(topics.get(0).asText()).isEqualTo(authorizationUsed);
                    assertThat(topics.get(2).asText()).isEqualTo(nonce);
                });

        // replay: the node refuses to estimate it, naming the custom error ...
        assertThatThrownBy(() -> chain.call(usdc.address(), data))
                .isInstanceOfSatisfying(NodeRpcException.class, e -> assertThat(e.dataHex())
                        .isEqualTo(abiCall("ERC3009UsedAuthorization", new Address(payer.address()), bytes32(nonce))));
        // ... and mined with explicit gas it fails and moves nothing
        JsonNode replay = send(data, GAS);
        assertThat(replay.path("status").asText()).isEqualTo("0x0");
        assertThat(usdc.balanceOf(payer.address())).isEqualTo(3_750_000);
        assertThat(usdc.balanceOf(payee.address())).isEqualTo(1_250_000);
    }

    @Test
    void bytesSignatureOverloadSettlesToo() {
        usdc.mint(payer.address(), BigInteger.valueOf(1_000_000));
        String nonce = randomNonce();
        long validBefore = chain.blockTimestamp() + 600;
        Sign.SignatureData sig = sign(payer, BigInteger.valueOf(10_000), 0, validBefore, nonce);
        byte[] packed = new byte[65];
        System.arraycopy(sig.getR(), 0, packed, 0, 32);
        System.arraycopy(sig.getS(), 0, packed, 32, 32);
        packed[64] = sig.getV()[0];
        String data = abiCall("transferWithAuthorization", new Address(payer.address()), new Address(payee.address()),
                new Uint256(10_000), new Uint256(0), new Uint256(validBefore), bytes32(nonce), new DynamicBytes(packed));
        assertThat(data).startsWith(selector(
                "transferWithAuthorization(address,address,uint256,uint256,uint256,bytes32,bytes)"));

        assertThat(send(data, null).path("status").asText()).isEqualTo("0x1");
        assertThat(usdc.balanceOf(payee.address())).isEqualTo(10_000);
        assertThat(usdc.authorizationState(payer.address(), nonce)).isTrue();
    }

    @Test
    void wrongSignerIsRejected() {
        usdc.mint(payer.address(), BigInteger.valueOf(1_000_000));
        String nonce = randomNonce();
        long validBefore = chain.blockTimestamp() + 600;
        DevAccount impostor = chain.accounts().get(3);
        Sign.SignatureData sig = sign(impostor, BigInteger.valueOf(500_000), 0, validBefore, nonce);
        String data = vrsCall(payer.address(), payee.address(), BigInteger.valueOf(500_000), 0, validBefore, nonce, sig);

        assertThatThrownBy(() -> chain.call(usdc.address(), data))
                .isInstanceOfSatisfying(NodeRpcException.class, e -> assertThat(e.dataHex())
                        .isEqualTo(selector("ERC3009InvalidSignature()")));
        assertThat(send(data, GAS).path("status").asText()).isEqualTo("0x0");
        assertThat(usdc.balanceOf(payer.address())).isEqualTo(1_000_000);
        assertThat(usdc.balanceOf(payee.address())).isZero();
        assertThat(usdc.authorizationState(payer.address(), nonce)).isFalse();
    }

    @Test
    void expiredAuthorizationIsRejected() {
        usdc.mint(payer.address(), BigInteger.valueOf(1_000_000));
        String nonce = randomNonce();
        long validBefore = chain.blockTimestamp() + 60;
        Sign.SignatureData sig = sign(payer, BigInteger.ONE, 0, validBefore, nonce);
        String data = vrsCall(payer.address(), payee.address(), BigInteger.ONE, 0, validBefore, nonce, sig);
        chain.increaseTime(120);
        chain.mine();

        assertThatThrownBy(() -> chain.call(usdc.address(), data))
                .isInstanceOfSatisfying(NodeRpcException.class, e -> assertThat(e.dataHex())
                        .startsWith(selector("ERC3009InvalidAuthorizationTime(uint256,uint256)")));
    }

    @Test
    void manualDigestMatchesWeb3jStructuredDataEncoder() throws Exception {
        String nonce = randomNonce();
        String json = """
                {"types":{
                   "EIP712Domain":[{"name":"name","type":"string"},{"name":"version","type":"string"},
                                   {"name":"chainId","type":"uint256"},{"name":"verifyingContract","type":"address"}],
                   "TransferWithAuthorization":[{"name":"from","type":"address"},{"name":"to","type":"address"},
                     {"name":"value","type":"uint256"},{"name":"validAfter","type":"uint256"},
                     {"name":"validBefore","type":"uint256"},{"name":"nonce","type":"bytes32"}]},
                 "primaryType":"TransferWithAuthorization",
                 "domain":{"name":"USD Coin","version":"2","chainId":84532,"verifyingContract":"%s"},
                 "message":{"from":"%s","to":"%s","value":"1000","validAfter":"0","validBefore":"9999999999","nonce":"%s"}}
                """.formatted(usdc.address(), payer.address(), payee.address(), nonce);
        byte[] web3j = new StructuredDataEncoder(json).hashStructuredData();
        assertThat(hex(web3j)).isEqualTo(hex(digest(payer.address(), payee.address(), BigInteger.valueOf(1000), 0,
                9_999_999_999L, nonce)));
    }

    @Test
    void permitWithDomainVersionTwo() {
        BigInteger value = BigInteger.valueOf(777);
        long deadline = chain.blockTimestamp() + 600;
        String typeHash = Hash.sha3String("Permit(address owner,address spender,uint256 value,uint256 nonce,uint256 deadline)");
        BigInteger nonce = usdc.nonces(payer.address());
        byte[] structHash = Hash.sha3(HEX.parseHex(typeHash.substring(2) + abiEncode(new Address(payer.address()),
                new Address(facilitator.address()), new Uint256(value), new Uint256(nonce), new Uint256(deadline))));
        Sign.SignatureData sig = Sign.signMessage(eip712(structHash), Credentials.create(payer.privateKeyHex()).getEcKeyPair(), false);
        String data = abiCall("permit", new Address(payer.address()), new Address(facilitator.address()),
                new Uint256(value), new Uint256(deadline), new Uint8(sig.getV()[0] & 0xff), new Bytes32(sig.getR()),
                new Bytes32(sig.getS()));
        assertThat(data).startsWith(selector("permit(address,address,uint256,uint256,uint8,bytes32,bytes32)"));

        assertThat(send(data, null).path("status").asText()).isEqualTo("0x1");
        assertThat(usdc.allowance(payer.address(), facilitator.address())).isEqualTo(value);
        assertThat(usdc.nonces(payer.address())).isEqualTo(nonce.add(BigInteger.ONE));
        // the same permit again: nonce moved on, so the recovered signer differs
        assertThatThrownBy(() -> chain.call(usdc.address(), data))
                .isInstanceOfSatisfying(NodeRpcException.class, e -> assertThat(e.dataHex())
                        .startsWith(selector("ERC2612InvalidSigner(address,address)")));
    }

    // ------------------------------------------------------------------------------------------ helpers

    private static JsonNode send(String data, BigInteger gas) {
        Map<String, Object> tx = gas == null
                ? Map.of("from", facilitator.address(), "to", usdc.address(), "data", data)
                : Map.of("from", facilitator.address(), "to", usdc.address(), "data", data, "gas", AnvilChain.hex(gas));
        return chain.waitForReceipt(chain.sendTransaction(tx));
    }

    private static String vrsCall(String from, String to, BigInteger value, long validAfter, long validBefore,
                                  String nonce, Sign.SignatureData sig) {
        String data = abiCall("transferWithAuthorization", new Address(from), new Address(to), new Uint256(value),
                new Uint256(validAfter), new Uint256(validBefore), bytes32(nonce), new Uint8(sig.getV()[0] & 0xff),
                new Bytes32(sig.getR()), new Bytes32(sig.getS()));
        assertThat(data).startsWith(selector(
                "transferWithAuthorization(address,address,uint256,uint256,uint256,bytes32,uint8,bytes32,bytes32)"));
        return data;
    }

    private static Sign.SignatureData sign(DevAccount signer, BigInteger value, long validAfter, long validBefore,
                                           String nonce) {
        byte[] digest = digest(payer.address(), payee.address(), value, validAfter, validBefore, nonce);
        return Sign.signMessage(digest, Credentials.create(signer.privateKeyHex()).getEcKeyPair(), false);
    }

    /** EIP-712 digest of TransferWithAuthorization, hashed by hand. */
    private static byte[] digest(String from, String to, BigInteger value, long validAfter, long validBefore,
                                 String nonce) {
        byte[] structHash = Hash.sha3(HEX.parseHex(Hash.sha3String(TRANSFER_TYPE).substring(2)
                + abiEncode(new Address(from), new Address(to), new Uint256(value), new Uint256(validAfter),
                        new Uint256(validBefore), bytes32(nonce))));
        return eip712(structHash);
    }

    private static byte[] eip712(byte[] structHash) {
        return Hash.sha3(HEX.parseHex("1901" + HEX.formatHex(domainSeparator()) + HEX.formatHex(structHash)));
    }

    private static byte[] domainSeparator() {
        String typeHash = Hash.sha3String("EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)");
        return Hash.sha3(HEX.parseHex(typeHash.substring(2)
                + Hash.sha3String("USD Coin").substring(2)
                + Hash.sha3String("2").substring(2)
                + abiEncode(new Uint256(chain.chainId()), new Address(usdc.address()))));
    }

    /** Calldata (or custom-error revert data, encoded the same way): selector of {@code name(types…)}, then the values. */
    @SuppressWarnings("rawtypes")
    private static String abiCall(String name, Type... values) {
        return FunctionEncoder.encode(new Function(name, List.of(values), List.of()));
    }

    /** {@code abi.encode(values…)}, the words an EIP-712 struct hash is taken over. */
    @SuppressWarnings("rawtypes")
    private static String abiEncode(Type... values) {
        return FunctionEncoder.encodeConstructor(List.of(values));
    }

    /** The 0x-hex 4-byte selector of a canonical signature. */
    private static String selector(String signature) {
        return Hash.sha3String(signature).substring(0, 10);
    }

    private static Bytes32 bytes32(String hex) {
        return new Bytes32(HEX.parseHex(hex.substring(2)));
    }

    private static String randomNonce() {
        byte[] nonce = new byte[32];
        RANDOM.nextBytes(nonce);
        return hex(nonce);
    }

    private static String hex(byte[] bytes) {
        return "0x" + HEX.formatHex(bytes);
    }
}

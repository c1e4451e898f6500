package dev.x402j.testkit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.FunctionReturnDecoder;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.Bool;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.Utf8String;
import org.web3j.abi.datatypes.generated.Bytes32;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.abi.datatypes.generated.Uint8;
import org.web3j.utils.Numeric;

/**
 * A deployed {@code TestUSDC} contract on an {@link AnvilChain}: a token that behaves like Circle's USDC
 * where x402 cares (name "USD Coin", symbol "USDC", 6 decimals, EIP-712 domain version "2", EIP-3009
 * {@code transferWithAuthorization}/{@code receiveWithAuthorization}/{@code cancelAuthorization} with both
 * the (v,r,s) and the bytes-signature overloads, ERC-2612 {@code permit}). Dev account 0 deploys it and is
 * the only one allowed to mint.
 *
 * <p>Test infrastructure only. The compiled artifact is {@value #ARTIFACT} (source
 * {@code testkit/src/main/solidity/TestUSDC.sol}, rebuilt with {@code node testkit/node/compile-token.mjs}).
 */
public final class TestUsdc {

    /** Classpath resource holding {@code {contractName, compiler, abi, bytecode}}. */
    public static final String ARTIFACT = "/dev/x402j/testkit/TestUSDC.json";

    private final AnvilChain chain;
    private final String address;
    private final String owner;

    private TestUsdc(AnvilChain chain, String address, String owner) {
        this.chain = chain;
        this.address = address;
        this.owner = owner;
    }

    /** Deploys a fresh token from dev account 0 and waits for the receipt. */
    public static TestUsdc deploy(AnvilChain chain) {
        String deployer = chain.accounts().get(0).address();
        String hash = chain.sendTransaction(Map.of("from", deployer, "data", bytecode()));
        JsonNode receipt = requireSuccess(chain.waitForReceipt(hash), "deploy TestUSDC");
        String address = receipt.path("contractAddress").asText(null);
        if (address == null || address.isEmpty()) {
            throw new IllegalStateException("deploy receipt without contractAddress: " + receipt);
        }
        return new TestUsdc(chain, address, deployer);
    }

    /** A handle on a token already deployed (by dev account 0) at {@code address}. */
    public static TestUsdc at(AnvilChain chain, String address) {
        return new TestUsdc(chain, address, chain.accounts().get(0).address());
    }

    /** The contract creation bytecode from the committed artifact, 0x-hex. */
    public static String bytecode() {
        return artifact().get("bytecode").asText();
    }

    /** The contract ABI from the committed artifact. */
    public static JsonNode abi() {
        return artifact().get("abi");
    }

    private static JsonNode artifact() {
        try (InputStream in = TestUsdc.class.getResourceAsStream(ARTIFACT)) {
            if (in == null) {
                throw new IllegalStateException("missing classpath resource " + ARTIFACT);
            }
            return new ObjectMapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + ARTIFACT, e);
        }
    }

    /** The contract address (lower-case 0x-hex as anvil reports it). */
    public String address() {
        return address;
    }

    /** The chain the token lives on. */
    public AnvilChain chain() {
        return chain;
    }

    /** The deployer, the only account that may mint. */
    public String owner() {
        return owner;
    }

    public String name() {
        return call("name", new TypeReference<Utf8String>() {});
    }

    public String symbol() {
        return call("symbol", new TypeReference<Utf8String>() {});
    }

    /** The EIP-712 domain version, "2". */
    public String version() {
        return call("version", new TypeReference<Utf8String>() {});
    }

    public int decimals() {
        return call("decimals", new TypeReference<Uint8>() {}).intValueExact();
    }

    /** Mints {@code amount} atomic units (6 decimals) to {@code to}, from the owner; waits for the receipt. */
    public void mint(String to, BigInteger amount) {
        String data = FunctionEncoder.encode(new Function("mint", List.of(new Address(to), new Uint256(amount)), List.of()));
        String hash = chain.sendTransaction(Map.of("from", owner, "to", address, "data", data));
        requireSuccess(chain.waitForReceipt(hash), "mint");
    }

    public BigInteger balanceOf(String account) {
        return call("balanceOf", new TypeReference<Uint256>() {}, new Address(account));
    }

    public BigInteger totalSupply() {
        return call("totalSupply", new TypeReference<Uint256>() {});
    }

    /** Whether the EIP-3009 nonce (32 bytes, 0x-hex) of {@code authorizer} is used or cancelled. */
    public boolean authorizationState(String authorizer, String nonceHex) {
        return call("authorizationState", new TypeReference<Bool>() {}, new Address(authorizer),
                new Bytes32(Numeric.hexStringToByteArray(nonceHex)));
    }

    /** The ERC-2612 permit nonce of {@code owner}. */
    public BigInteger nonces(String account) {
        return call("nonces", new TypeReference<Uint256>() {}, new Address(account));
    }

    public BigInteger allowance(String tokenOwner, String spender) {
        return call("allowance", new TypeReference<Uint256>() {}, new Address(tokenOwner), new Address(spender));
    }

    /** The EIP-712 domain separator, 0x-hex. */
    public String domainSeparator() {
        return Numeric.toHexString(call("DOMAIN_SEPARATOR", new TypeReference<Bytes32>() {}));
    }

    /** {@code eth_call} of a view function with one return value, ABI-encoded and decoded by web3j. */
    @SuppressWarnings({"rawtypes", "unchecked"})
    private <T> T call(String function, TypeReference<? extends Type<T>> returns, Type... args) {
        Function call = new Function(function, Arrays.asList(args), List.of(returns));
        List<Type> decoded = FunctionReturnDecoder.decode(
                chain.call(address, FunctionEncoder.encode(call)), call.getOutputParameters());
        if (decoded.isEmpty()) {
            throw new IllegalStateException(function + "() of " + address + " returned no data");
        }
        return (T) decoded.get(0).getValue();
    }

    private static JsonNode requireSuccess(JsonNode receipt, String what) {
        Objects.requireNonNull(receipt, "receipt");
        if (!"0x1".equals(receipt.path("status").asText())) {
            throw new IllegalStateException(what + " failed, receipt: " + receipt);
        }
        return receipt;
    }
}

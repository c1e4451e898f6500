package dev.x402j.evm.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.x402j.core.rpc.JsonRpcException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class AbiTest {
    @Test
    void selectorsAreTheWellKnownOnes() {
        assertThat(HexFormat.of().formatHex(Abi.selector("balanceOf(address)"))).isEqualTo("70a08231");
        assertThat(HexFormat.of().formatHex(Abi.selector("transfer(address,uint256)"))).isEqualTo("a9059cbb");
        // EIP-3009's selector as listed in the EIP and in USDC's FiatTokenV2
        assertThat(HexFormat.of().formatHex(Abi.selector(
                "transferWithAuthorization(address,address,uint256,uint256,uint256,bytes32,uint8,bytes32,bytes32)")))
                .isEqualTo("e3ee160e");
    }

    @Test
    void encodesStaticWords() {
        byte[] data = Abi.call("balanceOf(address)", Abi.address("0x70997970C51812dc3A010C7d01b50e0d17dc79C8"));
        assertThat(Hex.encode(data)).isEqualTo("0x70a08231" + "0".repeat(24) + "70997970c51812dc3a010c7d01b50e0d17dc79c8");
        assertThat(Abi.uint256(BigInteger.ONE.shiftLeft(256).subtract(BigInteger.ONE))).containsOnly((byte) 0xff);
        assertThatThrownBy(() -> Abi.uint256(BigInteger.ONE.shiftLeft(256))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Abi.uint256(BigInteger.valueOf(-1))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void decodesStringsBothWays() {
        assertThat(Abi.decodeString(abiString("USD Coin"))).isEqualTo("USD Coin");
        assertThat(Abi.decodeString(abiString(""))).isEmpty();
        byte[] bytes32 = new byte[32];
        System.arraycopy("MKR".getBytes(StandardCharsets.US_ASCII), 0, bytes32, 0, 3);
        assertThat(Abi.decodeString(bytes32)).isEqualTo("MKR");
        assertThatThrownBy(() -> Abi.decodeString(new byte[5])).isInstanceOf(IllegalArgumentException.class);
        byte[] lying = abiString("abc");
        lying[63] = 100; // claims 100 bytes
        assertThatThrownBy(() -> Abi.decodeString(lying)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void describesReverts() {
        byte[] errorString = concat(Abi.selector("Error(string)"), abiString("FiatTokenV2: invalid signature"));
        assertThat(Abi.describeRevert(errorString)).contains("\"FiatTokenV2: invalid signature\"");
        assertThat(Abi.describeRevert(Abi.selector("ERC3009InvalidSignature()"))).contains("ERC3009InvalidSignature()");
        assertThat(Abi.describeRevert(concat(Abi.selector("Panic(uint256)"), Abi.uint256(0x11)))).contains("Panic(0x11)");
        assertThat(Abi.describeRevert(new byte[] {1, 2, 3, 4})).contains("custom error 0x01020304");
        assertThat(Abi.describeRevert(new byte[0])).isEmpty();
    }

    @Test
    void jsonRpcErrorsExposeRevertData() {
        var data = JsonNodeFactory.instance.textNode(Hex.encode(Abi.selector("ERC3009InvalidSignature()")));
        JsonRpcException revert = new JsonRpcException("eth_call", 3, "execution reverted", data);
        assertThat(EvmRpc.isExecutionFailure(revert)).isTrue();
        assertThat(EvmRpc.revertReason(revert)).isEqualTo("ERC3009InvalidSignature()");

        var nested = JsonNodeFactory.instance.objectNode().put("data", Hex.encode(Abi.selector("EnforcedPause()")));
        assertThat(EvmRpc.revertReason(new JsonRpcException("eth_call", -32000, "execution reverted", nested)))
                .isEqualTo("EnforcedPause()");

        JsonRpcException limit = new JsonRpcException("eth_call", -32005, "limit exceeded", null);
        assertThat(EvmRpc.isExecutionFailure(limit)).isFalse();
        assertThat(EvmRpc.revertData(limit)).isEmpty();
        assertThat(EvmRpc.revertReason(limit)).isEqualTo("limit exceeded");
    }

    @Test
    void quantities() {
        assertThat(Hex.quantity(0)).isEqualTo("0x0");
        assertThat(Hex.quantity(255)).isEqualTo("0xff");
        assertThat(Hex.parseQuantity("0x1a")).isEqualTo(26);
        assertThatThrownBy(() -> Hex.parseQuantity("26")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Hex.parseQuantity("0x")).isInstanceOf(IllegalArgumentException.class);
    }

    static byte[] abiString(String s) {
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        int padded = (utf8.length + 31) / 32 * 32;
        byte[] out = new byte[64 + padded];
        System.arraycopy(Abi.uint256(32), 0, out, 0, 32);
        System.arraycopy(Abi.uint256(utf8.length), 0, out, 32, 32);
        System.arraycopy(utf8, 0, out, 64, utf8.length);
        return out;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}

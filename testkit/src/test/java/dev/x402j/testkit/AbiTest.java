package dev.x402j.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import org.junit.jupiter.api.Test;

class AbiTest {

    @Test
    void knownSelectors() {
        assertThat(Abi.selector("transfer(address,uint256)")).isEqualTo("a9059cbb");
        assertThat(Abi.selector("balanceOf(address)")).isEqualTo("70a08231");
        // EIP-3009 transferWithAuthorization with (v,r,s), as listed in the EIP
        assertThat(Abi.selector("transferWithAuthorization(address,address,uint256,uint256,uint256,bytes32,uint8,bytes32,bytes32)"))
                .isEqualTo("e3ee160e");
    }

    @Test
    void encodesStaticWords() {
        String data = Abi.call("balanceOf(address)", Abi.address("0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266"));
        assertThat(data).isEqualTo("0x70a08231000000000000000000000000f39fd6e51aad88f6f4ce6ab8827279cfffb92266");
        assertThat(Abi.uint(BigInteger.valueOf(255))).hasSize(64).endsWith("ff").startsWith("000");
        assertThatThrownBy(() -> Abi.uint(BigInteger.ONE.negate())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Abi.address("0x1234")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void decodesString() {
        // abi.encode("USD Coin")
        String encoded = "0x"
                + "0000000000000000000000000000000000000000000000000000000000000020"
                + "0000000000000000000000000000000000000000000000000000000000000008"
                + "55534420436f696e000000000000000000000000000000000000000000000000";
        assertThat(Abi.decodeString(encoded)).isEqualTo("USD Coin");
    }
}

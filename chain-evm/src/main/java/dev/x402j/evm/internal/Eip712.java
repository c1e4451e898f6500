package dev.x402j.evm.internal;

import dev.x402j.evm.Eip3009Authorization;
import dev.x402j.evm.Eip712Domain;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.web3j.crypto.Hash;

/**
 * EIP-712 hashing of an EIP-3009 {@code TransferWithAuthorization} under the domain
 * {@code EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)}.
 */
public final class Eip712 {
    static final String DOMAIN_TYPE = "EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)";
    static final String TRANSFER_TYPE = "TransferWithAuthorization(address from,address to,uint256 value,"
            + "uint256 validAfter,uint256 validBefore,bytes32 nonce)";

    private static final byte[] DOMAIN_TYPEHASH = keccak(DOMAIN_TYPE);
    private static final byte[] TRANSFER_TYPEHASH = keccak(TRANSFER_TYPE);

    private Eip712() {}

    /** {@code keccak256(0x1901 ‖ domainSeparator ‖ hashStruct(authorization))}: what the payer signs. */
    public static byte[] transferWithAuthorizationDigest(Eip712Domain domain, Eip3009Authorization auth) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(66);
        out.write(0x19);
        out.write(0x01);
        out.writeBytes(domainSeparator(domain));
        out.writeBytes(structHash(auth));
        return Hash.sha3(out.toByteArray());
    }

    /** The domain separator, as the token contract's {@code DOMAIN_SEPARATOR()} returns it. */
    public static byte[] domainSeparator(Eip712Domain d) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(160);
        out.writeBytes(DOMAIN_TYPEHASH);
        out.writeBytes(keccak(d.name()));
        out.writeBytes(keccak(d.version()));
        out.writeBytes(Abi.uint256(java.math.BigInteger.valueOf(d.chainId())));
        out.writeBytes(Abi.address(d.verifyingContract()));
        return Hash.sha3(out.toByteArray());
    }

    static byte[] structHash(Eip3009Authorization a) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(224);
        out.writeBytes(TRANSFER_TYPEHASH);
        out.writeBytes(Abi.address(a.from()));
        out.writeBytes(Abi.address(a.to()));
        out.writeBytes(Abi.uint256(a.value()));
        out.writeBytes(Abi.uint256(a.validAfter()));
        out.writeBytes(Abi.uint256(a.validBefore()));
        out.writeBytes(Hex.decode(a.nonceHex()));
        return Hash.sha3(out.toByteArray());
    }

    private static byte[] keccak(String utf8) {
        return Hash.sha3(utf8.getBytes(StandardCharsets.UTF_8));
    }
}

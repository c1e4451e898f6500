package dev.x402j.evm;

import dev.x402j.core.ErrorReason;
import dev.x402j.core.rpc.JsonRpcClient.Answer;
import dev.x402j.core.rpc.JsonRpcException;
import dev.x402j.evm.internal.Abi;
import dev.x402j.evm.internal.EvmRpc;
import dev.x402j.evm.internal.Hex;
import java.math.BigInteger;
import java.util.List;
import java.util.Optional;

/**
 * Why {@code transferWithAuthorization} reverts (in a simulation or a gas estimate), in payment terms: read from the
 * token's state in one batched round trip, in this order: balance, nonce state, EIP-712 name, EIP-712 version; else
 * the contract's own error. A check the token cannot answer (no such function) is skipped. Thread-safe.
 */
final class RevertDiagnosis {
    private final Node node;

    RevertDiagnosis(Node node) {
        this.node = node;
    }

    /**
     * @param wantedName    the EIP-712 name the payment was signed for, when known
     * @param wantedVersion likewise the version
     * @param revert        the node's answer to the call that reverted
     */
    Refusal diagnose(Eip3009Authorization auth, String asset, Optional<String> wantedName,
            Optional<String> wantedVersion, JsonRpcException revert) {
        List<Answer> a = node.batch(List.of(
                node.ethCall(asset, Abi.call("balanceOf(address)", Abi.address(auth.from()))),
                node.ethCall(asset, Abi.call("authorizationState(address,bytes32)", Abi.address(auth.from()),
                        Abi.bytes32(Hex.decode(auth.nonceHex())))),
                node.ethCall(asset, Abi.call("name()")),
                node.ethCall(asset, Abi.call("version()"))));

        BigInteger balance = node.decode(a.get(0), "balanceOf(address)", Abi::decodeUint);
        if (balance != null && balance.compareTo(auth.value()) < 0) {
            return new Refusal(EvmReasons.INVALID_EXACT_EVM_INSUFFICIENT_BALANCE, "payer " + auth.from()
                    + " holds " + balance + " of token " + asset + ", the authorization moves " + auth.value());
        }
        Boolean used = node.decode(a.get(1), "authorizationState(address,bytes32)", Abi::decodeBool);
        if (Boolean.TRUE.equals(used)) {
            return new Refusal(EvmReasons.INVALID_EXACT_EVM_NONCE_ALREADY_USED, "authorization nonce "
                    + auth.nonceHex() + " of " + auth.from() + " is already used or cancelled on token " + asset);
        }
        String name = node.decodeStringOrNull(a.get(2), "name()");
        if (name != null && wantedName.isPresent() && !name.equals(wantedName.get())) {
            return new Refusal(EvmReasons.INVALID_EXACT_EVM_TOKEN_NAME_MISMATCH, "token " + asset
                    + " has EIP-712 name \"" + name + "\", requirements.extra.name is \"" + wantedName.get() + "\"");
        }
        String version = node.decodeStringOrNull(a.get(3), "version()");
        if (version != null && wantedVersion.isPresent() && !version.equals(wantedVersion.get())) {
            return new Refusal(EvmReasons.INVALID_EXACT_EVM_TOKEN_VERSION_MISMATCH, "token " + asset
                    + " has EIP-712 version \"" + version + "\", requirements.extra.version is \""
                    + wantedVersion.get() + "\"");
        }
        return new Refusal(EvmReasons.INVALID_EXACT_EVM_TRANSACTION_SIMULATION_FAILED,
                "transferWithAuthorization on token " + asset + " would revert: " + EvmRpc.revertReason(revert));
    }
}

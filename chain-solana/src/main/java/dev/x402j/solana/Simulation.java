package dev.x402j.solana;

import com.fasterxml.jackson.databind.JsonNode;
import dev.x402j.core.ErrorReason;
import dev.x402j.core.VerifyResult;
import dev.x402j.core.model.PaymentRequirements;
import dev.x402j.core.rpc.JsonRpcClient.Answer;
import dev.x402j.core.rpc.JsonRpcClient.Call;
import dev.x402j.core.rpc.JsonRpcException;
import dev.x402j.solana.internal.ProgramInstructions.TransferChecked;
import dev.x402j.solana.internal.SolanaRpc;
import dev.x402j.solana.internal.Transaction;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * The chain's part of verify: the blockhash is still valid and the transaction has not landed yet (one batch), then a
 * simulation of the fee-payer-signed transaction with signature verification. A failed simulation is diagnosed in
 * payment terms where the cause is the payment's: the payer's token balance, an expired blockhash, else the node's
 * error. Thread-safe.
 */
final class Simulation {
    /** SPL Token's {@code TokenError::InsufficientFunds}. */
    private static final int TOKEN_ERROR_INSUFFICIENT_FUNDS = 1;
    private static final int TOKEN_ACCOUNT_AMOUNT_OFFSET = 64;

    private final Cluster cluster;
    private final FeePayers feePayers;

    Simulation(Cluster cluster, FeePayers feePayers) {
        this.cluster = cluster;
        this.feePayers = feePayers;
    }

    /** Whether {@code tx}, which passed the offline checks, would settle now. */
    VerifyResult check(PaymentRequirements req, Transaction tx, TransferChecked transfer, String payer) {
        Transaction signed = feePayers.coSign(tx);
        String id = signed.id();
        String blockhash = tx.message().recentBlockhashBase58();
        cluster.ensureChain();
        List<Answer> a = cluster.batch(List.of(
                Call.of("isBlockhashValid", blockhash, Map.of("commitment", cluster.commitment())),
                Call.of("getSignatureStatuses", List.of(id), Map.of("searchTransactionHistory", true))));
        JsonNode status = cluster.value(a.get(1)).path(0);
        if (status.isObject()) {
            return VerifyResult.invalid(ErrorReason.DUPLICATE_SETTLEMENT, "this transaction (" + id
                    + ") has already been sent, in slot " + status.path("slot").asText("?"), payer);
        }
        if (!cluster.value(a.get(0)).asBoolean(false)) {
            return VerifyResult.invalid(SolanaReasons.TRANSACTION_SIMULATION_FAILED, "the transaction's recent "
                    + "blockhash " + blockhash + " has expired (isBlockhashValid is false); sign a new transaction", payer);
        }
        JsonNode value;
        try {
            value = cluster.call("simulateTransaction", Base64.getEncoder().encodeToString(signed.serialize()), Map.of(
                    "encoding", "base64",
                    "sigVerify", true,
                    "replaceRecentBlockhash", false,
                    "commitment", cluster.commitment())).path("value");
        } catch (JsonRpcException e) {
            if (e.code() == SolanaRpc.TRANSACTION_SIGNATURE_VERIFICATION_FAILURE) {
                return VerifyResult.invalid(SolanaReasons.INVALID_EXACT_SVM_PAYLOAD_SIGNATURE_INVALID,
                        "the node rejected the transaction's signatures: " + e.rpcMessage(), payer);
            }
            if (e.code() == SolanaRpc.INVALID_PARAMS) {
                return VerifyResult.invalid(SolanaReasons.INVALID_EXACT_SVM_PAYLOAD_TRANSACTION_COULD_NOT_BE_DECODED,
                        "the node cannot read the transaction: " + e.rpcMessage(), payer);
            }
            throw cluster.unavailable(e);
        }
        JsonNode err = value.path("err");
        if (err.isMissingNode() || err.isNull()) {
            return VerifyResult.valid(payer);
        }
        return diagnose(err, value.path("logs"), transfer, req, payer);
    }

    /** Why a simulation failed, in payment terms where the cause is the payment's. */
    private VerifyResult diagnose(JsonNode err, JsonNode logs, TransferChecked transfer, PaymentRequirements req,
            String payer) {
        if (isTokenInsufficientFunds(err)) {
            return VerifyResult.invalid(ErrorReason.INSUFFICIENT_FUNDS, "the payer's token account "
                    + transfer.source() + " holds less than " + req.amount() + " of " + transfer.mint(), payer);
        }
        if ("BlockhashNotFound".equals(err.asText())) {
            return VerifyResult.invalid(SolanaReasons.TRANSACTION_SIMULATION_FAILED, "the transaction's recent "
                    + "blockhash is unknown to the node (expired); sign a new transaction", payer);
        }
        JsonNode source = cluster.value(cluster.batch(List.of(Call.of("getAccountInfo", transfer.source().base58(),
                Map.of("encoding", "base64", "commitment", cluster.commitment())))).get(0));
        if (!source.isObject()) {
            return VerifyResult.invalid(ErrorReason.INSUFFICIENT_FUNDS, "the payer has no token account "
                    + transfer.source() + " for " + transfer.mint(), payer);
        }
        byte[] data = Cluster.accountData(source);
        if (data != null && data.length >= TOKEN_ACCOUNT_AMOUNT_OFFSET + 8) {
            BigInteger held = new BigInteger(Long.toUnsignedString(ByteBuffer.wrap(data)
                    .order(ByteOrder.LITTLE_ENDIAN).getLong(TOKEN_ACCOUNT_AMOUNT_OFFSET)));
            if (held.compareTo(req.amount()) < 0) {
                return VerifyResult.invalid(ErrorReason.INSUFFICIENT_FUNDS, "the payer's token account "
                        + transfer.source() + " holds " + held + ", the payment moves " + req.amount(), payer);
            }
        }
        String why = "InsufficientFundsForFee".equals(err.asText())
                ? "the fee payer has too little SOL to pay the fee"
                : err.toString();
        return VerifyResult.invalid(SolanaReasons.TRANSACTION_SIMULATION_FAILED,
                "simulation failed: " + why + lastLog(logs), payer);
    }

    /** {@code {"InstructionError":[2,{"Custom":1}]}}: the token program's InsufficientFunds in the transfer. */
    static boolean isTokenInsufficientFunds(JsonNode err) {
        JsonNode ie = err.path("InstructionError");
        return ie.isArray() && ie.size() == 2 && ie.get(0).asInt(-1) == OfflineChecks.TRANSFER_INDEX
                && ie.get(1).path("Custom").asInt(-1) == TOKEN_ERROR_INSUFFICIENT_FUNDS;
    }

    private static String lastLog(JsonNode logs) {
        if (!logs.isArray() || logs.isEmpty()) {
            return "";
        }
        String last = logs.get(logs.size() - 1).asText("");
        return last.isEmpty() ? "" : " (" + (last.length() > 200 ? last.substring(0, 200) + "…" : last) + ")";
    }
}

package dev.x402j.core.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import dev.x402j.core.internal.AtomicAmountJson;
import java.math.BigInteger;

/**
 * The answer of {@code POST /settle}. {@code transaction} is the chain's transaction reference, {@code ""} when
 * nothing was sent; on {@code settlement_pending} it carries the reference of the transaction in flight.
 * {@code amount} is the amount actually moved, in atomic units.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SettleResponse(
        boolean success,
        String errorReason,
        String errorMessage,
        String payer,
        String transaction,
        String network,
        @JsonSerialize(using = AtomicAmountJson.Serializer.class)
                @JsonDeserialize(using = AtomicAmountJson.Deserializer.class)
                BigInteger amount) {
    public SettleResponse {
        transaction = transaction == null ? "" : transaction;
    }

    public static SettleResponse success(String payer, String transaction, String network, BigInteger amount) {
        return new SettleResponse(true, null, null, payer, transaction, network, amount);
    }

    public static SettleResponse failure(String reason, String message, String payer, String transaction, String network) {
        return new SettleResponse(false, reason, message, payer, transaction, network, null);
    }
}

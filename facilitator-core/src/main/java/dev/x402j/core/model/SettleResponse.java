package dev.x402j.core.model;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.x402j.core.internal.AtomicAmountJson;
import java.math.BigInteger;
import java.util.Optional;

/**
 * The answer of {@code POST /settle}. {@code transaction} is the chain's transaction reference, {@code ""} when
 * nothing was sent; on {@code settlement_pending} it carries the reference of the transaction in flight.
 * {@code amount} is the amount actually moved, in atomic units.
 *
 * <p>{@code extensions} (x402 v2, optional) carries what the protocol's fields do not. x402j's facilitator puts
 * {@code "x402jSettlement": {"owner": true|false}} in it: whether this very settle call created the ledger entry of
 * the payment (and so sent its transaction) or joined one another call owns. A resource server serves a payment only
 * on the call that owns it, so one payment buys one response even across gate instances (see
 * {@link #settlementOwner()}); other clients, the official SDK's included, ignore the field.
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
                BigInteger amount,
        ObjectNode extensions) {
    /** The extension that says whether a settle call owns the settlement. */
    public static final String SETTLEMENT_EXTENSION = "x402jSettlement";

    @JsonCreator
    public SettleResponse {
        transaction = transaction == null ? "" : transaction;
        extensions = extensions == null ? null : extensions.deepCopy();
    }

    /** A response without extensions (the form before they existed). */
    public SettleResponse(boolean success, String errorReason, String errorMessage, String payer, String transaction,
            String network, BigInteger amount) {
        this(success, errorReason, errorMessage, payer, transaction, network, amount, null);
    }

    @Override
    public ObjectNode extensions() {
        return extensions == null ? null : extensions.deepCopy();
    }

    public static SettleResponse success(String payer, String transaction, String network, BigInteger amount) {
        return new SettleResponse(true, null, null, payer, transaction, network, amount);
    }

    public static SettleResponse failure(String reason, String message, String payer, String transaction, String network) {
        return new SettleResponse(false, reason, message, payer, transaction, network, null);
    }

    /**
     * Whether the settle call that answered this owns the payment's settlement (it created the ledger entry) — empty
     * when the facilitator does not say (one that is not x402j's).
     */
    public Optional<Boolean> settlementOwner() {
        JsonNode owner = extensions == null ? null : extensions.path(SETTLEMENT_EXTENSION).get("owner");
        return owner != null && owner.isBoolean() ? Optional.of(owner.booleanValue()) : Optional.empty();
    }

    /** This response, saying whether its settle call owns the settlement; other extensions are kept. */
    public SettleResponse withSettlementOwner(boolean owner) {
        ObjectNode ext = extensions == null ? JsonNodeFactory.instance.objectNode() : extensions.deepCopy();
        ext.putObject(SETTLEMENT_EXTENSION).put("owner", owner);
        return new SettleResponse(success, errorReason, errorMessage, payer, transaction, network, amount, ext);
    }

    /** This response without the x402j settlement extension (as it is shown to paying clients). */
    public SettleResponse withoutSettlementOwner() {
        if (extensions == null || !extensions.has(SETTLEMENT_EXTENSION)) {
            return this;
        }
        ObjectNode ext = extensions.deepCopy();
        ext.remove(SETTLEMENT_EXTENSION);
        return new SettleResponse(success, errorReason, errorMessage, payer, transaction, network, amount,
                ext.isEmpty() ? null : ext);
    }
}

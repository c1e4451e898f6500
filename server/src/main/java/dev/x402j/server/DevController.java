package dev.x402j.server;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.x402j.core.ErrorReason;
import dev.x402j.core.model.PaymentPayload;
import dev.x402j.core.model.PaymentRequirements;
import dev.x402j.core.model.ResourceInfo;
import dev.x402j.core.wire.MalformedPaymentException;
import dev.x402j.core.wire.X402Json;
import dev.x402j.evm.EvmPaymentSigner;
import dev.x402j.testkit.DevAccount;
import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.math.BigInteger;
import java.time.Clock;

/**
 * Dev mode only (the bean does not exist otherwise): a ready-to-post {@code /settle} body signed by the demo payer, and
 * the token balances of the parties, so that one {@code curl | curl} pays on the local chain.
 */
@Controller("/dev")
@Requires(condition = DevModeCondition.class)
@ExecuteOn(TaskExecutors.BLOCKING)
final class DevController {
    /** Largest sample payment: the demo payer's starting funds. */
    private static final BigInteger MAX_AMOUNT = DevChain.PAYER_FUNDS;

    private final DevChain chain;
    private final Clock clock;

    DevController(DevChain chain, Clock clock) {
        this.chain = chain;
        this.clock = clock;
    }

    /**
     * A {@code /settle} (or {@code /verify}) body: {@code amount} atomic units (default 10000 = 0.01 USDC) of the
     * test USDC from the demo payer to the payee, freshly signed, valid for 5 minutes.
     */
    @Get(uri = "/sample-payment", produces = MediaType.APPLICATION_JSON)
    HttpResponse<byte[]> samplePayment(@QueryValue(defaultValue = "10000") String amount) {
        BigInteger value = parseAmount(amount);
        ObjectNode extra = X402Json.mapper().createObjectNode();
        extra.put("name", chain.usdc().name());
        extra.put("version", chain.usdc().version());
        PaymentRequirements requirements = new PaymentRequirements(
                "exact",
                chain.network().chainId().toString(),
                value,
                chain.usdc().address(),
                chain.payee().address(),
                300,
                extra);
        ResourceInfo resource = new ResourceInfo("http://localhost/dev/sample-resource", "x402j dev-mode sample payment",
                "application/json");
        PaymentPayload payload = EvmPaymentSigner.fromHex(chain.payer().privateKeyHex())
                .pay(requirements, resource, clock.instant());
        ObjectNode body = X402Json.mapper().createObjectNode();
        body.put("x402Version", 2);
        body.set("paymentPayload", X402Json.mapper().valueToTree(payload));
        body.set("paymentRequirements", X402Json.mapper().valueToTree(requirements));
        return FacilitatorController.json(body);
    }

    /** The test USDC balances (atomic units, 6 decimals) of the demo payer, the payee and the facilitator. */
    @Get(uri = "/balances", produces = MediaType.APPLICATION_JSON)
    HttpResponse<byte[]> balances() {
        ObjectNode body = X402Json.mapper().createObjectNode();
        body.put("network", chain.network().chainId().toString());
        body.put("token", chain.usdc().address());
        body.put("decimals", chain.usdc().decimals());
        body.set("payer", balance(chain.payer()));
        body.set("payee", balance(chain.payee()));
        body.set("facilitator", balance(chain.facilitator()));
        return FacilitatorController.json(body);
    }

    private ObjectNode balance(DevAccount account) {
        ObjectNode o = X402Json.mapper().createObjectNode();
        o.put("address", account.address());
        o.put("balance", chain.usdc().balanceOf(account.address()).toString());
        return o;
    }

    private static BigInteger parseAmount(String amount) {
        BigInteger value;
        try {
            value = new BigInteger(amount.strip());
        } catch (NumberFormatException e) {
            throw new MalformedPaymentException(
                    ErrorReason.INVALID_PAYMENT_REQUIREMENTS, "amount must be a whole number of atomic units, e.g. 10000");
        }
        if (value.signum() <= 0 || value.compareTo(MAX_AMOUNT) > 0) {
            throw new MalformedPaymentException(
                    ErrorReason.INVALID_PAYMENT_REQUIREMENTS, "amount must be from 1 to " + MAX_AMOUNT + " atomic units");
        }
        return value;
    }
}

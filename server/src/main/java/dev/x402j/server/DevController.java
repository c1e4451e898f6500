package dev.x402j.server;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.x402j.core.ErrorReason;
import dev.x402j.core.Facilitator;
import dev.x402j.core.family.DevChain;
import dev.x402j.core.wire.MalformedPaymentException;
import dev.x402j.core.wire.X402Json;
import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import jakarta.annotation.Nullable;
import java.math.BigInteger;
import java.time.Clock;
import java.util.stream.Collectors;

/**
 * Dev mode only (the bean does not exist otherwise): a ready-to-post {@code /settle} body signed by the demo payer of
 * any local chain, and the token balances of the parties, so that one {@code curl | curl} pays.
 */
@Controller("/dev")
@Requires(condition = DevModeCondition.class)
@ExecuteOn(TaskExecutors.BLOCKING)
final class DevController {
    private final DevChains chains;
    private final Facilitator facilitator;
    private final Clock clock;

    DevController(DevChains chains, Facilitator facilitator, Clock clock) {
        this.chains = chains;
        this.facilitator = facilitator;
        this.clock = clock;
    }

    /**
     * A {@code /settle} (or {@code /verify}) body: {@code amount} atomic units (default 10000 = 0.01 USDC) of the
     * test USDC from the demo payer to the payee, freshly signed, on the local chain {@code network} names (by name or
     * CAIP-2 id; default the first, the demo's).
     */
    @Get(uri = "/sample-payment", produces = MediaType.APPLICATION_JSON)
    HttpResponse<byte[]> samplePayment(
            @Nullable @QueryValue String network, @QueryValue(defaultValue = "10000") String amount) {
        DevChain chain = network == null || network.isBlank() ? chains.primary() : chains.named(network)
                .orElseThrow(() -> new MalformedPaymentException(ErrorReason.INVALID_NETWORK, "network must be "
                        + chains.all().stream().map(c -> c.network().name() + " (" + c.network().chainId() + ")")
                                .collect(Collectors.joining(" or ")) + "; the first is the default"));
        DevChain.SamplePayment sample = chain.samplePayment(parseAmount(amount, chain), facilitator, clock);
        ObjectNode body = X402Json.mapper().createObjectNode();
        body.put("x402Version", 2);
        body.set("paymentPayload", X402Json.mapper().valueToTree(sample.payload()));
        body.set("paymentRequirements", X402Json.mapper().valueToTree(sample.requirements()));
        return FacilitatorController.json(body);
    }

    /**
     * The test USDC balances (atomic units) of the demo payer, the payee and the facilitator on the demo's local chain
     * (top level), and under each other family's CAIP-2 namespace those on its local chain.
     */
    @Get(uri = "/balances", produces = MediaType.APPLICATION_JSON)
    HttpResponse<byte[]> balances() {
        ObjectNode body = chains.primary().balances();
        for (DevChain chain : chains.all().subList(1, chains.all().size())) {
            body.set(chain.network().chainId().namespace(), chain.balances());
        }
        return FacilitatorController.json(body);
    }

    private static BigInteger parseAmount(String amount, DevChain chain) {
        BigInteger value;
        try {
            value = new BigInteger(amount.strip());
        } catch (NumberFormatException e) {
            throw new MalformedPaymentException(
                    ErrorReason.INVALID_PAYMENT_REQUIREMENTS, "amount must be a whole number of atomic units, e.g. 10000");
        }
        if (value.signum() <= 0 || value.compareTo(chain.payerFunds()) > 0) {
            throw new MalformedPaymentException(ErrorReason.INVALID_PAYMENT_REQUIREMENTS,
                    "amount must be from 1 to " + chain.payerFunds() + " atomic units");
        }
        return value;
    }
}

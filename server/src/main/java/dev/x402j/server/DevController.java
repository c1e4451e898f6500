package dev.x402j.server;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.x402j.core.ErrorReason;
import dev.x402j.core.Facilitator;
import dev.x402j.core.Network;
import dev.x402j.core.model.PaymentPayload;
import dev.x402j.core.model.PaymentRequired;
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
import jakarta.annotation.Nullable;
import java.math.BigInteger;
import java.time.Clock;
import java.util.List;
import java.util.Locale;

/**
 * Dev mode only (the bean does not exist otherwise): a ready-to-post {@code /settle} body signed by the demo payer, on
 * the local EVM chain or the local Solana, and the token balances of the parties, so that one {@code curl | curl} pays.
 */
@Controller("/dev")
@Requires(condition = DevModeCondition.class)
@ExecuteOn(TaskExecutors.BLOCKING)
final class DevController {
    /** Largest sample payment: the demo payer's starting funds (the same on both chains). */
    private static final BigInteger MAX_AMOUNT = DevChain.PAYER_FUNDS.min(DevSolana.PAYER_FUNDS);
    private static final ResourceInfo RESOURCE = new ResourceInfo(
            "http://localhost/dev/sample-resource", "x402j dev-mode sample payment", "application/json");

    private final DevChain chain;
    private final DevSolana solana;
    private final Facilitator facilitator;
    private final Clock clock;

    DevController(DevChain chain, DevSolana solana, Facilitator facilitator, Clock clock) {
        this.chain = chain;
        this.solana = solana;
        this.facilitator = facilitator;
        this.clock = clock;
    }

    /**
     * A {@code /settle} (or {@code /verify}) body: {@code amount} atomic units (default 10000 = 0.01 USDC) of the
     * test USDC from the demo payer to the payee, freshly signed. {@code network} is {@code local} (the default, the
     * anvil chain; the authorization is valid for 5 minutes) or {@code solana-local} (the local Solana; the
     * requirements are completed by this facilitator's {@code /accepts}, so they carry its fee payer and a recent
     * blockhash), by name or CAIP-2 id.
     */
    @Get(uri = "/sample-payment", produces = MediaType.APPLICATION_JSON)
    HttpResponse<byte[]> samplePayment(
            @Nullable @QueryValue String network, @QueryValue(defaultValue = "10000") String amount) {
        BigInteger value = parseAmount(amount);
        if (network == null || network.isBlank() || names(chain.network(), network)) {
            return FacilitatorController.json(evmSample(value));
        }
        if (names(solana.network(), network)) {
            return FacilitatorController.json(solanaSample(value));
        }
        throw new MalformedPaymentException(ErrorReason.INVALID_NETWORK, "network must be "
                + chain.network().name() + " (" + chain.network().chainId() + ", the default) or "
                + solana.network().name() + " (" + solana.network().chainId() + ")");
    }

    private ObjectNode evmSample(BigInteger value) {
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
        PaymentPayload payload = EvmPaymentSigner.fromHex(chain.payer().privateKeyHex())
                .pay(requirements, RESOURCE, clock.instant());
        return body(payload, requirements);
    }

    private ObjectNode solanaSample(BigInteger value) {
        PaymentRequirements offer = new PaymentRequirements(
                "exact", solana.network().chainId().toString(), value, solana.mint(), solana.payee(), 300, null);
        // Completed as a resource server's 402 would be: fee payer, decimals, token program, recent blockhash.
        List<PaymentRequirements> served = facilitator.accepts(PaymentRequired.of(RESOURCE, List.of(offer), null)).accepts();
        PaymentRequirements requirements = served.get(0);
        PaymentPayload payload = solana.payer().pay(requirements, RESOURCE);
        return body(payload, requirements);
    }

    private static ObjectNode body(PaymentPayload payload, PaymentRequirements requirements) {
        ObjectNode body = X402Json.mapper().createObjectNode();
        body.put("x402Version", 2);
        body.set("paymentPayload", X402Json.mapper().valueToTree(payload));
        body.set("paymentRequirements", X402Json.mapper().valueToTree(requirements));
        return body;
    }

    /**
     * The test USDC balances (atomic units, 6 decimals) of the demo payer, the payee and the facilitator on the local
     * EVM chain (top level), and under {@code solana} those on the local Solana, with each account's lamports.
     */
    @Get(uri = "/balances", produces = MediaType.APPLICATION_JSON)
    HttpResponse<byte[]> balances() {
        ObjectNode body = X402Json.mapper().createObjectNode();
        body.put("network", chain.network().chainId().toString());
        body.put("token", chain.usdc().address());
        body.put("decimals", chain.usdc().decimals());
        body.set("payer", balance(chain.payer()));
        body.set("payee", balance(chain.payee()));
        body.set("facilitator", balance(chain.facilitator()));

        ObjectNode sol = body.putObject("solana");
        sol.put("network", solana.network().chainId().toString());
        sol.put("token", solana.mint());
        sol.put("decimals", DevSolana.DECIMALS);
        sol.set("payer", solanaBalance(solana.payer().address()));
        sol.set("payee", solanaBalance(solana.payee()));
        sol.set("feePayer", solanaBalance(solana.feePayer().address()));
        return FacilitatorController.json(body);
    }

    private ObjectNode balance(DevAccount account) {
        ObjectNode o = X402Json.mapper().createObjectNode();
        o.put("address", account.address());
        o.put("balance", chain.usdc().balanceOf(account.address()).toString());
        return o;
    }

    private ObjectNode solanaBalance(String address) {
        ObjectNode o = X402Json.mapper().createObjectNode();
        o.put("address", address);
        o.put("balance", solana.tokenBalance(address).toString());
        o.put("lamports", solana.lamports(address));
        return o;
    }

    private static boolean names(Network network, String nameOrCaip2) {
        String s = nameOrCaip2.strip();
        return s.toLowerCase(Locale.ROOT).equals(network.name()) || s.equals(network.chainId().toString());
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

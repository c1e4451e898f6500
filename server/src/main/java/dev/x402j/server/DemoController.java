package dev.x402j.server;

import dev.x402j.core.gate.GateResult;
import dev.x402j.micronaut.PaymentAttributes;
import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import java.util.Map;

/**
 * Dev mode only: the content behind the demo paid route ({@link DemoPaidRoute}). The payment filter has verified the
 * payment before this runs and settles it after.
 */
@Controller("/demo")
@Requires(condition = DevModeCondition.class)
final class DemoController {
    @Get(uri = "/weather", produces = MediaType.APPLICATION_JSON)
    Map<String, Object> weather(HttpRequest<?> request) {
        String payer = PaymentAttributes.payment(request).map(GateResult.Admitted::payer).orElse("");
        return Map.of("weather", "sunny", "temperature", 21, "paidBy", payer);
    }
}

package dev.x402j.micronaut;

import dev.x402j.core.gate.GateResult;
import io.micronaut.context.BeanProvider;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/** The test app's endpoints: paid by annotation, paid by configuration ({@code /reports/*}), and free. */
@Controller
class WeatherController {
    /** How many times each paid handler ran. */
    static final Map<String, AtomicInteger> RUNS = new java.util.concurrent.ConcurrentHashMap<>();

    private final BeanProvider<TestChain> chain;

    WeatherController(BeanProvider<TestChain> chain) {
        this.chain = chain;
    }

    private static void ran(String name) {
        RUNS.computeIfAbsent(name, k -> new AtomicInteger()).incrementAndGet();
    }

    @Get("/weather")
    @Paid(price = "$0.01", description = "Weather report", mimeType = "application/json")
    Map<String, Object> weather(HttpRequest<?> request) {
        ran("weather");
        String payer = PaymentAttributes.payment(request).map(GateResult.Admitted::payer).orElse("nobody");
        // The id of this request's tracking record, to correlate it with logs (the tests look the record up by it).
        String tracking = PaymentAttributes.payment(request).flatMap(a -> a.tracking().trackingId()).orElse("");
        return Map.of("weather", "sunny", "payer", payer, "tracking", tracking);
    }

    /** Two offers: an atomic amount of the token named by address (preferred), or 5 cents. */
    @Get("/items/{id}")
    @Paid(amount = "5000", asset = "${test.usdc}", extra = {"name=USD Coin", "version=2"}, maxTimeoutSeconds = 120)
    @Paid(price = "$0.05")
    Map<String, Object> item(@PathVariable String id) {
        ran("item");
        return Map.of("item", id);
    }

    @Get("/reports/{name}")
    Map<String, Object> report(@PathVariable String name) {
        ran("report");
        return Map.of("report", name);
    }

    /** Paid by configuration alone ({@code GET /upload} in application.yml), an exact path. */
    @Get("/upload")
    String upload() {
        ran("upload");
        return "uploaded";
    }

    @Get("/broken")
    @Paid("$0.01")
    String broken() {
        ran("broken");
        throw new IllegalStateException("the handler failed");
    }

    /** Moves the payer's funds away while handling the request, so that its settlement must fail. */
    @Get("/drain")
    @Paid("$0.01")
    String drain(HttpRequest<?> request) {
        ran("drain");
        TestChain c = chain.get();
        String from = PaymentAttributes.payment(request).orElseThrow().payer();
        String hash = c.chain().sendTransaction(Map.of("from", from, "to", c.usdc().address(),
                "data", transferCall(c.sink().address(), c.usdc().balanceOf(from))));
        c.chain().waitForReceipt(hash);
        return "drained";
    }

    /** ERC-20 {@code transfer(address,uint256)} calldata. */
    private static String transferCall(String to, java.math.BigInteger amount) {
        return "0xa9059cbb" + "0".repeat(24) + to.substring(2).toLowerCase(java.util.Locale.ROOT)
                + String.format("%064x", amount);
    }

    @Get("/free")
    String free() {
        ran("free");
        return "free";
    }
}

package dev.x402j.server;

import dev.x402j.core.family.DevChain;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.event.ApplicationEventListener;
import io.micronaut.runtime.server.event.ServerStartupEvent;
import jakarta.inject.Singleton;
import java.io.PrintStream;

/** Dev mode: prints, once the server listens, what is running and the commands that pay. */
@Singleton
@Requires(condition = DevModeCondition.class)
final class DevBanner implements ApplicationEventListener<ServerStartupEvent> {
    private final DevChains chains;
    private final boolean loopbackOnly;

    DevBanner(DevChains chains, ServerSettings settings) {
        this.chains = chains;
        this.loopbackOnly = settings.devModeByDefault();
    }

    @Override
    public void onApplicationEvent(ServerStartupEvent event) {
        print(System.out, event.getSource().getPort());
    }

    void print(PrintStream out, int port) {
        String base = "localhost:" + port;
        StringBuilder text = new StringBuilder("\nx402j facilitator, DEV MODE: a local chain of each family ("
                + chains.all().stream().map(c -> c.network().name()).toList()
                + ") and a test USDC on each; nothing here is real money.\n  facilitator URL  http://" + base + "\n"
                + (loopbackOnly ? "  listening on " + LoopbackBinding.LOOPBACK + " only: dev mode by default (no chain"
                        + " key); X402J_MODE=dev serves it on other interfaces\n" : ""));
        chains.all().forEach(chain -> text.append(chain.banner(base)));
        text.append("Pay 0.01 USDC from the demo payer to the payee, then look at the balances:\n");
        DevChain primary = chains.primary();
        text.append("  curl -s ").append(base).append("/dev/sample-payment | curl -s -H 'content-type: application/json'"
                + " --data-binary @- ").append(base).append("/settle\n");
        for (DevChain chain : chains.all().subList(1, chains.all().size())) {
            text.append("  curl -s '").append(base).append("/dev/sample-payment?network=").append(chain.network().name())
                    .append("' | curl -s -H 'content-type: application/json' --data-binary @- ").append(base)
                    .append("/settle\n");
        }
        text.append("  curl -s ").append(base).append("/dev/balances\n");
        text.append("A paid API too: ").append(base).append(DemoPaidRoute.PATH).append(" costs ").append(DemoPaidRoute.PRICE)
                .append(" in the test USDC of ").append(primary.network().name())
                .append(", paid to its payee (x402j's Micronaut binding,\nsettled by this facilitator). Without payment it"
                        + " answers 402; the official x402 client pays it:\n");
        text.append("  curl -si ").append(base).append(DemoPaidRoute.PATH).append('\n');
        primary.demoPayerKey().ifPresent(key -> text.append("  PAYER_PRIVATE_KEY=").append(key)
                .append(" node interop/pay.mjs http://").append(base).append(DemoPaidRoute.PATH).append('\n'));
        out.println(text);
        out.flush();
    }
}

package dev.x402j.server;

import io.micronaut.context.annotation.Requires;
import io.micronaut.context.event.ApplicationEventListener;
import io.micronaut.runtime.server.event.ServerStartupEvent;
import jakarta.inject.Singleton;
import java.io.PrintStream;

/** Dev mode: prints, once the server listens, what is running and the commands that pay. */
@Singleton
@Requires(condition = DevModeCondition.class)
final class DevBanner implements ApplicationEventListener<ServerStartupEvent> {
    private final DevChain chain;
    private final DevSolana solana;

    DevBanner(DevChain chain, DevSolana solana) {
        this.chain = chain;
        this.solana = solana;
    }

    @Override
    public void onApplicationEvent(ServerStartupEvent event) {
        print(System.out, event.getSource().getPort());
    }

    void print(PrintStream out, int port) {
        String base = "localhost:" + port;
        String text = """

                x402j facilitator, DEV MODE: a local anvil chain, a local Solana and a test USDC on each; nothing here is real money.
                  facilitator URL  http://%1$s
                EVM
                  network          %2$s = %3$s (anvil at %4$s)
                  token            %5$s %6$s ("%7$s", version "%8$s", %9$d decimals)
                  facilitator      %10$s (anvil account 0, pays the gas)
                  demo payer       %11$s (anvil account 1, holds 1000 USDC)
                                   key %12$s: anvil's public test key, known to everyone; never send real funds to it
                  payee            %13$s (anvil account 2)
                Solana
                  network          %14$s = %15$s (LiteSVM at %16$s)
                  token            USDC mint %17$s (%18$d decimals)
                  fee payer        %19$s (pays the fees)
                  demo payer       %20$s (holds 1 SOL and 1000 USDC)
                                   key %21$s: x402j's public dev key, known to everyone; never send real funds to it
                  payee            %22$s
                Pay 0.01 USDC from the demo payer to the payee, then look at the balances:
                  curl -s %1$s/dev/sample-payment | curl -s -H 'content-type: application/json' --data-binary @- %1$s/settle
                  curl -s '%1$s/dev/sample-payment?network=%14$s' | curl -s -H 'content-type: application/json' --data-binary @- %1$s/settle
                  curl -s %1$s/dev/balances
                A paid API too: %1$s%23$s costs %24$s in the local USDC, paid to the EVM payee (x402j's Micronaut binding,
                settled by this facilitator). Without payment it answers 402; the official x402 client pays it:
                  curl -si %1$s%23$s
                  PAYER_PRIVATE_KEY=%12$s node interop/pay.mjs http://%1$s%23$s
                """.formatted(
                base,
                chain.network().name(),
                chain.network().chainId(),
                chain.rpcUrl(),
                chain.network().usdc().map(a -> a.symbol()).orElse("USDC"),
                chain.usdc().address(),
                chain.usdc().name(),
                chain.usdc().version(),
                chain.usdc().decimals(),
                chain.facilitator().address(),
                chain.payer().address(),
                chain.payer().privateKeyHex(),
                chain.payee().address(),
                solana.network().name(),
                solana.network().chainId(),
                solana.rpcUrl(),
                solana.mint(),
                DevSolana.DECIMALS,
                solana.feePayer().address(),
                solana.payer().address(),
                solana.payerKey(),
                solana.payee(),
                DemoPaidRoute.PATH,
                DemoPaidRoute.PRICE);
        out.println(text);
        out.flush();
    }
}

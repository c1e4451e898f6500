package dev.x402j.core.gate;

import dev.x402j.core.NetworkRegistry;
import dev.x402j.core.Price;
import dev.x402j.core.model.PaymentRequired;
import dev.x402j.core.model.PaymentRequirements;
import dev.x402j.core.wire.X402Json;

/** The page a browser gets instead of a raw 402 JSON body: what it costs and how to pay. */
final class Paywall {
    private Paywall() {}

    static String html(PaymentRequired required, NetworkRegistry networks) {
        StringBuilder offers = new StringBuilder();
        for (PaymentRequirements r : required.accepts()) {
            var net = networks.resolve(r.network());
            String name = net.map(n -> n.name()).orElse(r.network());
            String amount = net.flatMap(n -> n.usdc())
                    .filter(u -> u.address().equalsIgnoreCase(r.asset()))
                    .map(u -> "$" + Price.toDecimal(r.amount(), u.decimals()) + " USDC")
                    .orElse(r.amount() + " atomic units of " + r.asset());
            offers.append("<li><strong>").append(esc(amount)).append("</strong> on ").append(esc(name))
                    .append(" (").append(esc(r.scheme())).append("), paid to <code>").append(esc(r.payTo())).append("</code></li>\n");
        }
        String what = required.resource() == null ? "this resource" : required.resource().url();
        String description = required.resource() == null || required.resource().description() == null
                ? "" : "<p>" + esc(required.resource().description()) + "</p>\n";
        return """
                <!doctype html>
                <html lang="en"><head><meta charset="utf-8"><title>Payment required</title>
                <meta name="viewport" content="width=device-width, initial-scale=1">
                <style>body{font-family:system-ui,sans-serif;max-width:42rem;margin:3rem auto;padding:0 1rem;line-height:1.5}
                code{word-break:break-all}pre{background:#f4f4f4;padding:1rem;overflow:auto;font-size:.8rem}</style></head>
                <body><h1>Payment required</h1>
                <p><code>%s</code> is paid content (HTTP 402, the <a href="https://www.x402.org">x402</a> protocol).</p>
                %s<p>It can be paid with:</p><ul>
                %s</ul>
                <p>Pay with an x402 client (a wallet or SDK that speaks x402): it signs a payment and sends it back in the
                <code>PAYMENT-SIGNATURE</code> header. No account or card is needed.</p>
                <details><summary>Payment details for developers</summary><pre>%s</pre></details>
                </body></html>
                """.formatted(esc(what), description, offers, esc(X402Json.writeString(required)));
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}

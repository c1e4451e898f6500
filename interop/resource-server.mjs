#!/usr/bin/env node
// The official x402 resource server: express + @x402/express payment middleware, talking to an
// HTTP facilitator (x402j's) through @x402/core's HTTPFacilitatorClient.
//
// Protects GET /weather -> {"weather":"sunny"}. GET /health is free.
// Env (required): FACILITATOR_URL, PRICE_ATOMIC, ASSET, NETWORK (CAIP-2, e.g. eip155:31337), PAY_TO
// Env (optional): ASSET_NAME (default "USD Coin"), ASSET_VERSION (default "2"), PORT (default 0 = any),
//                 MAX_TIMEOUT_SECONDS (default: the SDK's 300), FACILITATOR_API_KEY (sent as
//                 "Authorization: Bearer …" to /supported, /verify and /settle)
// stdout: exactly one line "Listening on 127.0.0.1:PORT", after /supported was fetched and the
//         route validated against it. stderr: one JSON line per verify/settle outcome.
// Exit 1 if the facilitator cannot be reached or does not support the route's scheme/network.

import express from "express";
import {
  paymentMiddlewareFromHTTPServer,
  x402HTTPResourceServer,
  x402ResourceServer,
} from "@x402/express";
import { HTTPFacilitatorClient } from "@x402/core/server";
import { ExactEvmScheme } from "@x402/evm/exact/server";

function required(name) {
  const v = process.env[name];
  if (!v) {
    console.error(`resource-server: env ${name} is required`);
    process.exit(1);
  }
  return v;
}

function log(event, data) {
  process.stderr.write(JSON.stringify({ event, ...data }) + "\n");
}

const facilitatorUrl = required("FACILITATOR_URL");
const priceAtomic = required("PRICE_ATOMIC");
const asset = required("ASSET");
const network = required("NETWORK");
const payTo = required("PAY_TO");
const assetName = process.env.ASSET_NAME || "USD Coin";
const assetVersion = process.env.ASSET_VERSION || "2";
const port = Number(process.env.PORT ?? "0");
const maxTimeoutSeconds = process.env.MAX_TIMEOUT_SECONDS
  ? Number(process.env.MAX_TIMEOUT_SECONDS)
  : undefined;
if (!/^\d+$/.test(priceAtomic)) {
  console.error("resource-server: PRICE_ATOMIC must be an integer amount in atomic units");
  process.exit(1);
}

const apiKey = process.env.FACILITATOR_API_KEY;
const facilitator = new HTTPFacilitatorClient({
  url: facilitatorUrl,
  ...(apiKey
    ? {
        createAuthHeaders: async () => {
          const h = { Authorization: `Bearer ${apiKey}` };
          return { verify: h, settle: h, supported: h };
        },
      }
    : {}),
});

const resourceServer = new x402ResourceServer(facilitator).register(network, new ExactEvmScheme());
resourceServer
  .onAfterVerify(async ctx => log("verify", { result: ctx.result }))
  .onVerifyFailure(async ctx => log("verify-error", { error: String(ctx.error?.message ?? ctx.error) }))
  .onAfterSettle(async ctx => log("settle", { result: ctx.result }))
  .onSettleFailure(async ctx => log("settle-failure", { error: String(ctx.error?.message ?? ctx.error) }));

// An explicit AssetAmount price: the SDK uses asset, amount and extra (the EIP-712 domain name and
// version) as given, so it works for a token on a local chain that it has no default for.
const routes = {
  "GET /weather": {
    accepts: {
      scheme: "exact",
      network,
      payTo,
      price: { amount: priceAtomic, asset, extra: { name: assetName, version: assetVersion } },
      ...(maxTimeoutSeconds ? { maxTimeoutSeconds } : {}),
    },
    description: "Weather report",
    mimeType: "application/json",
  },
};

const httpServer = new x402HTTPResourceServer(resourceServer, routes);
try {
  // GET {FACILITATOR_URL}/supported, then check that the route's scheme/network is supported.
  await httpServer.initialize();
} catch (err) {
  console.error(`resource-server: initialisation failed: ${err?.stack ?? err}`);
  if (err?.cause) console.error(`cause: ${err.cause?.message ?? err.cause}`);
  process.exit(1);
}

const app = express();
app.get("/health", (_req, res) => res.json({ ok: true }));
// Already initialised above, so the middleware need not sync with the facilitator again.
app.use(paymentMiddlewareFromHTTPServer(httpServer, undefined, undefined, false));
app.get("/weather", (_req, res) => res.json({ weather: "sunny" }));

const server = app.listen(port, "127.0.0.1", () => {
  const addr = server.address();
  process.stdout.write(`Listening on 127.0.0.1:${addr.port}\n`);
});
server.on("error", err => {
  console.error(`resource-server: ${err.message}`);
  process.exit(1);
});
for (const sig of ["SIGINT", "SIGTERM"]) {
  process.on(sig, () => process.exit(0));
}

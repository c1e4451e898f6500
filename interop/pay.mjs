#!/usr/bin/env node
// The official x402 client (@x402/fetch + @x402/evm "exact"), fetching one URL once.
//
// Usage: node pay.mjs <url> [--method GET]
// Env:   PAYER_PRIVATE_KEY  0x-prefixed secp256k1 key of the payer (required)
//        RPC_URL            optional; only used by the SDK for extension enrichment
//                           (EIP-2612 / ERC-20 approval gas sponsoring); plain EIP-3009 needs none
//        CHAIN_ID           optional; with RPC_URL, binds the RPC to this chain id only
//        SPEND_CONTROLS     "any-asset" (default): allow any asset, no cap on non-default assets;
//                           "sdk-default": the SDK's defaults (known USDC only, $1 cap);
//                           "off": no spend controls at all
//
// Prints exactly one JSON line on stdout:
//   {"status":200,"body":…,"paymentResponse":{…}|null,"paymentRequired":{…}|null,
//    "paymentPayload":{…}|null,"finalPaymentRequired":{…}|null}
// paymentRequired: the decoded PAYMENT-REQUIRED header (v2) or JSON body (v1) of the first 402;
// paymentPayload: the decoded PAYMENT-SIGNATURE / X-PAYMENT the SDK sent (null if it sent none);
// finalPaymentRequired: the decoded PAYMENT-REQUIRED of a 402 answered to the paid retry.
// exit 0 when an HTTP response was obtained (any status), 2 on any exception ({"error":"…"}).

import { wrapFetchWithPayment, x402Client, decodePaymentResponseHeader } from "@x402/fetch";
import { registerExactEvmScheme } from "@x402/evm/exact/client";
import { toClientEvmSigner } from "@x402/evm";
import { privateKeyToAccount } from "viem/accounts";
import { createPublicClient, http } from "viem";

function out(obj) {
  process.stdout.write(JSON.stringify(obj) + "\n");
}

function fail(err) {
  const key = process.env.PAYER_PRIVATE_KEY;
  let message = err instanceof Error ? err.message : String(err);
  if (err instanceof Error && err.cause) {
    message += ` (cause: ${err.cause instanceof Error ? err.cause.message : String(err.cause)})`;
  }
  if (key && key.length > 10) message = message.split(key).join("<redacted>");
  out({ error: message });
  process.exit(2);
}

function parseArgs(argv) {
  const args = { url: undefined, method: "GET" };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--method") {
      args.method = (argv[++i] ?? "").toUpperCase();
      if (!args.method) throw new Error("--method needs a value");
    } else if (a.startsWith("--method=")) {
      args.method = a.slice("--method=".length).toUpperCase();
    } else if (!args.url) {
      args.url = a;
    } else {
      throw new Error(`unexpected argument: ${a}`);
    }
  }
  if (!args.url) throw new Error("usage: node pay.mjs <url> [--method GET]");
  return args;
}

function tryDecode(header) {
  if (!header) return null;
  try {
    return decodePaymentResponseHeader(header); // base64 JSON, same codec for all three headers
  } catch {
    return { undecodable: header };
  }
}

function spendControls() {
  const mode = (process.env.SPEND_CONTROLS || "any-asset").toLowerCase();
  if (mode === "off") return false;
  if (mode === "sdk-default") return undefined;
  if (mode === "any-asset") return { allowedAssets: true };
  throw new Error(`SPEND_CONTROLS must be any-asset, sdk-default or off, not ${mode}`);
}

async function main() {
  const { url, method } = parseArgs(process.argv.slice(2));
  const pk = process.env.PAYER_PRIVATE_KEY;
  if (!pk || !/^0x[0-9a-fA-F]{64}$/.test(pk)) {
    throw new Error("PAYER_PRIVATE_KEY must be set to a 0x-prefixed 32-byte hex key");
  }
  const account = privateKeyToAccount(pk);

  let signer = account;
  let schemeOptions;
  if (process.env.RPC_URL) {
    const publicClient = createPublicClient({ transport: http(process.env.RPC_URL) });
    signer = toClientEvmSigner(account, publicClient);
    schemeOptions = process.env.CHAIN_ID
      ? { [Number(process.env.CHAIN_ID)]: { rpcUrl: process.env.RPC_URL } }
      : { rpcUrl: process.env.RPC_URL };
  }

  const client = new x402Client();
  // v2: eip155:* with ExactEvmScheme; v1: every network name the SDK knows, with ExactEvmSchemeV1.
  registerExactEvmScheme(client, { signer, ...(schemeOptions ? { schemeOptions } : {}) });
  const controls = spendControls();
  if (controls !== undefined) client.setSpendControls(controls);

  // Observe what goes over the wire without changing it: the first 402 and the payment we send.
  let paymentRequired = null;
  let paymentPayload = null;
  const observingFetch = async (input, init) => {
    const request = input instanceof Request ? input : new Request(input, init);
    const sent = request.headers.get("PAYMENT-SIGNATURE") ?? request.headers.get("X-PAYMENT");
    if (sent && paymentPayload === null) paymentPayload = tryDecode(sent);
    const response = await fetch(request);
    if (response.status === 402 && paymentRequired === null && !sent) {
      const header = response.headers.get("PAYMENT-REQUIRED");
      if (header) {
        paymentRequired = tryDecode(header);
      } else {
        try {
          const text = await response.clone().text();
          const body = text ? JSON.parse(text) : null;
          if (body && typeof body === "object" && "x402Version" in body) paymentRequired = body;
        } catch {
          // not JSON: not observable
        }
      }
    }
    return response;
  };

  const fetchWithPayment = wrapFetchWithPayment(observingFetch, client);
  const response = await fetchWithPayment(url, { method });

  const text = await response.text();
  let body = text;
  try {
    body = text === "" ? null : JSON.parse(text);
  } catch {
    // keep the raw text
  }
  const paymentResponse = tryDecode(
    response.headers.get("PAYMENT-RESPONSE") ?? response.headers.get("X-PAYMENT-RESPONSE"),
  );
  // A 402 after a payment attempt (verify or settle refused) carries the reason in its PAYMENT-REQUIRED.
  const finalPaymentRequired =
    response.status === 402 && paymentPayload !== null
      ? tryDecode(response.headers.get("PAYMENT-REQUIRED"))
      : null;
  out({
    status: response.status,
    body,
    paymentResponse,
    paymentRequired,
    paymentPayload,
    finalPaymentRequired,
  });
}

main().then(
  () => process.exit(0),
  fail,
);

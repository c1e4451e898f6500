#!/usr/bin/env node
// A stand-in facilitator for self-checking the interop scripts without x402j. It checks nothing:
// GET /supported lists exact on STUB_NETWORK (default eip155:31337) for x402 v2,
// POST /verify answers isValid true, POST /settle answers success with a fake transaction hash.
// STUB_MODE=verify-invalid | settle-fail | verify-500 | settle-500 makes it refuse instead.
// Prints "Listening on 127.0.0.1:PORT" on stdout; each request as one JSON line on stderr
// (or appended to STUB_LOG if set).

import http from "node:http";
import fs from "node:fs";

const network = process.env.STUB_NETWORK || "eip155:31337";
const signer = process.env.STUB_SIGNER || "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";
const mode = process.env.STUB_MODE || "ok";
const port = Number(process.env.PORT ?? "0");

function record(entry) {
  const line = JSON.stringify(entry) + "\n";
  if (process.env.STUB_LOG) fs.appendFileSync(process.env.STUB_LOG, line);
  else process.stderr.write(line);
}

function send(res, status, body) {
  res.writeHead(status, { "Content-Type": "application/json" });
  res.end(JSON.stringify(body));
}

const server = http.createServer((req, res) => {
  let raw = "";
  req.on("data", c => (raw += c));
  req.on("end", () => {
    let body = null;
    try {
      body = raw ? JSON.parse(raw) : null;
    } catch {
      body = raw;
    }
    const path = new URL(req.url, "http://x").pathname;
    record({ method: req.method, path, headers: req.headers, body });
    const payer = body?.paymentPayload?.payload?.authorization?.from;

    if (req.method === "GET" && path === "/supported") {
      return send(res, 200, {
        kinds: [{ x402Version: 2, scheme: "exact", network }],
        extensions: [],
        signers: { "eip155:*": [signer] },
      });
    }
    if (req.method === "POST" && path === "/verify") {
      if (mode === "verify-500") return send(res, 500, { error: "stub verify exploded" });
      if (mode === "verify-invalid") {
        return send(res, 200, {
          isValid: false,
          invalidReason: "invalid_exact_evm_signature",
          invalidMessage: "stub says no",
          payer,
        });
      }
      return send(res, 200, { isValid: true, payer });
    }
    if (req.method === "POST" && path === "/settle") {
      const net = body?.paymentRequirements?.network ?? network;
      if (mode === "settle-500") return send(res, 500, { error: "stub settle exploded" });
      if (mode === "settle-fail") {
        return send(res, 200, {
          success: false,
          errorReason: "invalid_exact_evm_transaction_failed",
          payer,
          transaction: "",
          network: net,
        });
      }
      return send(res, 200, {
        success: true,
        payer,
        transaction: "0x" + "ab".repeat(32),
        network: net,
      });
    }
    send(res, 404, { error: "not found" });
  });
});

server.listen(port, "127.0.0.1", () => {
  process.stdout.write(`Listening on 127.0.0.1:${server.address().port}\n`);
});
for (const sig of ["SIGINT", "SIGTERM"]) process.on(sig, () => process.exit(0));

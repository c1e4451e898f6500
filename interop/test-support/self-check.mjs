#!/usr/bin/env node
// Self-check of the interop scripts without x402j: runs pay.mjs and resource-server.mjs against
// test-support/stub-facilitator.mjs (and, if an anvil binary is found, with RPC_URL set).
// Usage: node test-support/self-check.mjs   (from interop/, after npm ci)
// Ends with the line "N passed, N failed"; exit 1 if anything failed.

import { spawn } from "node:child_process";
import { once } from "node:events";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { verifyTypedData, getAddress } from "viem";

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, "..");
// anvil's public test account #1 (never a real key)
const PAYER_KEY = "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d";
const PAYER = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";
const ASSET = "0x5FbDB2315678afecb367f032d93F642f64180aa3";
const PAY_TO = "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC";
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "x402j-interop-"));
const children = new Set();
let passed = 0;
let failed = 0;

function check(name, cond, detail) {
  if (cond) {
    passed++;
    console.log(`ok   ${name}`);
  } else {
    failed++;
    console.log(`FAIL ${name}${detail !== undefined ? `: ${typeof detail === "string" ? detail : JSON.stringify(detail)}` : ""}`);
  }
}

/** Starts a long-running process and resolves with its port once it prints "Listening on host:PORT". */
function startServer(script, env, pattern = /Listening on 127\.0\.0\.1:(\d+)/, cmd = process.execPath, args = [script]) {
  const child = spawn(cmd, args, { cwd: root, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  children.add(child);
  let out = "";
  let err = "";
  child.stderr.on("data", d => (err += d));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${script}: no ready line in 20 s; stderr: ${err}`)), 20000);
    child.stdout.on("data", d => {
      out += d;
      const m = out.match(pattern);
      if (m) {
        clearTimeout(timer);
        resolve({ child, port: Number(m[1]), stdout: () => out, stderr: () => err });
      }
    });
    child.on("exit", code => {
      clearTimeout(timer);
      children.delete(child);
      reject(Object.assign(new Error(`${script} exited ${code}; stderr: ${err}`), { code, stdout: out, stderr: err }));
    });
  });
}

function stop(server) {
  if (server && server.child.exitCode === null) server.child.kill("SIGTERM");
  if (server) children.delete(server.child);
}

async function runPay(url, env = {}, extraArgs = []) {
  const child = spawn(process.execPath, ["pay.mjs", url, ...extraArgs], {
    cwd: root,
    env: { ...process.env, PAYER_PRIVATE_KEY: PAYER_KEY, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  let err = "";
  child.stdout.on("data", d => (out += d));
  child.stderr.on("data", d => (err += d));
  const [code] = await once(child, "exit");
  const lines = out.trim().split("\n");
  let json = null;
  try {
    json = JSON.parse(lines[lines.length - 1]);
  } catch {
    // left null
  }
  return { code, out, err, lines, json };
}

function readLog(file) {
  if (!fs.existsSync(file)) return [];
  return fs.readFileSync(file, "utf8").trim().split("\n").filter(Boolean).map(l => JSON.parse(l));
}

async function withStack({ mode = "ok", stubNetwork, network = "eip155:31337" } = {}, fn) {
  const log = path.join(tmp, `stub-${mode}-${Date.now()}.log`);
  const stub = await startServer("test-support/stub-facilitator.mjs", {
    STUB_MODE: mode,
    STUB_LOG: log,
    PORT: "0",
    ...(stubNetwork ? { STUB_NETWORK: stubNetwork } : {}),
  });
  let rs;
  try {
    rs = await startServer("resource-server.mjs", {
      FACILITATOR_URL: `http://127.0.0.1:${stub.port}`,
      PRICE_ATOMIC: "10000",
      ASSET,
      NETWORK: network,
      PAY_TO,
      ASSET_NAME: "USD Coin",
      ASSET_VERSION: "2",
      PORT: "0",
    });
    await fn({ stub, rs, log, url: `http://127.0.0.1:${rs.port}/weather` });
  } finally {
    stop(rs);
    stop(stub);
  }
}

function findAnvil() {
  const candidates = [
    process.env.ANVIL_BIN,
    path.resolve(root, "../testkit/node/node_modules/@foundry-rs/anvil-linux-amd64/bin/anvil"),
  ].filter(Boolean);
  return candidates.find(p => fs.existsSync(p));
}

async function main() {
  // 1. pay.mjs fails cleanly
  {
    const r = await runPay("http://127.0.0.1:9/x");
    check("pay.mjs unreachable url -> exit 2", r.code === 2, r);
    check("pay.mjs unreachable url -> one JSON line with error", r.lines.length === 1 && typeof r.json?.error === "string", r.out);
    const r2 = await runPay("http://127.0.0.1:9/x", { PAYER_PRIVATE_KEY: "" });
    check("pay.mjs without key -> exit 2 + error", r2.code === 2 && typeof r2.json?.error === "string", r2.out);
    check("pay.mjs never prints the key", !r.out.includes(PAYER_KEY.slice(2)) && !r.err.includes(PAYER_KEY.slice(2)));
  }

  // 2. happy path against the stub facilitator
  await withStack({}, async ({ rs, log, url }) => {
    check("resource-server prints exactly one Listening line", rs.stdout().trim().split("\n").length === 1, rs.stdout());
    check("resource-server called /supported before listening", readLog(log).some(e => e.path === "/supported"));

    const res = await fetch(url);
    const header = res.headers.get("payment-required");
    check("unpaid GET /weather -> 402", res.status === 402, res.status);
    check("402 carries PAYMENT-REQUIRED", !!header);
    const pr = header ? JSON.parse(Buffer.from(header, "base64").toString("utf8")) : null;
    console.log(`     decoded PAYMENT-REQUIRED: ${JSON.stringify(pr)}`);
    const acc = pr?.accepts?.[0];
    check(
      "PAYMENT-REQUIRED has the configured requirements",
      pr?.x402Version === 2 && acc?.scheme === "exact" && acc?.network === "eip155:31337" && acc?.amount === "10000" &&
        acc?.asset === ASSET && acc?.payTo === PAY_TO && acc?.extra?.name === "USD Coin" && acc?.extra?.version === "2",
      pr,
    );
    const free = await fetch(url.replace("/weather", "/health"));
    check("free route is not paywalled", free.status === 200);

    const r = await runPay(url);
    console.log(`     pay.mjs: ${r.out.trim()}`);
    check("pay.mjs -> exit 0, one line", r.code === 0 && r.lines.length === 1, r);
    check("pay.mjs -> status 200 and the weather", r.json?.status === 200 && r.json?.body?.weather === "sunny", r.json);
    check("pay.mjs -> decoded PAYMENT-RESPONSE", r.json?.paymentResponse?.success === true && r.json?.paymentResponse?.network === "eip155:31337", r.json?.paymentResponse);
    check("pay.mjs -> decoded first PAYMENT-REQUIRED", r.json?.paymentRequired?.x402Version === 2 && r.json?.paymentRequired?.accepts?.length === 1);
    const pp = r.json?.paymentPayload;
    check("client's accepted equals the offered requirement", JSON.stringify(pp?.accepted) === JSON.stringify(acc), pp?.accepted);
    const a = pp?.payload?.authorization;
    let sigOk = false;
    try {
      sigOk = await verifyTypedData({
        address: PAYER,
        domain: { name: "USD Coin", version: "2", chainId: 31337, verifyingContract: getAddress(ASSET) },
        types: {
          TransferWithAuthorization: [
            { name: "from", type: "address" },
            { name: "to", type: "address" },
            { name: "value", type: "uint256" },
            { name: "validAfter", type: "uint256" },
            { name: "validBefore", type: "uint256" },
            { name: "nonce", type: "bytes32" },
          ],
        },
        primaryType: "TransferWithAuthorization",
        message: { ...a, value: BigInt(a.value), validAfter: BigInt(a.validAfter), validBefore: BigInt(a.validBefore) },
        signature: pp.payload.signature,
      });
    } catch (e) {
      console.log(`     signature check threw: ${e.message}`);
    }
    check("EIP-3009 signature recovers the payer", sigOk);

    const entries = readLog(log);
    const verify = entries.find(e => e.path === "/verify");
    const settle = entries.find(e => e.path === "/settle");
    check("facilitator got /verify and /settle", !!verify && !!settle, entries.map(e => e.path));
    check(
      "/verify body is {x402Version, paymentPayload, paymentRequirements}",
      verify && JSON.stringify(Object.keys(verify.body)) === JSON.stringify(["x402Version", "paymentPayload", "paymentRequirements"]),
      verify?.body && Object.keys(verify.body),
    );
    check("/settle body equals /verify body", verify && settle && JSON.stringify(verify.body) === JSON.stringify(settle.body));
  });

  // 3. refusals from the facilitator
  await withStack({ mode: "verify-invalid" }, async ({ url }) => {
    const r = await runPay(url);
    check("verify isValid:false -> 402, reason in PAYMENT-REQUIRED.error", r.code === 0 && r.json?.status === 402 && r.json?.finalPaymentRequired?.error === "invalid_exact_evm_signature", r.json);
  });
  await withStack({ mode: "settle-fail" }, async ({ url }) => {
    const r = await runPay(url);
    check("settle success:false -> 402 with PAYMENT-RESPONSE success:false", r.code === 0 && r.json?.status === 402 && r.json?.paymentResponse?.success === false && r.json?.paymentResponse?.errorReason === "invalid_exact_evm_transaction_failed", r.json);
  });

  // 4. a facilitator that does not support the network: the resource server refuses to start
  try {
    await withStack({ stubNetwork: "eip155:1" }, async () => {});
    check("unsupported network -> resource-server exits non-zero", false, "it started");
  } catch (e) {
    check("unsupported network -> resource-server exits non-zero", e.code === 1 && !/Listening/.test(e.stdout ?? ""), e.message);
  }

  // 5. with RPC_URL pointing at a real anvil (optional)
  const anvilBin = findAnvil();
  if (anvilBin) {
    const anvil = await startServer(anvilBin, {}, /Listening on 127\.0\.0\.1:(\d+)/, anvilBin, ["--port", "0", "--chain-id", "31337", "--host", "127.0.0.1"]);
    try {
      await withStack({}, async ({ url }) => {
        const r = await runPay(url, { RPC_URL: `http://127.0.0.1:${anvil.port}`, CHAIN_ID: "31337" });
        check("pay.mjs with RPC_URL/CHAIN_ID (anvil) -> 200", r.code === 0 && r.json?.status === 200, r.out + r.err);
      });
    } finally {
      stop(anvil);
    }
  } else {
    console.log("skip anvil check (no anvil binary; set ANVIL_BIN)");
  }
}

try {
  await main();
} catch (e) {
  failed++;
  console.log(`FAIL unexpected: ${e.stack ?? e}`);
} finally {
  for (const c of children) c.kill("SIGTERM");
  fs.rmSync(tmp, { recursive: true, force: true });
}
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);

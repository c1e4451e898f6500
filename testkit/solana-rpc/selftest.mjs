#!/usr/bin/env node
// End-to-end check of server.mjs over HTTP with a real x402 "exact" Solana payment, built with @solana/kit:
//
//   node selftest.mjs http://127.0.0.1:PORT
//
// The client (payer) partially signs a versioned transaction [SetComputeUnitLimit, SetComputeUnitPrice,
// TransferChecked payer ATA -> payee ATA] whose fee payer is a separate key (the facilitator), which signs second
// and sends it. Prints one line per check; exits 0 only when every check passed.

import {
    appendTransactionMessageInstructions,
    compileTransaction,
    createTransactionMessage,
    generateKeyPairSigner,
    getBase64EncodedWireTransaction,
    getBase64Encoder,
    getTransactionDecoder,
    partiallySignTransaction,
    pipe,
    setTransactionMessageFeePayer,
    setTransactionMessageLifetimeUsingBlockhash,
} from '@solana/kit';
import { getSetComputeUnitLimitInstruction, getSetComputeUnitPriceInstruction } from '@solana-program/compute-budget';
import { TOKEN_PROGRAM_ADDRESS, findAssociatedTokenPda, getTransferCheckedInstruction } from '@solana-program/token';

const url = process.argv[2];
if (!url) {
    console.error('usage: node selftest.mjs <rpcUrl>');
    process.exit(2);
}

let passed = 0;
function check(condition, description, detail) {
    if (!condition) {
        console.log(`FAILED: ${description}${detail === undefined ? '' : ` (${typeof detail === 'string' ? detail : JSON.stringify(detail)})`}`);
        process.exit(1);
    }
    passed++;
    console.log(`ok ${passed} - ${description}`);
}

let ids = 0;
/** Calls the server; returns {result} or {error}. */
async function call(method, params = []) {
    const response = await fetch(url, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ jsonrpc: '2.0', id: ++ids, method, params }),
    });
    return response.json();
}
async function rpc(method, params = []) {
    const body = await call(method, params);
    if (body.error) throw new Error(`${method}: ${JSON.stringify(body.error)}`);
    return body.result;
}
const tokenBalance = async (ata) => BigInt((await rpc('getTokenAccountBalance', [ata])).value.amount);
const lamports = async (address) => BigInt((await rpc('getBalance', [address])).value);

const CU_LIMIT = 40_000;
const CU_PRICE_MICROLAMPORTS = 1n;
const AMOUNT = 10_000n;

const payer = await generateKeyPairSigner();    // the client: holds USDC, no SOL
const payee = await generateKeyPairSigner();    // payTo
const feePayer = await generateKeyPairSigner(); // the facilitator

check(await rpc('getHealth') === 'ok', 'getHealth is ok');

await rpc('x402j_setSol', [{ address: feePayer.address, lamports: 1_000_000_000 }]);
const mint = await rpc('x402j_createMint', [{ decimals: 6 }]);
const payerAta = await rpc('x402j_mintTo', [{ mint, owner: payer.address, amount: '1000000' }]);
const payeeAta = await rpc('x402j_mintTo', [{ mint, owner: payee.address, amount: '0' }]);
const [derived] = await findAssociatedTokenPda({ owner: payee.address, mint, tokenProgram: TOKEN_PROGRAM_ADDRESS });
check(payeeAta === derived, 'x402j_mintTo returns the associated token account', { payeeAta, derived });
check(await tokenBalance(payerAta) === 1_000_000n, 'payer holds 1 USDC-like token');

/** The client's part: a partially signed transaction (fee payer signature left empty). */
async function clientTransaction(amount, blockhash) {
    const message = pipe(
        createTransactionMessage({ version: 0 }),
        (m) => setTransactionMessageFeePayer(feePayer.address, m),
        (m) => setTransactionMessageLifetimeUsingBlockhash(blockhash, m),
        (m) => appendTransactionMessageInstructions([
            getSetComputeUnitLimitInstruction({ units: CU_LIMIT }),
            getSetComputeUnitPriceInstruction({ microLamports: CU_PRICE_MICROLAMPORTS }),
            getTransferCheckedInstruction({ source: payerAta, mint, destination: payeeAta, authority: payer, amount,
                decimals: 6 }),
        ], m));
    const compiled = compileTransaction(message);
    return partiallySignTransaction([payer.keyPair], compiled);
}
const { value: blockhash } = await rpc('getLatestBlockhash', [{ commitment: 'finalized' }]);
const partial = await clientTransaction(AMOUNT, blockhash);
const partialWire = getBase64EncodedWireTransaction(partial);

// The facilitator's part: simulate without signature checks, co-sign, send.
let sim = await rpc('simulateTransaction', [partialWire, { encoding: 'base64', sigVerify: false, commitment: 'confirmed' }]);
check(sim.value.err === null && sim.value.unitsConsumed > 0, 'partially signed tx simulates with sigVerify false',
    sim.value);
const sigVerified = await call('simulateTransaction', [partialWire, { encoding: 'base64', sigVerify: true }]);
check(sigVerified.error?.code === -32003, 'partially signed tx with sigVerify true -> -32003', sigVerified);

const feeQuote = BigInt((await rpc('getFeeForMessage', [Buffer.from(partial.messageBytes).toString('base64')])).value);

const signed = await partiallySignTransaction([feePayer.keyPair], partial);
const signedWire = getBase64EncodedWireTransaction(signed);
const feePayerBefore = await lamports(feePayer.address);
const payerLamportsBefore = await lamports(payer.address);
const payeeBefore = await tokenBalance(payeeAta);
const signature = await rpc('sendTransaction', [signedWire, { encoding: 'base64', preflightCommitment: 'confirmed' }]);
const statuses = await rpc('getSignatureStatuses', [[signature], { searchTransactionHistory: true }]);
const status = statuses.value[0];
check(status && status.err === null && status.confirmationStatus === 'finalized' && status.confirmations === null,
    'getSignatureStatuses: finalized, err null', status);
check(await tokenBalance(payeeAta) - payeeBefore === AMOUNT, `payee balance rose by exactly ${AMOUNT}`);
check(await tokenBalance(payerAta) === 1_000_000n - AMOUNT, 'payer balance fell by the same amount');
const priorityFee = (CU_PRICE_MICROLAMPORTS * BigInt(CU_LIMIT) + 999_999n) / 1_000_000n;
const paid = feePayerBefore - await lamports(feePayer.address);
check(paid === 2n * 5000n + priorityFee,
    `fee payer paid 5000 lamports x 2 signatures + priority fee ${priorityFee} = ${paid}`, { paid: String(paid) });
check(feeQuote === paid, 'getFeeForMessage quoted the fee actually paid', { feeQuote: String(feeQuote) });
check(await lamports(payer.address) === payerLamportsBefore, 'the payer paid no lamports');

const tx = await rpc('getTransaction', [signature, { encoding: 'json', maxSupportedTransactionVersion: 0 }]);
const post = tx.meta.postTokenBalances.find((b) => b.owner === payee.address);
const pre = tx.meta.preTokenBalances.find((b) => b.owner === payee.address);
check(tx.meta.err === null && tx.slot === status.slot && BigInt(tx.meta.fee) === paid
    && BigInt(post.uiTokenAmount.amount) - BigInt(pre.uiTokenAmount.amount) === AMOUNT,
'getTransaction: meta.err null, slot, fee, pre/post token balances', tx.meta);
const legacyClient = await call('getTransaction', [signature, { encoding: 'json' }]);
check(legacyClient.error?.code === -32015, 'getTransaction without maxSupportedTransactionVersion -> -32015');

const replay = await call('sendTransaction', [signedWire, { encoding: 'base64' }]);
check(replay.error?.code === -32002 && replay.error.data?.err === 'AlreadyProcessed'
    && /already been processed/.test(replay.error.message), 'resending the same tx -> -32002 AlreadyProcessed', replay);

const tampered = new Uint8Array(getBase64Encoder().encode(signedWire));
tampered[1 + 64 + 10] ^= 0x01; // a bit of the second signature (the payer's)
const flipped = await call('sendTransaction', [Buffer.from(tampered).toString('base64'), { encoding: 'base64' }]);
check(flipped.error?.code === -32003 && flipped.error.message === 'Transaction signature verification failure',
    'a flipped signature bit -> -32003', flipped);

const overdraft = await partiallySignTransaction([feePayer.keyPair], await clientTransaction(2_000_000n, blockhash));
const feePayerBeforeOverdraft = await lamports(feePayer.address);
const rejected = await call('sendTransaction', [getBase64EncodedWireTransaction(overdraft), { encoding: 'base64' }]);
check(rejected.error?.code === -32002
    && JSON.stringify(rejected.error.data?.err) === JSON.stringify({ InstructionError: [2, { Custom: 1 }] })
    && rejected.error.message === 'Transaction simulation failed: Error processing Instruction 2: custom program error: 0x1'
    && rejected.error.data.logs.some((l) => /insufficient funds/.test(l)),
'an overdraft -> -32002 {"InstructionError":[2,{"Custom":1}]} with the token program logs', rejected.error);
check(await lamports(feePayer.address) === feePayerBeforeOverdraft, 'a preflight rejection costs no fee');

// skipPreflight: an execution failure lands (err, fee paid); a bad signature is dropped (status stays null).
const landed = await rpc('sendTransaction', [getBase64EncodedWireTransaction(overdraft),
    { encoding: 'base64', skipPreflight: true }]);
const landedStatus = (await rpc('getSignatureStatuses', [[landed]])).value[0];
check(JSON.stringify(landedStatus?.err) === JSON.stringify({ InstructionError: [2, { Custom: 1 }] })
    && feePayerBeforeOverdraft - await lamports(feePayer.address) === paid,
'skipPreflight overdraft lands with err and the fee is charged', landedStatus);
const badFeePayerSignature = new Uint8Array(getBase64Encoder().encode(getBase64EncodedWireTransaction(overdraft)));
badFeePayerSignature[1 + 10] ^= 0x01; // the first signature, which names the transaction
const dropped = await rpc('sendTransaction', [Buffer.from(badFeePayerSignature).toString('base64'),
    { encoding: 'base64', skipPreflight: true }]);
check((await rpc('getSignatureStatuses', [[dropped]])).value[0] === null,
    'skipPreflight with a bad signature: signature returned, never lands (status null)');

const garbage = await call('sendTransaction', ['AQID', { encoding: 'base64' }]);
check(garbage.error?.code === -32602, 'undecodable transaction -> -32602', garbage);

// Blockhash expiry: the old blockhash is invalid at once; simulation can replace it.
const expiring = await clientTransaction(1n, blockhash);
await rpc('x402j_expireBlockhash');
check((await rpc('isBlockhashValid', [blockhash.blockhash])).value === false, 'the expired blockhash is invalid');
sim = await rpc('simulateTransaction', [getBase64EncodedWireTransaction(expiring), { encoding: 'base64' }]);
check(sim.value.err === 'BlockhashNotFound', 'simulating with the expired blockhash -> err BlockhashNotFound', sim.value);
sim = await rpc('simulateTransaction', [getBase64EncodedWireTransaction(expiring),
    { encoding: 'base64', replaceRecentBlockhash: true }]);
check(sim.value.err === null && sim.value.replacementBlockhash?.blockhash !== blockhash.blockhash,
    'replaceRecentBlockhash simulates it against the new blockhash', sim.value);
const expired = await call('sendTransaction', [getBase64EncodedWireTransaction(
    await partiallySignTransaction([feePayer.keyPair], expiring)), { encoding: 'base64' }]);
check(expired.error?.code === -32002 && expired.error.data?.err === 'BlockhashNotFound',
    'sending with the expired blockhash -> -32002 BlockhashNotFound', expired.error);

// A decoded round trip, to be sure the server saw what kit encoded.
check(getTransactionDecoder().decode(getBase64Encoder().encode(signedWire)).messageBytes.length
    === signed.messageBytes.length, 'kit decodes the wire transaction it sent');

console.log(`ALL CHECKS PASSED (${passed})`);

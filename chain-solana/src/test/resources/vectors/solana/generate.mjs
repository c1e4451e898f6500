#!/usr/bin/env node
// Generates vectors.json beside this script with the official Solana JavaScript libraries (@solana/kit,
// @solana-program/token, @solana-program/compute-budget, as pinned in testkit/solana-rpc/package-lock.json), so that
// chain-solana's Java code is checked against an independent implementation:
//
//   npm ci --prefix testkit/solana-rpc
//   node chain-solana/src/test/resources/vectors/solana/generate.mjs
//
// Everything is deterministic (fixed seeds, a fixed blockhash, a fixed memo); running it again gives the same file.
import { createRequire } from 'node:module';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '../../../../../..');
const require = createRequire(path.join(root, 'testkit/solana-rpc/package.json'));
const kit = require('@solana/kit');
const token = require('@solana-program/token');
const computeBudget = require('@solana-program/compute-budget');

const TOKEN_2022 = 'TokenzQdBNbLqP5VEhdkAS6EPFLC1PHnBqCXEpPxuEb';
const MEMO = 'MemoSq4gqABAXKb96qnH8TysNcWxMyWCqXgDLGmfcHr';
const USDC_MAINNET = 'EPjFWdd5AufqSSqeM2qN1xzybapC8G4wEGGkZwyTDt1v';

const base58 = kit.getBase58Decoder();
const seed = (offset) => Uint8Array.from({ length: 32 }, (_, i) => i + offset);
const hex = (bytes) => Buffer.from(bytes).toString('hex');

const payer = await kit.createKeyPairSignerFromPrivateKeyBytes(seed(1));
const feePayer = await kit.createKeyPairSignerFromPrivateKeyBytes(seed(101));
const payTo = (await kit.createKeyPairSignerFromPrivateKeyBytes(seed(201))).address;
const blockhash = base58.decode(new Uint8Array(32).fill(7));
const payerPublic = kit.getAddressEncoder().encode(payer.address);

const ata = async (owner, mint, tokenProgram) =>
    (await token.findAssociatedTokenPda({ owner, mint, tokenProgram }))[0];

const keys = [1, 101, 201].map((offset) => offset);
const keyVectors = [];
for (const offset of keys) {
    const signer = await kit.createKeyPairSignerFromPrivateKeyBytes(seed(offset));
    const pub = kit.getAddressEncoder().encode(signer.address);
    keyVectors.push({
        seedHex: hex(seed(offset)),
        secretKeyBase58: base58.decode(Uint8Array.from([...seed(offset), ...pub])),
        address: signer.address,
    });
}

const ataVectors = [];
for (const [owner, mint, program] of [
    [payer.address, USDC_MAINNET, token.TOKEN_PROGRAM_ADDRESS],
    [payTo, USDC_MAINNET, token.TOKEN_PROGRAM_ADDRESS],
    [payTo, USDC_MAINNET, TOKEN_2022],
    [feePayer.address, '4zMMC9srt5Ri5X14GAgXhaHii3GnPAEERYPJgZJDncDU', token.TOKEN_PROGRAM_ADDRESS],
]) {
    ataVectors.push({ owner, mint, tokenProgram: program, ata: await ata(owner, mint, program) });
}

const pdaVectors = [];
for (const seeds of [['x402j'], ['metadata', kit.getAddressEncoder().encode(USDC_MAINNET)], []]) {
    const [address, bump] = await kit.getProgramDerivedAddress({
        programAddress: 'metaqbxxUerdq28cj1RbAWkYQm3ybzjb6a8bt518x1s', seeds });
    pdaVectors.push({
        programId: 'metaqbxxUerdq28cj1RbAWkYQm3ybzjb6a8bt518x1s',
        seedsHex: seeds.map((s) => hex(typeof s === 'string' ? new TextEncoder().encode(s) : s)),
        address, bump });
}

/** The transaction the official x402 client builds (v0, fee payer = facilitator, payer partially signs). */
async function officialPayment(tokenProgram, memo, units, microLamports) {
    const source = await ata(payer.address, USDC_MAINNET, tokenProgram);
    const destination = await ata(payTo, USDC_MAINNET, tokenProgram);
    const transfer = token.getTransferCheckedInstruction(
        { source, mint: USDC_MAINNET, destination, authority: payer, amount: 10_000n, decimals: 6 },
        { programAddress: tokenProgram });
    const memoIx = { programAddress: MEMO, accounts: [], data: new TextEncoder().encode(memo) };
    const message = kit.pipe(
        kit.createTransactionMessage({ version: 0 }),
        (m) => computeBudget.setTransactionMessageComputeUnitPrice(microLamports, m),
        (m) => kit.setTransactionMessageFeePayer(feePayer.address, m),
        (m) => kit.prependTransactionMessageInstruction(
            computeBudget.getSetComputeUnitLimitInstruction({ units }), m),
        (m) => kit.appendTransactionMessageInstructions([transfer, memoIx], m),
        (m) => kit.setTransactionMessageLifetimeUsingBlockhash({ blockhash, lastValidBlockHeight: 1000n }, m));
    const signed = await kit.partiallySignTransactionMessageWithSigners(message);
    return {
        tokenProgram, memo, computeUnitLimit: units, computeUnitPriceMicroLamports: microLamports,
        feePayer: feePayer.address, payer: payer.address, payTo, mint: USDC_MAINNET, amount: '10000', decimals: 6,
        source, destination, recentBlockhash: blockhash,
        transactionBase64: kit.getBase64EncodedWireTransaction(signed),
        messageBase64: Buffer.from(signed.messageBytes).toString('base64'),
    };
}

/** A legacy transaction signed by its only signer (a memo and a transfer, the payer pays the fee). */
async function legacyTransaction() {
    const source = await ata(payer.address, USDC_MAINNET, token.TOKEN_PROGRAM_ADDRESS);
    const destination = await ata(payTo, USDC_MAINNET, token.TOKEN_PROGRAM_ADDRESS);
    const message = kit.pipe(
        kit.createTransactionMessage({ version: 'legacy' }),
        (m) => kit.setTransactionMessageFeePayerSigner(payer, m),
        (m) => kit.appendTransactionMessageInstructions([
            { programAddress: MEMO, accounts: [{ address: payer.address, role: kit.AccountRole.READONLY_SIGNER }],
                data: new TextEncoder().encode('legacy') },
            token.getTransferCheckedInstruction(
                { source, mint: USDC_MAINNET, destination, authority: payer, amount: 1n, decimals: 6 }),
        ], m),
        (m) => kit.setTransactionMessageLifetimeUsingBlockhash({ blockhash, lastValidBlockHeight: 1000n }, m));
    const signed = await kit.signTransactionMessageWithSigners(message);
    return { payer: payer.address, transactionBase64: kit.getBase64EncodedWireTransaction(signed),
        messageBase64: Buffer.from(signed.messageBytes).toString('base64') };
}

const vectors = {
    generator: 'chain-solana/src/test/resources/vectors/solana/generate.mjs',
    libraries: Object.fromEntries(['@solana/kit', '@solana-program/token', '@solana-program/compute-budget'].map(
        (name) => [name, JSON.parse(readFileSync(
            path.join(root, 'testkit/solana-rpc/node_modules', name, 'package.json'), 'utf8')).version])),
    keys: keyVectors,
    associatedTokenAccounts: ataVectors,
    programDerivedAddresses: pdaVectors,
    payments: [
        await officialPayment(token.TOKEN_PROGRAM_ADDRESS, 'x402j vector memo', 20_000, 1),
        await officialPayment(TOKEN_2022, '00112233445566778899aabbccddeeff', 20_000, 1),
    ],
    legacy: await legacyTransaction(),
    payerPublicKeyHex: hex(payerPublic),
};
writeFileSync(path.join(here, 'vectors.json'), JSON.stringify(vectors, null, 2) + '\n');
console.log('wrote', path.join(here, 'vectors.json'));

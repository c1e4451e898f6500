#!/usr/bin/env node
// A Solana JSON-RPC server for x402j tests, backed by one in-process LiteSVM (the real SVM with the real SPL
// Token, Token-2022, Associated Token Account and Memo programs). Test infrastructure only.
//
//   node server.mjs --port 0 [--exit-on-stdin-eof] [--genesis-hash <base58>]
//
// Listens on 127.0.0.1 and prints exactly one line `Listening on 127.0.0.1:PORT` when ready. JSON-RPC 2.0 over
// HTTP POST (single and batch requests); `GET /health` answers `ok` like a validator. With --exit-on-stdin-eof
// the server exits when its stdin closes (a launcher that dies takes the server with it).
//
// Methods, with the shapes of Solana's JSON-RPC: getHealth, getVersion, getGenesisHash, getSlot,
// getBlockHeight, getEpochInfo, getLatestBlockhash, isBlockhashValid, getBalance, getAccountInfo,
// getMultipleAccounts (base58, base64, jsonParsed for SPL mints and token accounts), getTokenAccountBalance,
// getMinimumBalanceForRentExemption, getFeeForMessage, requestAirdrop, simulateTransaction, sendTransaction,
// getSignatureStatuses, getTransaction. Test-only helpers (parameters by name, as an object or `[object]`):
//   x402j_expireBlockhash {}                          -> {blockhash, lastValidBlockHeight} (the old one is invalid)
//   x402j_warpSlot {slot}                             -> slot
//   x402j_createMint {decimals=6, mintAuthority?, freezeAuthority?, tokenProgram?}
//                                                     -> mint address (real CreateAccount + InitializeMint2)
//   x402j_mintTo {mint, owner, amount}                -> the owner's associated token account (created if missing)
//   x402j_associatedTokenAddress {owner, mint, tokenProgram?} -> address (derived, may not exist)
//   x402j_setSol {address, lamports}                  -> true
//
// DIFFERENCES FROM A REAL VALIDATOR (name them in tests; a Solana scheme implementer must know them):
// - No consensus, no leader, no gossip, no TPU: a transaction executes synchronously inside sendTransaction, and
//   is final when the call returns (every status is "finalized", `confirmations` null). There is no "pending".
// - Slots move only on demand: +1 per landed transaction (including the helpers' transactions and airdrops), or
//   x402j_warpSlot. Block height equals the slot. Nothing happens with wall-clock time; the Clock sysvar's
//   unix timestamp is set to "now" when a slot advances.
// - ONE blockhash at a time: getLatestBlockhash returns the same hash until x402j_expireBlockhash (or until the
//   slot passes its lastValidBlockHeight = slot at issue + 150). A transaction must carry the latest blockhash;
//   after an expiry the previous one is invalid at once (a validator accepts any of the last ~150 blockhashes).
//   Two identical transactions built on the same blockhash have the same signature: the second is AlreadyProcessed.
// - Fees: 5000 lamports per required signature plus the priority fee ceil(cuPrice x cuLimit / 1e6), charged by
//   LiteSVM like the real fee model; no fee market, no rent collection, no rewards.
// - A transaction that fails during execution (e.g. InstructionError) lands with `err` and pays its fee, as on a
//   validator. One that fails before execution (bad signature, unknown blockhash, AlreadyProcessed, fee payer
//   without funds) is rejected by preflight; with skipPreflight its signature is returned but it never lands
//   (status stays null), like a transaction the cluster dropped.
// - Preflight and simulation run against the current state only (`commitment` and `minContextSlot` are
//   ignored); `sigVerify` and `replaceRecentBlockhash` are honoured; `accounts` returns post-simulation accounts.
// - No websockets (no signatureSubscribe): poll getSignatureStatuses. No getBlock, getSignaturesForAddress,
//   getProgramAccounts, getTokenAccountsByOwner, address lookup table resolution in token balances, or
//   precompile-signature fees. getTransaction's jsonParsed does not parse instructions (raw programId/data).
// - getGenesisHash returns devnet's genesis hash unless --genesis-hash is given (CAIP-2 solana:EtWTRABZ...),
//   and getVersion reports the LiteSVM version, not a validator's.
// - x402j_createMint / x402j_mintTo are served by a faucet key held by this server: it pays the fees and, by
//   default, is the mint authority. With another mint authority, x402j_mintTo writes the balance directly.

import http from 'node:http';
import crypto from 'node:crypto';
import { createRequire } from 'node:module';
import {
    appendTransactionMessageInstructions,
    createKeyPairSignerFromPrivateKeyBytes,
    createTransactionMessage,
    generateKeyPairSigner,
    getAddressDecoder,
    getAddressEncoder,
    getBase58Decoder,
    getBase58Encoder,
    getTransactionEncoder,
    pipe,
    setTransactionMessageFeePayerSigner,
    setTransactionMessageLifetimeUsingBlockhash,
    signTransactionMessageWithSigners,
} from '@solana/kit';
import { getCreateAccountInstruction, getTransferSolInstruction } from '@solana-program/system';
import {
    ASSOCIATED_TOKEN_PROGRAM_ADDRESS,
    TOKEN_PROGRAM_ADDRESS,
    findAssociatedTokenPda,
    getCreateAssociatedTokenIdempotentInstruction,
    getInitializeMint2Instruction,
    getMintSize,
    getMintToCheckedInstruction,
} from '@solana-program/token';

const require = createRequire(import.meta.url);
// The native binding under litesvm's public wrapper: it takes raw wire bytes, which is what an RPC receives.
const { LiteSvm, Account } = require('litesvm/dist/internal.js');
const LITESVM_VERSION = require('litesvm/package.json').version;

const TOKEN_2022_PROGRAM_ADDRESS = 'TokenzQdBNbLqP5VEhdkAS6EPFLC1PHnBqCXEpPxuEb';
const SYSTEM_PROGRAM_ADDRESS = '11111111111111111111111111111111';
const MEMO_PROGRAM_ADDRESS = 'MemoSq4gqABAXKb96qnH8TysNcWxMyWCqXgDLGmfcHr';
const COMPUTE_BUDGET_PROGRAM_ADDRESS = 'ComputeBudget111111111111111111111111111111';
const DEVNET_GENESIS_HASH = 'EtWTRABZaYq6iMfeYKouRu166VU2xqa1wcaWoxPkrZBG';
const LAMPORTS_PER_SIGNATURE = 5000n;
const BLOCKHASH_LIFETIME_SLOTS = 150n;
const U64_MAX = (1n << 64n) - 1n;
const SLOTS_PER_EPOCH = 432000n;

const base58 = { encode: (bytes) => getBase58Decoder().decode(bytes), decode: (text) => getBase58Encoder().encode(text) };
const addressBytes = (text) => getAddressEncoder().encode(text);
const addressText = (bytes) => getAddressDecoder().decode(bytes);

// ------------------------------------------------------------------------------------------------ arguments

function argument(name, fallback) {
    const i = process.argv.indexOf(name);
    return i >= 0 && i + 1 < process.argv.length ? process.argv[i + 1] : fallback;
}
const PORT = Number(argument('--port', '8899'));
const GENESIS_HASH = argument('--genesis-hash', DEVNET_GENESIS_HASH);
if (!Number.isInteger(PORT) || PORT < 0 || PORT > 65535) {
    console.error(`invalid --port ${argument('--port')}`);
    process.exit(2);
}

// ------------------------------------------------------------------------------------------------ errors

class RpcError extends Error {
    constructor(code, message, data) {
        super(message);
        this.code = code;
        this.data = data;
    }
}
const invalidParams = (message) => new RpcError(-32602, message);

// TransactionError and InstructionError variants, in the order of litesvm's (and Solana's) enums.
const TX_ERRORS = ['AccountInUse', 'AccountLoadedTwice', 'AccountNotFound', 'ProgramAccountNotFound',
    'InsufficientFundsForFee', 'InvalidAccountForFee', 'AlreadyProcessed', 'BlockhashNotFound', 'CallChainTooDeep',
    'MissingSignatureForFee', 'InvalidAccountIndex', 'SignatureFailure', 'InvalidProgramForExecution',
    'SanitizeFailure', 'ClusterMaintenance', 'AccountBorrowOutstanding', 'WouldExceedMaxBlockCostLimit',
    'UnsupportedVersion', 'InvalidWritableAccount', 'WouldExceedMaxAccountCostLimit',
    'WouldExceedAccountDataBlockLimit', 'TooManyAccountLocks', 'AddressLookupTableNotFound',
    'InvalidAddressLookupTableOwner', 'InvalidAddressLookupTableData', 'InvalidAddressLookupTableIndex',
    'InvalidRentPayingAccount', 'WouldExceedMaxVoteCostLimit', 'WouldExceedAccountDataTotalLimit',
    'MaxLoadedAccountsDataSizeExceeded', 'ResanitizationNeeded', 'InvalidLoadedAccountsDataSizeLimit',
    'UnbalancedTransaction', 'ProgramCacheHitMaxLimit', 'CommitCancelled'];
const IX_ERRORS = ['GenericError', 'InvalidArgument', 'InvalidInstructionData', 'InvalidAccountData',
    'AccountDataTooSmall', 'InsufficientFunds', 'IncorrectProgramId', 'MissingRequiredSignature',
    'AccountAlreadyInitialized', 'UninitializedAccount', 'UnbalancedInstruction', 'ModifiedProgramId',
    'ExternalAccountLamportSpend', 'ExternalAccountDataModified', 'ReadonlyLamportChange', 'ReadonlyDataModified',
    'DuplicateAccountIndex', 'ExecutableModified', 'RentEpochModified', 'NotEnoughAccountKeys',
    'AccountDataSizeChanged', 'AccountNotExecutable', 'AccountBorrowFailed', 'AccountBorrowOutstanding',
    'DuplicateAccountOutOfSync', 'InvalidError', 'ExecutableDataModified', 'ExecutableLamportChange',
    'ExecutableAccountNotRentExempt', 'UnsupportedProgramId', 'CallDepth', 'MissingAccount', 'ReentrancyNotAllowed',
    'MaxSeedLengthExceeded', 'InvalidSeeds', 'InvalidRealloc', 'ComputationalBudgetExceeded', 'PrivilegeEscalation',
    'ProgramEnvironmentSetupFailure', 'ProgramFailedToComplete', 'ProgramFailedToCompile', 'Immutable',
    'IncorrectAuthority', 'AccountNotRentExempt', 'InvalidAccountOwner', 'ArithmeticOverflow', 'UnsupportedSysvar',
    'IllegalOwner', 'MaxAccountsDataAllocationsExceeded', 'MaxAccountsExceeded', 'MaxInstructionTraceLengthExceeded',
    'BuiltinProgramsMustConsumeComputeUnits', 'BorshIoError'];

// Solana's Display texts, used in "Transaction simulation failed: ..." messages.
const TX_ERROR_TEXT = {
    AccountInUse: 'Account in use',
    AccountLoadedTwice: 'Account loaded twice',
    AccountNotFound: 'Attempt to debit an account but found no record of a prior credit.',
    ProgramAccountNotFound: 'Attempt to load a program that does not exist',
    InsufficientFundsForFee: 'Insufficient funds for fee',
    InvalidAccountForFee: 'This account may not be used to pay transaction fees',
    AlreadyProcessed: 'This transaction has already been processed',
    BlockhashNotFound: 'Blockhash not found',
    CallChainTooDeep: 'Loader call chain is too deep',
    MissingSignatureForFee: 'Transaction requires a fee but has no signature present',
    InvalidAccountIndex: 'Transaction contains an invalid account reference',
    SignatureFailure: 'Transaction did not pass signature verification',
    InvalidProgramForExecution: 'This program may not be used for executing instructions',
    SanitizeFailure: 'Transaction failed to sanitize accounts offsets correctly',
    UnsupportedVersion: 'Transaction version is unsupported',
    InvalidWritableAccount: 'Transaction loads a writable account that cannot be written',
    TooManyAccountLocks: 'Transaction locked too many accounts',
};
const IX_ERROR_TEXT = {
    GenericError: 'generic instruction error',
    InvalidArgument: 'invalid program argument',
    InvalidInstructionData: 'invalid instruction data',
    InvalidAccountData: 'invalid account data for instruction',
    AccountDataTooSmall: 'account data too small for instruction',
    InsufficientFunds: 'insufficient funds for instruction',
    IncorrectProgramId: 'incorrect program id for instruction',
    MissingRequiredSignature: 'missing required signature for instruction',
    AccountAlreadyInitialized: 'instruction requires an uninitialized account',
    UninitializedAccount: 'instruction requires an initialized account',
    ComputationalBudgetExceeded: 'Computational budget exceeded',
    InvalidAccountOwner: 'Invalid account owner',
    ArithmeticOverflow: 'Program arithmetic overflowed',
    IllegalOwner: 'Provided owner is not allowed',
    PrivilegeEscalation: 'Cross-program invocation with unauthorized signer or writable account',
};

/** litesvm's error object -> Solana's JSON form ("AlreadyProcessed", {"InstructionError":[2,{"Custom":1}]}). */
function errorJson(err) {
    if (err === null || err === undefined) return null;
    if (typeof err === 'number') return TX_ERRORS[err] ?? `TransactionError(${err})`;
    switch (err.constructor?.name) {
        case 'TransactionErrorInstructionError': {
            const inner = err.err();
            let json;
            if (typeof inner === 'number') json = IX_ERRORS[inner] ?? `InstructionError(${inner})`;
            else if (inner?.constructor?.name === 'InstructionErrorCustom') json = { Custom: inner.code };
            else if (inner?.constructor?.name === 'InstructionErrorBorshIo') json = { BorshIoError: inner.msg };
            else json = String(inner);
            return { InstructionError: [err.index, json] };
        }
        case 'TransactionErrorDuplicateInstruction':
            return { DuplicateInstruction: err.index };
        case 'TransactionErrorInsufficientFundsForRent':
            return { InsufficientFundsForRent: { account_index: err.accountIndex } };
        case 'TransactionErrorProgramExecutionTemporarilyRestricted':
            return { ProgramExecutionTemporarilyRestricted: { account_index: err.accountIndex } };
        default:
            return String(err);
    }
}

function errorText(json) {
    if (typeof json === 'string') return TX_ERROR_TEXT[json] ?? json;
    if (json.InstructionError) {
        const [index, inner] = json.InstructionError;
        let text;
        if (typeof inner === 'string') text = IX_ERROR_TEXT[inner] ?? inner;
        else if ('Custom' in inner) text = `custom program error: 0x${inner.Custom.toString(16)}`;
        else text = JSON.stringify(inner);
        return `Error processing Instruction ${index}: ${text}`;
    }
    if (json.InsufficientFundsForRent) {
        return `Transaction results in an account (${json.InsufficientFundsForRent.account_index}) with insufficient funds for rent`;
    }
    return JSON.stringify(json);
}

// ------------------------------------------------------------------------------------------------ wire format

class DecodeError extends Error {}

function compactU16(bytes, pos) {
    let value = 0;
    for (let i = 0; i < 3; i++) {
        if (pos >= bytes.length) throw new DecodeError('io error: failed to fill whole buffer');
        const b = bytes[pos++];
        value |= (b & 0x7f) << (7 * i);
        if ((b & 0x80) === 0) return [value, pos];
    }
    throw new DecodeError('invalid compact-u16');
}

function take(bytes, pos, n) {
    if (pos + n > bytes.length) throw new DecodeError('io error: failed to fill whole buffer');
    return [bytes.subarray(pos, pos + n), pos + n];
}

/** Parses a legacy or v0 message; throws DecodeError on malformed bytes. */
function parseMessage(bytes, start = 0) {
    let pos = start;
    let version = 'legacy';
    if (pos >= bytes.length) throw new DecodeError('io error: failed to fill whole buffer');
    if (bytes[pos] & 0x80) {
        version = bytes[pos] & 0x7f;
        pos++;
        if (version !== 0) throw new DecodeError(`unsupported transaction version ${version}`);
    }
    let header;
    [header, pos] = take(bytes, pos, 3);
    let n;
    [n, pos] = compactU16(bytes, pos);
    const accountKeys = [];
    for (let i = 0; i < n; i++) {
        let key;
        [key, pos] = take(bytes, pos, 32);
        accountKeys.push(addressText(key));
    }
    let blockhash;
    [blockhash, pos] = take(bytes, pos, 32);
    const blockhashOffset = pos - 32;
    [n, pos] = compactU16(bytes, pos);
    const instructions = [];
    for (let i = 0; i < n; i++) {
        let programIdIndex, count, accounts, data;
        [[programIdIndex], pos] = take(bytes, pos, 1);
        [count, pos] = compactU16(bytes, pos);
        [accounts, pos] = take(bytes, pos, count);
        [count, pos] = compactU16(bytes, pos);
        [data, pos] = take(bytes, pos, count);
        instructions.push({ programIdIndex, accounts: [...accounts], data: Uint8Array.from(data) });
    }
    const addressTableLookups = [];
    if (version === 0) {
        [n, pos] = compactU16(bytes, pos);
        for (let i = 0; i < n; i++) {
            let key, count, writableIndexes, readonlyIndexes;
            [key, pos] = take(bytes, pos, 32);
            [count, pos] = compactU16(bytes, pos);
            [writableIndexes, pos] = take(bytes, pos, count);
            [count, pos] = compactU16(bytes, pos);
            [readonlyIndexes, pos] = take(bytes, pos, count);
            addressTableLookups.push({ accountKey: addressText(key), writableIndexes: [...writableIndexes],
                readonlyIndexes: [...readonlyIndexes] });
        }
    }
    const message = {
        version,
        header: { numRequiredSignatures: header[0], numReadonlySignedAccounts: header[1],
            numReadonlyUnsignedAccounts: header[2] },
        accountKeys,
        recentBlockhash: base58.encode(blockhash),
        blockhashOffset: blockhashOffset - start,
        instructions,
        addressTableLookups,
    };
    return [message, pos];
}

/** Parses a wire transaction; the RPC's -32602 errors for undecodable or unsanitary input. */
function parseTransaction(bytes) {
    let message, end, pos, count;
    try {
        [count, pos] = compactU16(bytes, 0);
        const signatures = [];
        for (let i = 0; i < count; i++) {
            let signature;
            [signature, pos] = take(bytes, pos, 64);
            signatures.push(Uint8Array.from(signature));
        }
        const messageStart = pos;
        [message, end] = parseMessage(bytes, pos);
        if (end !== bytes.length) throw new DecodeError('trailing bytes after the message');
        const tx = { bytes, signatures, messageBytes: bytes.subarray(messageStart), messageStart, message };
        sanitize(tx);
        return tx;
    } catch (e) {
        if (e instanceof DecodeError) {
            throw invalidParams(`failed to deserialize solana_transaction::versioned::VersionedTransaction: ${e.message}`);
        }
        throw e;
    }
}

function sanitize(tx) {
    const { header, accountKeys, instructions, addressTableLookups } = tx.message;
    const loaded = addressTableLookups.reduce((sum, l) => sum + l.writableIndexes.length + l.readonlyIndexes.length, 0);
    const total = accountKeys.length + loaded;
    const ok = header.numRequiredSignatures >= 1
        && header.numRequiredSignatures === tx.signatures.length
        && header.numRequiredSignatures <= accountKeys.length
        && header.numReadonlySignedAccounts < header.numRequiredSignatures
        && header.numReadonlyUnsignedAccounts <= accountKeys.length - header.numRequiredSignatures
        && instructions.every((ix) => ix.programIdIndex > 0 && ix.programIdIndex < accountKeys.length
            && ix.accounts.every((a) => a < total))
        && new Set(accountKeys).size === accountKeys.length;
    if (!ok) throw invalidParams(`invalid transaction: ${TX_ERROR_TEXT.SanitizeFailure}`);
}

function decodeWire(encoded, encoding) {
    if (typeof encoded !== 'string') throw invalidParams('Invalid params: expected an encoded transaction string');
    if (encoding === 'base64') {
        if (!/^[A-Za-z0-9+/]*={0,2}$/.test(encoded) || encoded.length % 4 !== 0) {
            throw invalidParams('invalid base64 encoding: InvalidByte');
        }
        return new Uint8Array(Buffer.from(encoded, 'base64'));
    }
    if (encoding === 'base58' || encoding === undefined || encoding === null) {
        try {
            return Uint8Array.from(base58.decode(encoded));
        } catch {
            throw invalidParams('invalid base58 encoding: InvalidCharacter');
        }
    }
    throw invalidParams(`Invalid params: unsupported encoding: ${encoding}. Supported encodings: base58, base64`);
}

const ED25519_SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

function signaturesValid(tx) {
    return tx.signatures.every((signature, i) => {
        try {
            const key = crypto.createPublicKey({
                key: Buffer.concat([ED25519_SPKI_PREFIX, Buffer.from(addressBytes(tx.message.accountKeys[i]))]),
                format: 'der', type: 'spki' });
            return crypto.verify(null, tx.messageBytes, key, signature);
        } catch {
            return false;
        }
    });
}

/** Base fee plus priority fee, the way the runtime computes it (precompile signatures not counted). */
function feeFor(message) {
    let price = 0n;
    let limit = null;
    let other = 0;
    for (const ix of message.instructions) {
        const program = message.accountKeys[ix.programIdIndex];
        if (program === COMPUTE_BUDGET_PROGRAM_ADDRESS) {
            const view = new DataView(ix.data.buffer, ix.data.byteOffset, ix.data.byteLength);
            if (ix.data[0] === 2 && ix.data.length >= 5) limit = BigInt(view.getUint32(1, true));
            if (ix.data[0] === 3 && ix.data.length >= 9) price = view.getBigUint64(1, true);
        } else {
            other++;
        }
    }
    if (limit === null) limit = BigInt(Math.min(1_400_000, 200_000 * other));
    const priority = (price * limit + 999_999n) / 1_000_000n;
    return LAMPORTS_PER_SIGNATURE * BigInt(message.header.numRequiredSignatures) + priority;
}

// ------------------------------------------------------------------------------------------------ the chain

const svm = new LiteSvm();
let blockhashIssuedAt = 0n;
const processed = new Map(); // base58 signature -> record for getSignatureStatuses / getTransaction
let helperNonce = 0;

const slot = () => svm.getClock().slot;
const context = () => ({ slot: slot() });
const lastValidBlockHeight = () => blockhashIssuedAt + BLOCKHASH_LIFETIME_SLOTS;

function setSlot(target) {
    const clock = svm.getClock();
    clock.slot = target;
    const now = BigInt(Math.floor(Date.now() / 1000));
    if (now > clock.unixTimestamp) clock.unixTimestamp = now;
    clock.epoch = target / SLOTS_PER_EPOCH;
    svm.setClock(clock);
    if (target > lastValidBlockHeight()) expireBlockhash();
}

function expireBlockhash() {
    svm.expireBlockhash();
    blockhashIssuedAt = slot();
}

function account(address) {
    return svm.getAccount(addressBytes(address));
}

function setLamports(address, lamports) {
    const existing = account(address);
    svm.setAccount(addressBytes(address), existing
        ? new Account(lamports, existing.data(), existing.owner(), existing.executable(), existing.rentEpoch())
        : new Account(lamports, new Uint8Array(0), addressBytes(SYSTEM_PROGRAM_ADDRESS), false, U64_MAX));
}

function isTokenProgram(owner) {
    return owner === TOKEN_PROGRAM_ADDRESS || owner === TOKEN_2022_PROGRAM_ADDRESS;
}

function initClock() {
    const clock = svm.getClock();
    clock.unixTimestamp = BigInt(Math.floor(Date.now() / 1000));
    svm.setClock(clock);
    blockhashIssuedAt = clock.slot;
}
initClock();

// The faucet: pays the helpers' fees and is the default mint authority.
const faucet = await createKeyPairSignerFromPrivateKeyBytes(crypto.randomBytes(32));
setLamports(faucet.address, 1_000_000_000_000_000_000n);

// ------------------------------------------------------------------------------------------------ SPL parsing

function u64(data, offset) {
    return new DataView(data.buffer, data.byteOffset, data.byteLength).getBigUint64(offset, true);
}
function u32(data, offset) {
    return new DataView(data.buffer, data.byteOffset, data.byteLength).getUint32(offset, true);
}
function optionalKey(data, offset) {
    return u32(data, offset) === 1 ? addressText(data.subarray(offset + 4, offset + 36)) : null;
}

function uiAmountString(amount, decimals) {
    const digits = amount.toString().padStart(decimals + 1, '0');
    const whole = digits.slice(0, digits.length - decimals);
    const fraction = digits.slice(digits.length - decimals).replace(/0+$/, '');
    return fraction ? `${whole}.${fraction}` : whole;
}
function tokenAmount(amount, decimals) {
    const text = uiAmountString(amount, decimals);
    return { amount: amount.toString(), decimals, uiAmount: Number(text), uiAmountString: text };
}

/** 'mint' | 'account' | null for data owned by a token program. */
function tokenAccountType(owner, data) {
    if (data.length === 82) return 'mint';
    if (data.length === 165) return 'account';
    if (owner === TOKEN_2022_PROGRAM_ADDRESS && data.length > 165) {
        if (data[165] === 1) return 'mint';
        if (data[165] === 2) return 'account';
    }
    return null;
}

const EXTENSION_NAMES = { 1: 'transferFeeConfig', 2: 'transferFeeAmount', 3: 'mintCloseAuthority',
    6: 'defaultAccountState', 7: 'immutableOwner', 8: 'memoTransfer', 9: 'nonTransferable',
    10: 'interestBearingConfig', 11: 'cpiGuard', 12: 'permanentDelegate', 13: 'nonTransferableAccount',
    14: 'transferHook', 15: 'transferHookAccount', 18: 'metadataPointer', 19: 'tokenMetadata' };

function extensions(data) {
    const list = [];
    for (let pos = 166; pos + 4 <= data.length;) {
        const view = new DataView(data.buffer, data.byteOffset + pos, 4);
        const type = view.getUint16(0, true);
        const length = view.getUint16(2, true);
        if (type === 0) break;
        list.push({ extension: EXTENSION_NAMES[type] ?? 'unparseableExtension' });
        pos += 4 + length;
    }
    return list;
}

function parseMint(data) {
    return {
        mintAuthority: optionalKey(data, 0),
        supply: u64(data, 36).toString(),
        decimals: data[44],
        isInitialized: data[45] === 1,
        freezeAuthority: optionalKey(data, 46),
    };
}

/** Parsed token account, or null when its mint cannot be read (then jsonParsed falls back to base64). */
function parseTokenAccount(data) {
    const mint = addressText(data.subarray(0, 32));
    const mintAccount = account(mint);
    if (!mintAccount || tokenAccountType(addressText(mintAccount.owner()), mintAccount.data()) !== 'mint') return null;
    const decimals = mintAccount.data()[44];
    const isNative = u32(data, 109) === 1;
    const info = {
        isNative,
        mint,
        owner: addressText(data.subarray(32, 64)),
        state: ['uninitialized', 'initialized', 'frozen'][data[108]] ?? 'uninitialized',
        tokenAmount: tokenAmount(u64(data, 64), decimals),
    };
    const delegate = optionalKey(data, 72);
    if (delegate) {
        info.delegate = delegate;
        info.delegatedAmount = tokenAmount(u64(data, 121), decimals);
    }
    if (isNative) info.rentExemptReserve = tokenAmount(u64(data, 113), decimals);
    const closeAuthority = optionalKey(data, 129);
    if (closeAuthority) info.closeAuthority = closeAuthority;
    return info;
}

function jsonParsedData(owner, data) {
    if (!isTokenProgram(owner)) return null;
    const type = tokenAccountType(owner, data);
    let info = null;
    if (type === 'mint') info = parseMint(data);
    if (type === 'account') info = parseTokenAccount(data);
    if (!info) return null;
    if (owner === TOKEN_2022_PROGRAM_ADDRESS && data.length > 165) info.extensions = extensions(data);
    return { program: owner === TOKEN_PROGRAM_ADDRESS ? 'spl-token' : 'spl-token-2022', parsed: { info, type },
        space: data.length };
}

/** The UiAccount JSON of an account (null when it does not exist). */
function uiAccount(acc, config = {}) {
    if (!acc) return null;
    const encoding = config.encoding ?? 'base58';
    const owner = addressText(acc.owner());
    let data = acc.data();
    const space = data.length;
    let encoded;
    if (encoding === 'jsonParsed') {
        encoded = jsonParsedData(owner, data) ?? [Buffer.from(data).toString('base64'), 'base64'];
    } else {
        if (config.dataSlice) {
            const offset = Number(config.dataSlice.offset ?? 0);
            data = data.subarray(offset, offset + Number(config.dataSlice.length ?? 0));
        }
        if (encoding === 'base64') {
            encoded = [Buffer.from(data).toString('base64'), 'base64'];
        } else if (encoding === 'base58' || encoding === 'binary') {
            if (data.length > 128) {
                throw invalidParams('Encoded binary (base 58) data should be less than 128 bytes, please use Base64 encoding.');
            }
            encoded = encoding === 'binary' ? base58.encode(data) : [base58.encode(data), 'base58'];
        } else {
            throw invalidParams(`Invalid params: unsupported encoding: ${encoding}`);
        }
    }
    return { data: encoded, executable: acc.executable(), lamports: acc.lamports(), owner, rentEpoch: U64_MAX, space };
}

/** Token balances (pre/post) of the token accounts among the message's static keys. */
function tokenBalances(message) {
    const balances = [];
    message.accountKeys.forEach((key, accountIndex) => {
        const acc = account(key);
        if (!acc) return;
        const owner = addressText(acc.owner());
        if (!isTokenProgram(owner) || tokenAccountType(owner, acc.data()) !== 'account') return;
        const info = parseTokenAccount(acc.data());
        if (!info) return;
        balances.push({ accountIndex, mint: info.mint, owner: info.owner, programId: owner,
            uiTokenAmount: info.tokenAmount });
    });
    return balances;
}

// ------------------------------------------------------------------------------------------------ execution

function sigVerifyOff(fn) {
    svm.setSigverify(false);
    try {
        return fn();
    } finally {
        svm.setSigverify(true);
    }
}

function simulateBytes(tx) {
    return tx.message.version === 'legacy' ? svm.simulateLegacyTransaction(tx.bytes) : svm.simulateVersionedTransaction(tx.bytes);
}

function sendBytes(tx) {
    return tx.message.version === 'legacy' ? svm.sendLegacyTransaction(tx.bytes) : svm.sendVersionedTransaction(tx.bytes);
}

function returnDataJson(meta) {
    const returned = meta.returnData();
    const data = returned.data();
    if (!data || data.length === 0) return null;
    return { programId: addressText(returned.programId()), data: [Buffer.from(data).toString('base64'), 'base64'] };
}

/** Simulation result in the RPC's RpcSimulateTransactionResult shape. */
function simulationResult(tx, result, accountsConfig) {
    const failed = result.constructor.name === 'FailedTransactionMetadata';
    const meta = result.meta();
    const err = failed ? errorJson(result.err()) : null;
    let accounts = null;
    if (accountsConfig && Array.isArray(accountsConfig.addresses)) {
        const post = new Map();
        if (!failed) {
            for (const entry of result.postAccounts()) post.set(addressText(entry.address), entry.account());
        }
        accounts = accountsConfig.addresses.map((address) => {
            requireAddress(address);
            return uiAccount(post.has(address) ? post.get(address) : account(address),
                { encoding: accountsConfig.encoding ?? 'base64' });
        });
    }
    return {
        err,
        logs: meta.logs(),
        accounts,
        unitsConsumed: meta.computeUnitsConsumed(),
        returnData: returnDataJson(meta),
        innerInstructions: null,
        replacementBlockhash: null,
        fee: err === null ? feeFor(tx.message) : null,
        loadedAccountsDataSize: null,
    };
}

/** Executes a parsed transaction for real and records it; returns the record, or null when it did not land. */
function execute(tx) {
    const signature = base58.encode(tx.signatures[0]);
    const preBalances = tx.message.accountKeys.map((key) => account(key)?.lamports() ?? 0n);
    const preTokenBalances = tokenBalances(tx.message);
    const before = svm.getTransaction(tx.signatures[0]);
    const result = sendBytes(tx);
    const landed = before === null && svm.getTransaction(tx.signatures[0]) !== null;
    if (!landed) return { signature, result, record: null };
    const failed = result.constructor.name === 'FailedTransactionMetadata';
    const meta = failed ? result.meta() : result;
    const err = failed ? errorJson(result.err()) : null;
    const record = {
        signature,
        slot: slot(),
        blockTime: svm.getClock().unixTimestamp,
        err,
        fee: feeFor(tx.message),
        logs: meta.logs(),
        computeUnitsConsumed: meta.computeUnitsConsumed(),
        returnData: returnDataJson(meta),
        innerInstructions: innerInstructionsJson(meta),
        preBalances,
        postBalances: tx.message.accountKeys.map((key) => account(key)?.lamports() ?? 0n),
        preTokenBalances,
        postTokenBalances: tokenBalances(tx.message),
        tx,
    };
    processed.set(signature, record);
    setSlot(slot() + 1n);
    return { signature, result, record };
}

function innerInstructionsJson(meta) {
    const list = [];
    meta.innerInstructions().forEach((inner, index) => {
        if (inner.length === 0) return;
        list.push({ index, instructions: inner.map((entry) => {
            const ix = entry.instruction();
            return { programIdIndex: ix.programIdIndex(), accounts: [...ix.accounts()], data: base58.encode(ix.data()),
                stackHeight: entry.stackHeight() };
        }) });
    });
    return list;
}

/** Builds, signs (faucet pays) and executes a helper transaction; throws -32002-style errors when it fails. */
async function runHelper(instructions) {
    const nonce = { programAddress: MEMO_PROGRAM_ADDRESS,
        data: new TextEncoder().encode(`x402j-testkit ${++helperNonce}`) };
    const message = pipe(
        createTransactionMessage({ version: 0 }),
        (m) => setTransactionMessageFeePayerSigner(faucet, m),
        (m) => setTransactionMessageLifetimeUsingBlockhash(
            { blockhash: svm.latestBlockhash(), lastValidBlockHeight: lastValidBlockHeight() }, m),
        (m) => appendTransactionMessageInstructions([...instructions, nonce], m));
    const signed = await signTransactionMessageWithSigners(message);
    const tx = parseTransaction(new Uint8Array(getTransactionEncoder().encode(signed)));
    const { signature, result, record } = execute(tx);
    if (!record || record.err) {
        const err = record ? record.err : errorJson(result.err());
        throw new RpcError(-32002, `Transaction simulation failed: ${errorText(err)}`,
            { err, logs: record ? record.logs : result.meta().logs() });
    }
    return signature;
}

// ------------------------------------------------------------------------------------------------ params

function requireAddress(text, what = 'address') {
    if (typeof text !== 'string') throw invalidParams(`Invalid param: ${what} must be a base58 string`);
    let bytes;
    try {
        bytes = base58.decode(text);
    } catch {
        throw invalidParams('Invalid param: Invalid');
    }
    if (bytes.length !== 32) throw invalidParams('Invalid param: WrongSize');
    return text;
}

function requireSignature(text) {
    let bytes;
    try {
        bytes = base58.decode(String(text));
    } catch {
        throw invalidParams('Invalid param: Invalid');
    }
    if (bytes.length !== 64) throw invalidParams('Invalid param: WrongSize');
    return String(text);
}

function toBigInt(value, what) {
    try {
        if (typeof value === 'bigint') return value;
        if (typeof value === 'number' && Number.isSafeInteger(value)) return BigInt(value);
        if (typeof value === 'string' && /^\d+$/.test(value)) return BigInt(value);
    } catch { /* fall through */ }
    throw invalidParams(`Invalid params: ${what} must be a non-negative integer (a decimal string for large values)`);
}

/** Named parameters of an x402j_ helper: an object, `[object]`, or positional values. */
function named(params, names) {
    if (params && !Array.isArray(params) && typeof params === 'object') return params;
    if (Array.isArray(params)) {
        if (params.length === 1 && params[0] && typeof params[0] === 'object' && !Array.isArray(params[0])) return params[0];
        return Object.fromEntries(names.map((name, i) => [name, params[i]]));
    }
    return {};
}

function resolveTokenProgram(value) {
    if (value === undefined || value === null || value === 'spl-token' || value === 'token') return TOKEN_PROGRAM_ADDRESS;
    if (value === 'spl-token-2022' || value === 'token-2022' || value === 'token2022') return TOKEN_2022_PROGRAM_ADDRESS;
    if (isTokenProgram(value)) return value;
    throw invalidParams(`Invalid params: unknown token program ${value}`);
}

async function associatedTokenAddress(owner, mint, tokenProgram) {
    const [ata] = await findAssociatedTokenPda({ owner, mint, tokenProgram });
    return ata;
}

function mintProgram(mint) {
    const acc = account(requireAddress(mint, 'mint'));
    const owner = acc ? addressText(acc.owner()) : null;
    if (!acc || !isTokenProgram(owner) || tokenAccountType(owner, acc.data()) !== 'mint') {
        throw invalidParams(`Invalid params: ${mint} is not an SPL mint`);
    }
    return { acc, owner };
}

// ------------------------------------------------------------------------------------------------ methods

const methods = {
    getHealth: () => 'ok',

    getVersion: () => ({ 'solana-core': `litesvm-${LITESVM_VERSION}`, 'feature-set': 0 }),

    getGenesisHash: () => GENESIS_HASH,

    getSlot: () => slot(),

    getBlockHeight: () => slot(),

    getEpochInfo: () => {
        const s = slot();
        return { absoluteSlot: s, blockHeight: s, epoch: s / SLOTS_PER_EPOCH, slotIndex: s % SLOTS_PER_EPOCH,
            slotsInEpoch: SLOTS_PER_EPOCH, transactionCount: BigInt(processed.size) };
    },

    getLatestBlockhash: () => ({ context: context(),
        value: { blockhash: svm.latestBlockhash(), lastValidBlockHeight: lastValidBlockHeight() } }),

    isBlockhashValid: ([blockhash] = []) => {
        if (typeof blockhash !== 'string') throw invalidParams('Invalid params: blockhash must be a string');
        return { context: context(), value: blockhash === svm.latestBlockhash() };
    },

    getBalance: ([address] = []) => ({ context: context(),
        value: account(requireAddress(address))?.lamports() ?? 0n }),

    getAccountInfo: ([address, config] = []) => ({ context: context(),
        value: uiAccount(account(requireAddress(address)), config ?? {}) }),

    getMultipleAccounts: ([addresses, config] = []) => {
        if (!Array.isArray(addresses)) throw invalidParams('Invalid params: expected an array of addresses');
        if (addresses.length > 100) throw invalidParams('Too many inputs provided; max 100');
        return { context: context(),
            value: addresses.map((address) => uiAccount(account(requireAddress(address)), config ?? {})) };
    },

    getMinimumBalanceForRentExemption: ([size] = []) =>
        svm.minimumBalanceForRentExemption(toBigInt(size ?? 0, 'data length')),

    getFeeForMessage: ([encoded] = []) => {
        const bytes = decodeWire(encoded, 'base64');
        let message;
        try {
            let end;
            [message, end] = parseMessage(bytes);
            if (end !== bytes.length) throw new DecodeError('trailing bytes');
        } catch (e) {
            if (e instanceof DecodeError) throw invalidParams(`Invalid params: invalid message: ${e.message}`);
            throw e;
        }
        return { context: context(),
            value: message.recentBlockhash === svm.latestBlockhash() ? feeFor(message) : null };
    },

    getTokenAccountBalance: ([address] = []) => {
        const acc = account(requireAddress(address));
        const owner = acc ? addressText(acc.owner()) : null;
        const info = acc && isTokenProgram(owner) && tokenAccountType(owner, acc.data()) === 'account'
            ? parseTokenAccount(acc.data()) : null;
        if (!info) throw invalidParams('Invalid param: not a Token account');
        return { context: context(), value: info.tokenAmount };
    },

    requestAirdrop: async ([address, lamports] = []) => {
        requireAddress(address);
        const amount = toBigInt(lamports, 'lamports');
        return runHelper([getTransferSolInstruction({ source: faucet, destination: address, amount })]);
    },

    simulateTransaction: ([encoded, config = {}] = []) => {
        const tx = parseTransaction(decodeWire(encoded, config.encoding ?? 'base58'));
        if (config.sigVerify && config.replaceRecentBlockhash) {
            throw invalidParams('sigVerify may not be used with replaceRecentBlockhash');
        }
        let replacementBlockhash = null;
        let target = tx;
        if (config.replaceRecentBlockhash) {
            const bytes = Uint8Array.from(tx.bytes);
            bytes.set(base58.decode(svm.latestBlockhash()), tx.messageStart + tx.message.blockhashOffset);
            target = parseTransaction(bytes);
            replacementBlockhash = { blockhash: svm.latestBlockhash(), lastValidBlockHeight: lastValidBlockHeight() };
        }
        if (config.sigVerify && !signaturesValid(target)) {
            throw new RpcError(-32003, 'Transaction signature verification failure');
        }
        const result = sigVerifyOff(() => simulateBytes(target));
        const value = simulationResult(target, result, config.accounts);
        value.replacementBlockhash = replacementBlockhash;
        return { context: context(), value };
    },

    sendTransaction: ([encoded, config = {}] = []) => {
        const tx = parseTransaction(decodeWire(encoded, config.encoding ?? 'base58'));
        const signature = base58.encode(tx.signatures[0]);
        if (!config.skipPreflight) {
            if (!signaturesValid(tx)) throw new RpcError(-32003, 'Transaction signature verification failure');
            const simulation = simulationResult(tx, simulateBytes(tx), null);
            if (simulation.err !== null) {
                throw new RpcError(-32002, `Transaction simulation failed: ${errorText(simulation.err)}`, simulation);
            }
        }
        execute(tx); // with skipPreflight a transaction rejected before execution is silently dropped
        return signature;
    },

    getSignatureStatuses: ([signatures] = []) => {
        if (!Array.isArray(signatures)) throw invalidParams('Invalid params: expected an array of signatures');
        if (signatures.length > 256) throw invalidParams('Too many inputs provided; max 256');
        return { context: context(), value: signatures.map((s) => {
            const record = processed.get(requireSignature(s));
            if (!record) return null;
            return { slot: record.slot, confirmations: null, err: record.err,
                status: record.err === null ? { Ok: null } : { Err: record.err }, confirmationStatus: 'finalized' };
        }) };
    },

    getTransaction: ([sig, config] = []) => {
        const options = typeof config === 'string' ? { encoding: config } : (config ?? {});
        const record = processed.get(requireSignature(sig));
        if (!record) return null;
        const { tx } = record;
        if (tx.message.version !== 'legacy' && (options.maxSupportedTransactionVersion ?? null) === null) {
            throw new RpcError(-32015, `Transaction version (${tx.message.version}) is not supported by the requesting `
                + 'client. Please try the request again with the following configuration parameter: '
                + '"maxSupportedTransactionVersion": 0');
        }
        const encoding = options.encoding ?? 'json';
        let transaction;
        if (encoding === 'base64') transaction = [Buffer.from(tx.bytes).toString('base64'), 'base64'];
        else if (encoding === 'base58') transaction = [base58.encode(tx.bytes), 'base58'];
        else if (encoding === 'json' || encoding === 'jsonParsed') transaction = transactionJson(tx, encoding === 'jsonParsed');
        else throw invalidParams(`Invalid params: unsupported encoding: ${encoding}`);
        return {
            slot: record.slot,
            blockTime: record.blockTime,
            version: tx.message.version,
            transaction,
            meta: {
                err: record.err,
                status: record.err === null ? { Ok: null } : { Err: record.err },
                fee: record.fee,
                preBalances: record.preBalances,
                postBalances: record.postBalances,
                innerInstructions: record.innerInstructions,
                logMessages: record.logs,
                preTokenBalances: record.preTokenBalances,
                postTokenBalances: record.postTokenBalances,
                rewards: [],
                loadedAddresses: { writable: [], readonly: [] },
                computeUnitsConsumed: record.computeUnitsConsumed,
                ...(record.returnData ? { returnData: record.returnData } : {}),
            },
        };
    },

    // ---------------------------------------------------------------------------------------- test-only

    x402j_expireBlockhash: () => {
        expireBlockhash();
        return { blockhash: svm.latestBlockhash(), lastValidBlockHeight: lastValidBlockHeight() };
    },

    x402j_warpSlot: (params) => {
        const { slot: target } = named(params, ['slot']);
        const next = toBigInt(target, 'slot');
        if (next <= slot()) throw invalidParams(`Invalid params: slot ${next} is not after the current slot ${slot()}`);
        setSlot(next);
        return slot();
    },

    x402j_setSol: (params) => {
        const { address, lamports } = named(params, ['address', 'lamports']);
        setLamports(requireAddress(address), toBigInt(lamports, 'lamports'));
        return true;
    },

    x402j_createMint: async (params) => {
        const p = named(params, ['decimals', 'mintAuthority', 'tokenProgram', 'freezeAuthority']);
        const decimals = p.decimals === undefined || p.decimals === null ? 6 : Number(p.decimals);
        if (!Number.isInteger(decimals) || decimals < 0 || decimals > 255) throw invalidParams('Invalid params: decimals');
        const programAddress = resolveTokenProgram(p.tokenProgram);
        const mintAuthority = p.mintAuthority ? requireAddress(p.mintAuthority, 'mintAuthority') : faucet.address;
        const freezeAuthority = p.freezeAuthority === undefined
            ? mintAuthority : (p.freezeAuthority === null ? null : requireAddress(p.freezeAuthority, 'freezeAuthority'));
        const mint = await generateKeyPairSigner();
        const space = BigInt(getMintSize());
        await runHelper([
            getCreateAccountInstruction({ payer: faucet, newAccount: mint, space, programAddress,
                lamports: svm.minimumBalanceForRentExemption(space) }),
            getInitializeMint2Instruction({ mint: mint.address, decimals, mintAuthority, freezeAuthority },
                { programAddress }),
        ]);
        return mint.address;
    },

    x402j_mintTo: async (params) => {
        const p = named(params, ['mint', 'owner', 'amount']);
        const { acc, owner: tokenProgram } = mintProgram(p.mint);
        const owner = requireAddress(p.owner, 'owner');
        const amount = toBigInt(p.amount, 'amount');
        const mintInfo = parseMint(acc.data());
        const ata = await associatedTokenAddress(owner, p.mint, tokenProgram);
        const instructions = [getCreateAssociatedTokenIdempotentInstruction(
            { payer: faucet, ata, owner, mint: p.mint, tokenProgram }, { programAddress: ASSOCIATED_TOKEN_PROGRAM_ADDRESS })];
        const byFaucet = mintInfo.mintAuthority === faucet.address;
        if (amount > 0n && byFaucet) {
            instructions.push(getMintToCheckedInstruction({ mint: p.mint, token: ata, mintAuthority: faucet, amount,
                decimals: mintInfo.decimals }, { programAddress: tokenProgram }));
        }
        await runHelper(instructions);
        if (amount > 0n && !byFaucet) {
            // Someone else holds the mint authority: write the balance and the supply directly.
            const token = account(ata);
            const data = Uint8Array.from(token.data());
            const view = new DataView(data.buffer);
            view.setBigUint64(64, view.getBigUint64(64, true) + amount, true);
            svm.setAccount(addressBytes(ata), new Account(token.lamports(), data, token.owner(), false, token.rentEpoch()));
            const mintData = Uint8Array.from(acc.data());
            const mintView = new DataView(mintData.buffer);
            mintView.setBigUint64(36, mintView.getBigUint64(36, true) + amount, true);
            svm.setAccount(addressBytes(p.mint), new Account(acc.lamports(), mintData, acc.owner(), false, acc.rentEpoch()));
        }
        return ata;
    },

    x402j_associatedTokenAddress: async (params) => {
        const p = named(params, ['owner', 'mint', 'tokenProgram']);
        const owner = requireAddress(p.owner, 'owner');
        requireAddress(p.mint, 'mint');
        const tokenProgram = p.tokenProgram ? resolveTokenProgram(p.tokenProgram)
            : (account(p.mint) ? addressText(account(p.mint).owner()) : TOKEN_PROGRAM_ADDRESS);
        return associatedTokenAddress(owner, p.mint, isTokenProgram(tokenProgram) ? tokenProgram : TOKEN_PROGRAM_ADDRESS);
    },
};

function transactionJson(tx, parsedKeys) {
    const { message } = tx;
    const { numRequiredSignatures, numReadonlySignedAccounts, numReadonlyUnsignedAccounts } = message.header;
    const n = message.accountKeys.length;
    const writable = (i) => i < numRequiredSignatures
        ? i < numRequiredSignatures - numReadonlySignedAccounts
        : i < n - numReadonlyUnsignedAccounts;
    const json = {
        signatures: tx.signatures.map((s) => base58.encode(s)),
        message: {
            accountKeys: parsedKeys
                ? message.accountKeys.map((pubkey, i) => ({ pubkey, signer: i < numRequiredSignatures,
                    writable: writable(i), source: 'transaction' }))
                : message.accountKeys,
            header: message.header,
            recentBlockhash: message.recentBlockhash,
            instructions: message.instructions.map((ix) => parsedKeys
                ? { programId: message.accountKeys[ix.programIdIndex],
                    accounts: ix.accounts.map((a) => message.accountKeys[a]), data: base58.encode(ix.data), stackHeight: 1 }
                : { programIdIndex: ix.programIdIndex, accounts: ix.accounts, data: base58.encode(ix.data), stackHeight: 1 }),
        },
    };
    if (message.version !== 'legacy') json.message.addressTableLookups = message.addressTableLookups;
    return json;
}

// ------------------------------------------------------------------------------------------------ JSON-RPC

/** JSON with bigints written as plain JSON numbers (lamports and rentEpoch exceed 2^53). */
function stringify(value) {
    return JSON.stringify(value, (_, v) => (typeof v === 'bigint' ? `\u0000${v}\u0000` : v))
        .replace(/"\\u0000(\d+)\\u0000"/g, '$1');
}

let queue = Promise.resolve();
/** Calls run one at a time, in arrival order, so async helpers never interleave with other calls. */
function serialized(fn) {
    const run = queue.then(fn, fn);
    queue = run.catch(() => {});
    return run;
}

async function handleCall(call) {
    const id = call && typeof call === 'object' && 'id' in call ? call.id : null;
    if (!call || typeof call !== 'object' || Array.isArray(call) || call.jsonrpc !== '2.0' || typeof call.method !== 'string') {
        return { jsonrpc: '2.0', error: { code: -32600, message: 'Invalid request' }, id };
    }
    const method = methods[call.method];
    if (!Object.hasOwn(methods, call.method)) {
        return { jsonrpc: '2.0', error: { code: -32601, message: 'Method not found' }, id };
    }
    try {
        const result = await serialized(() => method(call.params ?? []));
        return { jsonrpc: '2.0', result: result === undefined ? null : result, id };
    } catch (e) {
        if (e instanceof RpcError) {
            const error = { code: e.code, message: e.message };
            if (e.data !== undefined) error.data = e.data;
            return { jsonrpc: '2.0', error, id };
        }
        console.error(`${call.method} failed:`, e);
        return { jsonrpc: '2.0', error: { code: -32603, message: `Internal error: ${e?.message ?? e}` }, id };
    }
}

const MAX_BODY = 10 * 1024 * 1024;

const server = http.createServer((req, res) => {
    if (req.method === 'GET' && req.url === '/health') {
        res.writeHead(200, { 'Content-Type': 'text/plain' }).end('ok');
        return;
    }
    if (req.method !== 'POST') {
        res.writeHead(405, { 'Content-Type': 'text/plain' }).end('Used HTTP Method is not allowed. POST or OPTIONS is required');
        return;
    }
    const chunks = [];
    let size = 0;
    req.on('data', (chunk) => {
        size += chunk.length;
        if (size > MAX_BODY) {
            res.writeHead(413).end();
            req.destroy();
            return;
        }
        chunks.push(chunk);
    });
    req.on('end', async () => {
        if (res.writableEnded) return;
        let body;
        try {
            body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
        } catch {
            reply(res, { jsonrpc: '2.0', error: { code: -32700, message: 'Parse error' }, id: null });
            return;
        }
        if (Array.isArray(body)) {
            if (body.length === 0) {
                reply(res, { jsonrpc: '2.0', error: { code: -32600, message: 'Invalid request' }, id: null });
                return;
            }
            const answers = [];
            for (const call of body) answers.push(await handleCall(call));
            reply(res, answers);
        } else {
            reply(res, await handleCall(body));
        }
    });
});

function reply(res, payload) {
    res.writeHead(200, { 'Content-Type': 'application/json' }).end(stringify(payload));
}

server.listen(PORT, '127.0.0.1', () => {
    console.log(`Listening on 127.0.0.1:${server.address().port}`);
});

function stop() {
    server.close(() => process.exit(0));
    server.closeAllConnections();
    setTimeout(() => process.exit(0), 500).unref();
}
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
if (process.argv.includes('--exit-on-stdin-eof')) {
    process.stdin.on('end', () => process.exit(0));
    process.stdin.on('error', () => process.exit(0));
    process.stdin.resume();
}

// Compiles testkit/src/main/solidity/TestUSDC.sol offline with solc-js (standard JSON) and writes
// testkit/src/main/resources/dev/x402j/testkit/TestUSDC.json = {contractName, compiler, abi, bytecode}.
//
// Run from the repository root:
//   npm ci --prefix testkit/node && node testkit/node/compile-token.mjs
//
// The output is committed, so Java tests never need solc. Imports "@openzeppelin/..." resolve from
// testkit/node/node_modules. Settings: optimizer on (200 runs), evmVersion "cancun".
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const solc = require('solc');

const here = path.dirname(fileURLToPath(import.meta.url));
const testkit = path.resolve(here, '..');
const sourceFile = path.join(testkit, 'src/main/solidity/TestUSDC.sol');
const outFile = path.join(testkit, 'src/main/resources/dev/x402j/testkit/TestUSDC.json');
const nodeModules = path.join(here, 'node_modules');
const CONTRACT = 'TestUSDC';

const input = {
  language: 'Solidity',
  sources: { 'TestUSDC.sol': { content: fs.readFileSync(sourceFile, 'utf8') } },
  settings: {
    optimizer: { enabled: true, runs: 200 },
    evmVersion: 'cancun',
    outputSelection: { '*': { '*': ['abi', 'evm.bytecode.object'] } },
  },
};

function findImports(importPath) {
  if (!importPath.startsWith('@openzeppelin/')) {
    return { error: `unsupported import ${importPath}` };
  }
  const file = path.join(nodeModules, importPath);
  if (!file.startsWith(nodeModules + path.sep) || !fs.existsSync(file)) {
    return { error: `not found: ${importPath} (run npm ci --prefix testkit/node)` };
  }
  return { contents: fs.readFileSync(file, 'utf8') };
}

const output = JSON.parse(solc.compile(JSON.stringify(input), { import: findImports }));
const problems = output.errors ?? [];
for (const p of problems) console.error(p.formattedMessage ?? p.message);
if (problems.some((p) => p.severity === 'error')) process.exit(1);

const contract = output.contracts['TestUSDC.sol'][CONTRACT];
const artifact = {
  contractName: CONTRACT,
  compiler: `solc ${solc.version()} (optimizer 200 runs, evm cancun)`,
  abi: contract.abi,
  bytecode: '0x' + contract.evm.bytecode.object,
};
fs.mkdirSync(path.dirname(outFile), { recursive: true });
fs.writeFileSync(outFile, JSON.stringify(artifact, null, 2) + '\n');
console.log(`wrote ${path.relative(process.cwd(), outFile)} (${contract.evm.bytecode.object.length / 2} bytes of init code)`);

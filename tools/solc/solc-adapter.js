#!/usr/bin/env node
// A solc-compatible command line over solc-js, for py-solc-x and Brownie.
//
// Why: native solc binaries cannot be downloaded here and the `solcjs` CLI is unusable by
// Brownie (rejects --allow-paths, prints a banner before the JSON, truncates piped output
// at 64 KiB). Brownie runs `solc-v<version> --standard-json --allow-paths <paths>` with
// the standard-JSON input on stdin, and `solc-v<version> --version`.
'use strict';

const fs = require('fs');
const path = require('path');

const projectRoot = path.resolve(__dirname, '..', '..');
const solc = require(path.join(projectRoot, 'node_modules', 'solc'));

const args = process.argv.slice(2);

if (args.includes('--version')) {
  // py-solc-x parses the text after "Version: ".
  process.stdout.write(
    `solc, the solidity compiler commandline interface\nVersion: ${solc.version()}\n`,
  );
  process.exit(0);
}

if (!args.includes('--standard-json')) {
  process.stderr.write('solc-adapter: only --version and --standard-json are supported\n');
  process.exit(2);
}

// Directories an import may be resolved against, in order.
const searchRoots = [process.cwd(), projectRoot, path.join(projectRoot, 'node_modules')];
for (const flag of ['--allow-paths', '--base-path', '--include-path']) {
  const i = args.indexOf(flag);
  if (i >= 0 && args[i + 1]) {
    for (const p of args[i + 1].split(',')) searchRoots.push(path.resolve(p));
  }
}

function findImports(importPath) {
  const candidates = path.isAbsolute(importPath)
    ? [importPath]
    : searchRoots.map((root) => path.join(root, importPath));
  for (const candidate of candidates) {
    try {
      return { contents: fs.readFileSync(candidate, 'utf8') };
    } catch (_) {
      // try the next root
    }
  }
  return { error: `File not found: ${importPath} (searched ${searchRoots.join(', ')})` };
}

const chunks = [];
process.stdin.on('data', (chunk) => chunks.push(chunk));
process.stdin.on('end', () => {
  const input = Buffer.concat(chunks).toString('utf8');
  const output = solc.compile(input, { import: findImports });
  // Let stdout drain before exiting: large outputs are written asynchronously to pipes.
  process.stdout.write(output, () => process.exit(0));
});

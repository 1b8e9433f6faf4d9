// Runs a TypeScript command of tools/ with plain node:
//   node tools/run-ts.cjs tools/deploy/src/cli.ts --check
// The file's `main(args)` runs and its result (a number, or a promise of one) is the exit code.
//
// The repository has no TypeScript runner (no tsx, ts-node or @swc/register), and these commands
// load services/*/src/*.ts, whose decorators need emitted metadata, which node's own type
// stripping does not do. So this registers the compiler Jest already uses: @swc/core with the
// options and @tf/* path aliases of jest.preset.js, so a command loads the code exactly as the
// tests do.
const { readFileSync } = require('node:fs');
const Module = require('node:module');
const { resolve } = require('node:path');
const { transformSync } = require('@swc/core');
const preset = require('../jest.preset.js');

const [, swcOptions] = preset.transform['^.+\\.ts$'];
const aliases = Object.entries(preset.moduleNameMapper).map(([pattern, target]) => [
  new RegExp(pattern),
  target,
]);

const resolveFilename = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  const alias = aliases.find(([pattern]) => pattern.test(request));
  return resolveFilename.call(this, alias ? alias[1] : request, ...rest);
};
Module._extensions['.ts'] = (module, filename) => {
  const source = readFileSync(filename, 'utf8');
  const { code } = transformSync(source, { ...swcOptions, filename, swcrc: false });
  module._compile(code, filename);
};

const [, , entry, ...args] = process.argv;
Promise.resolve(require(resolve(entry)).main(args)).then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    process.stderr.write(
      `${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exitCode = 1;
  },
);

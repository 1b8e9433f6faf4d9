// Runs a TypeScript command of tools/ with plain node:
//   node tools/run-ts.cjs tools/deploy/src/cli.ts --check
// The file's `main(args)` runs and its result (a number, or a promise of one) is the exit code.
// TypeScript loads through tools/register-ts.cjs, as in the tests.
const { resolve } = require('node:path');
require('./register-ts.cjs');

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

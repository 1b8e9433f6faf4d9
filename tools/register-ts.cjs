// Lets plain node load the repository's TypeScript, as the tests do: `node -r tools/register-ts.cjs`.
// Used by tools/run-ts.cjs, and by worker threads a service starts from its TypeScript source
// (under Jest or a tool), which Jest's own transform does not reach.
//
// The repository has no TypeScript runner (no tsx, ts-node or @swc/register), and services'
// decorators need emitted metadata, which node's own type stripping does not do. So this
// registers the compiler Jest already uses: @swc/core with the options and @tf/* path aliases of
// jest.preset.js, so the code loads exactly as in the tests.
const { readFileSync } = require('node:fs');
const Module = require('node:module');
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

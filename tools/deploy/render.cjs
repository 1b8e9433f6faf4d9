// Runs the deployment renderer (src/cli.ts) with plain node: `npm run deploy:render`.
//
// The repository has no TypeScript runner (no tsx, ts-node or @swc/register), and the renderer
// must load services/*/src/config.ts, whose decorators need emitted metadata, which node's own
// type stripping does not do. So this registers the compiler Jest already uses: @swc/core with
// the options and @tf/* path aliases of jest.preset.js, so the CLI loads the code exactly as the
// tests do.
const { readFileSync } = require('node:fs');
const Module = require('node:module');
const { transformSync } = require('@swc/core');
const preset = require('../../jest.preset.js');

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

process.exitCode = require('./src/cli.ts').main(process.argv.slice(2));

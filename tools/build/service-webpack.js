// One webpack setup for every service: bundles src/main.ts with the workspace libs (resolved by
// tsconfig paths), leaves node_modules external. A service's webpack.config.js is one line.
const { NxAppWebpackPlugin } = require('@nx/webpack/app-plugin');
const { basename, join, relative } = require('node:path');

/**
 * `entries`: further bundles beside main.js, e.g. a worker thread's script:
 * `{ 'report-worker': './src/report/report-worker.ts' }` makes report-worker.js.
 */
module.exports = function serviceWebpackConfig(serviceDir, entries = {}) {
  const workspaceRoot = join(__dirname, '..', '..');
  return {
    output: {
      path: join(workspaceRoot, 'dist', relative(workspaceRoot, serviceDir)),
      clean: true,
      // A bundle's exports are module.exports: a worker thread's script exports its function.
      library: { type: 'commonjs2' },
    },
    plugins: [
      new NxAppWebpackPlugin({
        target: 'node',
        compiler: 'tsc',
        main: './src/main.ts',
        tsConfig: './tsconfig.app.json',
        outputHashing: 'none',
        optimization: false,
        sourceMap: true,
        generatePackageJson: false,
        externalDependencies: 'all',
        assets: [],
        additionalEntryPoints: Object.entries(entries).map(([entryName, entryPath]) => ({
          entryName,
          entryPath,
        })),
      }),
    ],
    // Nx names the bundle main.js; the service's folder name is what `npm start` runs.
    name: basename(serviceDir),
  };
};

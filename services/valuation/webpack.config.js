// The report worker (src/report/report-renderer.ts) is its own bundle: report-worker.js.
module.exports = require('../../tools/build/service-webpack')(__dirname, {
  'report-worker': './src/report/report-worker.ts',
});

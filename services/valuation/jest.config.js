module.exports = {
  displayName: 'valuation',
  preset: '../../jest.preset.js',
  rootDir: '.',
};

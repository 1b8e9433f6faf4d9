module.exports = {
  displayName: 'trading',
  preset: '../../jest.preset.js',
  rootDir: '.',
};

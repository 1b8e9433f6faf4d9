module.exports = {
  displayName: 'credit',
  preset: '../../jest.preset.js',
  rootDir: '.',
};

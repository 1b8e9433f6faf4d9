module.exports = {
  displayName: 'guarantee',
  preset: '../../jest.preset.js',
  rootDir: '.',
};

module.exports = {
  displayName: 'investment',
  preset: '../../jest.preset.js',
  rootDir: '.',
};

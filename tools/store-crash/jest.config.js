module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'store-crash',
  rootDir: __dirname,
  testTimeout: 60_000,
};

module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'mqadmin',
  rootDir: __dirname,
  testTimeout: 120_000,
};

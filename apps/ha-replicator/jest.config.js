module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'ha-replicator',
  rootDir: __dirname,
  testTimeout: 60_000,
};

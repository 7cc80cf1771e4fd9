module.exports = {
  ...require('../../jest.preset.js'),
  displayName: 'cluster-runner',
  rootDir: __dirname,
  testTimeout: 180_000,
};

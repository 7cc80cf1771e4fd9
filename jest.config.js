// Root Jest config: every app, lib and tool folder with a jest.config.js is a Jest project.
const { existsSync, readdirSync } = require('node:fs');
const path = require('node:path');

const projects = ['apps', 'libs', 'tools'].flatMap((group) =>
  existsSync(path.join(__dirname, group))
    ? readdirSync(path.join(__dirname, group))
        .filter((name) => existsSync(path.join(__dirname, group, name, 'jest.config.js')))
        .map((name) => `<rootDir>/${group}/${name}`)
    : [],
);

module.exports = {
  projects,
  testTimeout: 60_000,
};

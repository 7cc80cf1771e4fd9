// Resolves the workspace path aliases (`@rmq/<lib>`) of compiled code to dist/libs/<lib>/src,
// so `node dist/apps/<app>/src/main.js` runs without a bundler. Loaded with `node -r`.
'use strict';
const Module = require('node:module');
const path = require('node:path');

const DIST = path.resolve(__dirname, '../../dist');
const PREFIX = '@rmq/';
const originalResolve = Module._resolveFilename;

Module._resolveFilename = function resolveWorkspaceAlias(request, parent, isMain, options) {
  if (typeof request === 'string' && request.startsWith(PREFIX)) {
    const lib = request.slice(PREFIX.length);
    if (/^[a-z0-9-]+$/.test(lib)) {
      return originalResolve.call(
        this,
        path.join(DIST, 'libs', lib, 'src', 'index.js'),
        parent,
        isMain,
        options,
      );
    }
  }
  return originalResolve.call(this, request, parent, isMain, options);
};

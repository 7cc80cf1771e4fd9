import base from '../../eslint.config.mjs';

// This project is allowed to read process.env (see the root config).
export default [...base, { files: ['**/*.ts'], rules: { 'no-restricted-properties': 'off' } }];

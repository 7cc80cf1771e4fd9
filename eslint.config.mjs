// One ESLint config for the workspace. The module-boundary rule is what keeps the layering of
// shared/design.md §3 true: core libs are framework-free, apps never import apps, and the console
// reaches brokers only through libs/client.
import nx from '@nx/eslint-plugin';
import prettier from 'eslint-config-prettier';

const NEST_AND_RX = ['@nestjs/*', 'rxjs', 'rxjs/*', 'reflect-metadata', 'express'];

export default [
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  prettier,
  { ignores: ['**/dist', '**/node_modules', '**/*.js', '**/*.mjs', 'data/**'] },
  {
    files: ['**/*.ts'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: false,
          allow: [],
          depConstraints: [
            {
              sourceTag: 'layer:protocol',
              onlyDependOnLibsWithTags: ['layer:testing'],
              bannedExternalImports: NEST_AND_RX,
            },
            {
              sourceTag: 'layer:config',
              onlyDependOnLibsWithTags: ['layer:testing'],
              bannedExternalImports: NEST_AND_RX,
            },
            {
              sourceTag: 'layer:observability',
              onlyDependOnLibsWithTags: ['layer:testing'],
              bannedExternalImports: NEST_AND_RX,
            },
            {
              sourceTag: 'layer:remoting',
              onlyDependOnLibsWithTags: ['layer:protocol', 'layer:testing'],
              bannedExternalImports: NEST_AND_RX,
            },
            {
              sourceTag: 'layer:store',
              onlyDependOnLibsWithTags: ['layer:protocol', 'layer:testing'],
              bannedExternalImports: NEST_AND_RX,
            },
            {
              sourceTag: 'layer:client',
              onlyDependOnLibsWithTags: ['layer:protocol', 'layer:remoting', 'layer:testing'],
              bannedExternalImports: NEST_AND_RX,
            },
            {
              sourceTag: 'layer:nest-kit',
              onlyDependOnLibsWithTags: [
                'layer:protocol',
                'layer:remoting',
                'layer:config',
                'layer:observability',
                'layer:testing',
              ],
            },
            {
              // Test helpers import nothing internal, so every layer's specs may use them.
              sourceTag: 'layer:testing',
              onlyDependOnLibsWithTags: [],
              bannedExternalImports: NEST_AND_RX,
            },
            {
              sourceTag: 'type:app',
              onlyDependOnLibsWithTags: [
                'layer:protocol',
                'layer:remoting',
                'layer:store',
                'layer:config',
                'layer:observability',
                'layer:client',
                'layer:nest-kit',
                'layer:testing',
              ],
            },
            {
              // Direct imports only: the console reaches brokers through libs/client, which itself
              // uses remoting (a transitive "not depend on" rule would forbid that too).
              sourceTag: 'app:console',
              onlyDependOnLibsWithTags: [
                'layer:protocol',
                'layer:config',
                'layer:observability',
                'layer:client',
                'layer:nest-kit',
                'layer:testing',
              ],
            },
            {
              sourceTag: 'type:tool',
              onlyDependOnLibsWithTags: [
                'layer:protocol',
                'layer:remoting',
                'layer:store',
                'layer:config',
                'layer:observability',
                'layer:client',
                'layer:testing',
              ],
            },
          ],
        },
      ],
    },
  },
  {
    // Configuration is read once, in libs/config (its own eslint.config.mjs lifts this rule);
    // nothing else looks at the environment.
    files: ['**/*.ts'],
    ignores: ['**/*.spec.ts'],
    rules: {
      'no-restricted-properties': [
        'error',
        { object: 'process', property: 'env', message: 'Read configuration through @rmq/config.' },
      ],
    },
  },
  {
    files: ['**/*.spec.ts'],
    rules: { '@typescript-eslint/no-non-null-assertion': 'off' },
  },
];

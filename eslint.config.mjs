import nx from '@nx/eslint-plugin';
import jest from 'eslint-plugin-jest';

// Server-only packages: nothing that runs in a browser, and nothing shared with the
// browser, may import them (no database type ever reaches Angular).
const serverOnlyPackages = [
  '@nestjs/*',
  'typeorm',
  'pg',
  'mongoose',
  'bullmq',
  'ioredis',
  'pino',
  'class-validator',
  'class-transformer',
  'fastify',
];

const config = [
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  ...nx.configs['flat/javascript'],
  {
    ignores: [
      '**/dist',
      '**/out-tsc',
      '**/test-output',
      '**/.data',
      '**/playwright-report',
    ],
  },
  {
    files: ['**/*.ts', '**/*.tsx', '**/*.js', '**/*.jsx'],
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: true,
          allow: ['^.*/eslint(\\.base)?\\.config\\.[cm]?[jt]s$'],
          depConstraints: [
            // scopes: who may depend on whom
            {
              sourceTag: 'scope:shared',
              onlyDependOnLibsWithTags: ['scope:shared'],
              bannedExternalImports: serverOnlyPackages,
            },
            {
              sourceTag: 'scope:web',
              onlyDependOnLibsWithTags: ['scope:web', 'scope:shared'],
              bannedExternalImports: serverOnlyPackages,
            },
            {
              sourceTag: 'scope:server',
              onlyDependOnLibsWithTags: ['scope:server', 'scope:shared'],
            },
            {
              sourceTag: 'scope:api',
              onlyDependOnLibsWithTags: [
                'scope:api',
                'scope:server',
                'scope:shared',
              ],
            },
            {
              sourceTag: 'scope:worker',
              onlyDependOnLibsWithTags: [
                'scope:worker',
                'scope:server',
                'scope:shared',
              ],
            },
            {
              sourceTag: 'scope:e2e',
              onlyDependOnLibsWithTags: ['scope:shared', 'scope:server'],
            },
            // areas: the landing page never reaches the admin area or its design system
            {
              sourceTag: 'area:landing',
              notDependOnLibsWithTags: ['area:admin'],
              bannedExternalImports: [
                '@angular/material',
                '@angular/material/*',
                '@angular/cdk',
                '@angular/cdk/*',
                'chart.js',
                'chart.js/*',
              ],
            },
            // types: layering inside a scope
            {
              sourceTag: 'type:app',
              onlyDependOnLibsWithTags: [
                'type:feature',
                'type:data-access',
                'type:ui',
                'type:persistence',
                'type:domain',
                'type:contracts',
                'type:util',
              ],
            },
            {
              sourceTag: 'type:e2e',
              onlyDependOnLibsWithTags: [
                'type:contracts',
                'type:domain',
                'type:util',
                'type:testing',
              ],
            },
            // Test support (test databases, the built apps as processes, the TCP proxy): see
            // TEST_FILES below for who else may use it.
            {
              sourceTag: 'type:testing',
              onlyDependOnLibsWithTags: [
                'type:testing',
                'type:contracts',
                'type:domain',
                'type:util',
              ],
            },
            {
              sourceTag: 'type:feature',
              onlyDependOnLibsWithTags: [
                'type:feature',
                'type:data-access',
                'type:ui',
                'type:persistence',
                'type:domain',
                'type:contracts',
                'type:util',
              ],
            },
            {
              sourceTag: 'type:data-access',
              onlyDependOnLibsWithTags: [
                'type:data-access',
                'type:domain',
                'type:contracts',
                'type:util',
              ],
            },
            {
              sourceTag: 'type:ui',
              onlyDependOnLibsWithTags: [
                'type:ui',
                'type:domain',
                'type:contracts',
                'type:util',
              ],
            },
            {
              sourceTag: 'type:persistence',
              onlyDependOnLibsWithTags: [
                'type:persistence',
                'type:domain',
                'type:contracts',
                'type:util',
              ],
            },
            {
              sourceTag: 'type:domain',
              onlyDependOnLibsWithTags: [
                'type:domain',
                'type:contracts',
                'type:util',
              ],
            },
            {
              sourceTag: 'type:util',
              onlyDependOnLibsWithTags: [
                'type:util',
                'type:contracts',
                'type:domain',
              ],
            },
            {
              sourceTag: 'type:contracts',
              onlyDependOnLibsWithTags: ['type:contracts'],
            },
          ],
        },
      ],
    },
  },
  {
    // Type-aware rules: a promise nobody awaits is a lost lead waiting to happen.
    files: ['**/*.ts', '**/*.tsx', '**/*.cts', '**/*.mts'],
    languageOptions: {
      parserOptions: {
        projectService: true,
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
    },
  },
  {
    // Jest specs of every tier (unit, integration, e2e): a focused, skipped or assertion-free
    // test fails lint instead of passing quietly.
    files: ['**/*.spec.ts', '**/*.int-spec.ts', '**/*.e2e-spec.ts'],
    plugins: { jest },
    languageOptions: { globals: jest.environments.globals.globals },
    rules: {
      ...Object.fromEntries(
        Object.keys(jest.configs['flat/recommended'].rules).map((rule) => [
          rule,
          'error',
        ]),
      ),
      'jest/expect-expect': [
        'error',
        {
          // Assertion helpers of this repo's specs count as assertions: expect*/assert*
          // helpers and fast-check's property runner (`fc.assert`).
          assertFunctionNames: ['expect', 'expect*', 'assert*', 'fc.assert'],
        },
      ],
      'jest/no-disabled-tests': 'error',
      'jest/no-focused-tests': 'error',
      'jest/no-standalone-expect': 'error',
      'jest/valid-expect': 'error',
      'jest/valid-title': 'error',
    },
  },
];

// Tests, and test support kept beside them in a `*-testing/` folder, may also use test support
// (type:testing); production code may not, as no type above lists it.
const TEST_FILES = [
  '**/*.spec.ts',
  '**/*.int-spec.ts',
  '**/*.e2e-spec.ts',
  '**/*-testing/**/*.ts',
];
const [level, boundaries] = config.find(
  (entry) => entry.rules?.['@nx/enforce-module-boundaries'],
).rules['@nx/enforce-module-boundaries'];
config.push({
  files: TEST_FILES,
  rules: {
    '@nx/enforce-module-boundaries': [
      level,
      {
        ...boundaries,
        depConstraints: boundaries.depConstraints.map((constraint) =>
          constraint.sourceTag.startsWith('type:') &&
          constraint.onlyDependOnLibsWithTags &&
          !constraint.onlyDependOnLibsWithTags.includes('type:testing')
            ? {
                ...constraint,
                onlyDependOnLibsWithTags: [
                  ...constraint.onlyDependOnLibsWithTags,
                  'type:testing',
                ],
              }
            : constraint,
        ),
      },
    ],
  },
});

export default config;

/**
 * Integration and end-to-end tests (`*.int-spec.ts`, `*.e2e-spec.ts`): real PostgreSQL and
 * Redis from DATABASE_URL / REDIS_URL, which `npm test` provides.
 */
const { pathsToModuleNameMapper } = require('ts-jest');
const { compilerOptions } = require('./tsconfig.base.json');

module.exports = {
  displayName: 'integration',
  rootDir: __dirname,
  testEnvironment: 'node',
  testMatch: ['<rootDir>/{apps,libs}/**/*.{int,e2e}-spec.ts'],
  transform: {
    '^.+\\.ts$': [
      'ts-jest',
      { tsconfig: '<rootDir>/tools/test/tsconfig.int.json' },
    ],
    // The api's real bootstrap loads @fastify/static, whose content-disposition is an ES
    // module: Node loads it natively, jest's CommonJS runtime needs it compiled.
    '/node_modules/@fastify/static/node_modules/content-disposition/.+\\.js$': [
      'ts-jest',
      {
        tsconfig: {
          allowJs: true,
          module: 'commonjs',
          target: 'es2022',
          isolatedModules: true,
        },
      },
    ],
  },
  transformIgnorePatterns: [
    '/node_modules/(?!(@fastify/static/node_modules/)?content-disposition/)',
  ],
  moduleNameMapper: pathsToModuleNameMapper(compilerOptions.paths, {
    prefix: '<rootDir>/',
  }),
  globalSetup: '<rootDir>/tools/test/int-global-setup.ts',
  globalTeardown: '<rootDir>/tools/test/int-global-teardown.ts',
  testTimeout: 60_000,
  maxWorkers: 2,
};

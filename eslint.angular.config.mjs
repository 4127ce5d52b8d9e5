import nx from '@nx/eslint-plugin';
import baseConfig from './eslint.config.mjs';

/** Lint for every Angular project: the base rules plus Angular's, with the `lp` selector prefix. */
export default [
  ...nx.configs['flat/angular'],
  ...nx.configs['flat/angular-template'],
  ...baseConfig,
  {
    files: ['**/*.ts'],
    rules: {
      '@angular-eslint/directive-selector': [
        'error',
        { type: 'attribute', prefix: 'lp', style: 'camelCase' },
      ],
      '@angular-eslint/component-selector': [
        'error',
        { type: 'element', prefix: 'lp', style: 'kebab-case' },
      ],
    },
  },
];

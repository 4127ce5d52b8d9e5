import angularConfig from '../../eslint.angular.config.mjs';

export default [
  ...angularConfig,
  {
    // The admin workspace is its own application (apps/admin): nothing of it, nor of
    // Angular Material, may reach the landing page's bundles.
    files: ['**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@landing/web/*admin*'],
              message: 'The admin workspace is apps/admin, a separate build',
            },
          ],
        },
      ],
    },
  },
];

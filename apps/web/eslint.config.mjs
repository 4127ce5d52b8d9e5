import angularConfig from '../../eslint.angular.config.mjs';

export default [
  ...angularConfig,
  {
    // The admin area must never reach the landing page's initial bundle: it is only
    // ever loaded with loadChildren: () => import('@landing/web/feature-admin…').
    files: ['**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['@landing/web/*admin*'],
              message:
                'Load the admin area lazily: loadChildren: () => import(...)',
            },
          ],
        },
      ],
    },
  },
];

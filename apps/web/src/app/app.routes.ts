import type { Route } from '@angular/router';
import { landingRoutes } from '@landing/web/feature-landing';

/**
 * The landing route is eager (it is the page campaign visitors open). Everything else,
 * the admin area in particular, is added with `loadChildren: () => import(...)` so it
 * never reaches the landing page's initial bundle; lint forbids a static admin import.
 */
export const appRoutes: Route[] = [
  ...landingRoutes,
  {
    path: 'admin',
    loadChildren: () =>
      import('@landing/web/feature-admin').then((m) => m.adminRoutes),
  },
];

import type { Route } from '@angular/router';
import { landingRoutes } from '@landing/web/feature-landing';

/**
 * The landing page only. The admin workspace is a separate application (apps/admin,
 * served under /<locale>/admin/), so none of its code or of Angular Material can reach
 * these bundles; the `area:landing` tag makes lint refuse an admin import.
 */
export const appRoutes: Route[] = [...landingRoutes];

import { inject } from '@angular/core';
import { type CanActivateFn, Router } from '@angular/router';
import { AdminApi } from '@landing/web/data-access-admin';

/**
 * Lets a signed-in user through; anyone else goes to the sign-in page. A user still on a
 * temporary password goes to the password screen first: the api refuses everything else.
 */
export const adminSignedInGuard: CanActivateFn = async (_route, state) => {
  const router = inject(Router);
  const session = await inject(AdminApi).restore();
  if (!session) return router.createUrlTree(['/login']);
  if (session.mustChangePassword && !state.url.startsWith('/password'))
    return router.createUrlTree(['/password']);
  return true;
};

/** User management is for the admin role; others land on their queue. */
export const adminRoleGuard: CanActivateFn = async () => {
  const router = inject(Router);
  const session = await inject(AdminApi).restore();
  return session?.user.role === 'admin'
    ? true
    : router.createUrlTree(['/queue']);
};

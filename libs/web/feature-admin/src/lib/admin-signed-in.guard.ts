import { inject } from '@angular/core';
import { type CanActivateFn, Router } from '@angular/router';
import { AdminApi } from '@landing/web/data-access-admin';

/** Lets a signed-in admin through; anyone else goes to the sign-in page. */
export const adminSignedInGuard: CanActivateFn = async () => {
  const router = inject(Router);
  const session = await inject(AdminApi).restore();
  return session ? true : router.createUrlTree(['/admin/login']);
};

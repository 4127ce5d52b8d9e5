import { MAT_FORM_FIELD_DEFAULT_OPTIONS } from '@angular/material/form-field';
import { type Route } from '@angular/router';
import { AdminLoginPage } from './admin-login.page';
import { AdminShell } from './admin-shell';
import { adminSignedInGuard } from './admin-signed-in.guard';

/**
 * The admin application's routes (apps/admin, served under `/<locale>/admin/`). Its entry
 * holds the shell and the sign-in page only; everything behind sign-in (dialogs, snack
 * bars, tables, the overview's chart library) is loaded after it.
 */
export const adminRoutes: Route[] = [
  {
    path: '',
    component: AdminShell,
    providers: [
      {
        provide: MAT_FORM_FIELD_DEFAULT_OPTIONS,
        useValue: { appearance: 'outline' },
      },
    ],
    children: [
      {
        path: 'login',
        component: AdminLoginPage,
        title: $localize`:@@admin.title.signIn:Sign in · Staff`,
      },
      {
        path: '',
        canActivateChild: [adminSignedInGuard],
        loadChildren: () =>
          import('./signed-in.routes').then((m) => m.signedInRoutes),
      },
    ],
  },
];

import { inject, LOCALE_ID } from '@angular/core';
import { MAT_DIALOG_DEFAULT_OPTIONS } from '@angular/material/dialog';
import { MAT_FORM_FIELD_DEFAULT_OPTIONS } from '@angular/material/form-field';
import { MAT_SNACK_BAR_DEFAULT_OPTIONS } from '@angular/material/snack-bar';
import { type Route } from '@angular/router';
import { AdminLoginPage } from './admin-login.page';
import { AdminShell } from './admin-shell';
import { adminRoleGuard, adminSignedInGuard } from './admin-signed-in.guard';
import { ChangePasswordPage } from './change-password.page';
import { LeadsPage } from './leads.page';

const direction = () =>
  inject(LOCALE_ID).startsWith('fa') ? ('rtl' as const) : ('ltr' as const);

/**
 * Mounted lazily at `/admin` by the web app; nothing here is in the landing page's bundle.
 * The overview (with its chart library) and user management are lazy chunks of their own.
 */
export const adminRoutes: Route[] = [
  {
    path: '',
    component: AdminShell,
    providers: [
      // Dialogs and snack bars live in the overlay, outside the shell's Dir: give them its direction.
      {
        provide: MAT_DIALOG_DEFAULT_OPTIONS,
        useFactory: () => ({
          direction: direction(),
          autoFocus: 'first-tabbable',
          restoreFocus: true,
          hasBackdrop: true,
        }),
      },
      {
        provide: MAT_SNACK_BAR_DEFAULT_OPTIONS,
        useFactory: () => ({ direction: direction(), duration: 5000 }),
      },
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
        children: [
          { path: '', pathMatch: 'full', redirectTo: 'overview' },
          {
            path: 'overview',
            loadComponent: () =>
              import('./overview.page').then((m) => m.OverviewPage),
            title: $localize`:@@admin.title.overview:Overview · Staff`,
          },
          {
            path: 'leads',
            component: LeadsPage,
            title: $localize`:@@admin.title.leads:Leads · Staff`,
          },
          {
            path: 'users',
            canActivate: [adminRoleGuard],
            loadComponent: () =>
              import('./users.page').then((m) => m.UsersPage),
            title: $localize`:@@admin.title.users:Users · Staff`,
          },
          {
            path: 'password',
            component: ChangePasswordPage,
            title: $localize`:@@admin.title.password:Password · Staff`,
          },
        ],
      },
    ],
  },
];

import { inject, LOCALE_ID } from '@angular/core';
import { getLocaleDirection } from '@angular/common';
import { MAT_DIALOG_DEFAULT_OPTIONS } from '@angular/material/dialog';
import { MAT_SNACK_BAR_DEFAULT_OPTIONS } from '@angular/material/snack-bar';
import { type Route } from '@angular/router';
import { adminRoleGuard } from './admin-signed-in.guard';

const direction = () => getLocaleDirection(inject(LOCALE_ID));

/** The screens behind sign-in, each a lazy chunk of its own. */
export const signedInRoutes: Route[] = [
  {
    path: '',
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
    ],
    children: [
      { path: '', pathMatch: 'full', redirectTo: 'queue' },
      {
        path: 'queue',
        loadComponent: () => import('./queue.page').then((m) => m.QueuePage),
        title: $localize`:@@admin.title.queue:My queue · Staff`,
      },
      {
        path: 'overview',
        loadComponent: () =>
          import('./overview.page').then((m) => m.OverviewPage),
        title: $localize`:@@admin.title.overview:Overview · Staff`,
      },
      {
        path: 'leads',
        loadComponent: () => import('./leads.page').then((m) => m.LeadsPage),
        title: $localize`:@@admin.title.leads:Leads · Staff`,
      },
      {
        path: 'users',
        canActivate: [adminRoleGuard],
        loadComponent: () => import('./users.page').then((m) => m.UsersPage),
        title: $localize`:@@admin.title.users:Users · Staff`,
      },
      {
        path: 'team',
        canActivate: [adminRoleGuard],
        loadComponent: () => import('./team.page').then((m) => m.TeamPage),
        title: $localize`:@@admin.title.team:Team · Staff`,
      },
      {
        path: 'settings/business-calendar',
        canActivate: [adminRoleGuard],
        loadComponent: () =>
          import('./business-calendar.page').then(
            (m) => m.BusinessCalendarPage,
          ),
        title: $localize`:@@admin.title.calendar:Business calendar · Staff`,
      },
      {
        path: 'webhooks',
        canActivate: [adminRoleGuard],
        loadComponent: () =>
          import('./webhooks.page').then((m) => m.WebhooksPage),
        title: $localize`:@@admin.title.webhooks:Webhooks · Staff`,
      },
      {
        path: 'webhooks/:id',
        canActivate: [adminRoleGuard],
        loadComponent: () =>
          import('./webhook-detail.page').then((m) => m.WebhookDetailPage),
        title: $localize`:@@admin.title.webhook:Webhook deliveries · Staff`,
      },
      {
        path: 'password',
        loadComponent: () =>
          import('./change-password.page').then((m) => m.ChangePasswordPage),
        title: $localize`:@@admin.title.password:Password · Staff`,
      },
    ],
  },
];

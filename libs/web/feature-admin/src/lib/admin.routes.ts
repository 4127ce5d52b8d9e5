import { type Route } from '@angular/router';
import { AdminLoginPage } from './admin-login.page';
import { adminSignedInGuard } from './admin-signed-in.guard';
import { LeadsPage } from './leads.page';

/** Mounted lazily at `/admin` by the web app; nothing here is in the landing page's bundle. */
export const adminRoutes: Route[] = [
  { path: 'login', component: AdminLoginPage, title: 'Admin' },
  {
    path: '',
    component: LeadsPage,
    canActivate: [adminSignedInGuard],
    title: 'Admin',
  },
];

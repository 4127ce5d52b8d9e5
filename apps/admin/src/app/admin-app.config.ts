import {
  type ApplicationConfig,
  provideBrowserGlobalErrorListeners,
  provideZonelessChangeDetection,
} from '@angular/core';
import { provideRouter } from '@angular/router';
import { adminRoutes } from '@landing/web/feature-admin';
import { provideCalendarDates } from '@landing/web/ui-admin';

/**
 * The admin workspace is its own application (served under /<locale>/admin/), so Angular
 * Material and the parts of Angular it needs never reach the landing page's bundles.
 */
export const adminAppConfig: ApplicationConfig = {
  providers: [
    provideBrowserGlobalErrorListeners(),
    provideZonelessChangeDetection(),
    provideRouter(adminRoutes),
    // Jalali in the fa build, Gregorian in en, for the datepickers behind sign-in.
    provideCalendarDates(),
  ],
};

import {
  type ApplicationConfig,
  provideBrowserGlobalErrorListeners,
  provideZonelessChangeDetection,
} from '@angular/core';
import { provideClientHydration } from '@angular/platform-browser';
import { provideRouter } from '@angular/router';
import { appRoutes } from './app.routes';

export const appConfig: ApplicationConfig = {
  providers: [
    provideBrowserGlobalErrorListeners(),
    provideZonelessChangeDetection(),
    provideRouter(appRoutes),
    // The landing page is prerendered: reuse its DOM. Event replay (~7 kB gzip) is left
    // out; the form cannot submit before hydration (see LeadForm.hydrated).
    provideClientHydration(),
  ],
};

import { bootstrapApplication } from '@angular/platform-browser';
import { AdminApp } from './app/admin-app';
import { adminAppConfig } from './app/admin-app.config';

bootstrapApplication(AdminApp, adminAppConfig).catch((error: unknown) =>
  console.error(error),
);

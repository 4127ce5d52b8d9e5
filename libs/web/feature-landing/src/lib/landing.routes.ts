import type { Route } from '@angular/router';
import { LandingPage } from './landing-page';

export const landingRoutes: Route[] = [{ path: '', component: LandingPage }];

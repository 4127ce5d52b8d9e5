export { LandingPage, CONSENT_TEXT_VERSION } from './lib/landing-page';
export { landingRoutes } from './lib/landing.routes';

export {
  serveWebApp,
  cacheControlFor,
  type WebAppOptions,
} from './lib/web-app.static';

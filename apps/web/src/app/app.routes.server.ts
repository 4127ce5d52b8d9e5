import { RenderMode, type ServerRoute } from '@angular/ssr';

export const serverRoutes: ServerRoute[] = [
  // Prerendered at build time: the first paint needs no JavaScript.
  { path: '', renderMode: RenderMode.Prerender },
  // Anything else (the admin area) renders in the browser from index.csr.html.
  { path: '**', renderMode: RenderMode.Client },
];

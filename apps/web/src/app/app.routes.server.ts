import { RenderMode, type ServerRoute } from '@angular/ssr';

export const serverRoutes: ServerRoute[] = [
  // Prerendered at build time: the first paint needs no JavaScript.
  { path: '', renderMode: RenderMode.Prerender },
  // Anything else renders in the browser from index.csr.html (the admin workspace is apps/admin).
  { path: '**', renderMode: RenderMode.Client },
];

import fs from 'node:fs';
import path from 'node:path';
import express, { type Express } from 'express';

/** Where `npm run build:ui` writes each Angular app (`dist/<app>/browser`). */
export const UI_DIST = path.join(__dirname, '..', 'dist');

/**
 * Serves a built single-page app at `mount`: hashed files cached for good, `index.html` never
 * cached, and any other path under the mount answered with `index.html` so deep links (`/admin/rules/x`)
 * reach the app's router. Without a build, the placeholder page in `fallbackDir` is served.
 */
export function serveSinglePageApp(app: Express, mount: string, builtDir: string, fallbackDir: string): void {
  const index = path.join(builtDir, 'index.html');
  if (!fs.existsSync(index)) {
    app.use(mount, express.static(fallbackDir));
    return;
  }
  app.use(
    mount,
    express.static(builtDir, {
      index: false,
      setHeaders: (res, file) => res.setHeader('cache-control', /-[A-Z0-9]{8}\.(js|css)$/.test(file) ? 'public, max-age=31536000, immutable' : 'no-cache'),
    }),
  );
  const prefix = mount === '/' ? '' : mount;
  app.get(`${prefix}/{*rest}`, (req, res, next) => {
    if (req.path.startsWith('/api/') || path.extname(req.path)) return next();
    res.setHeader('cache-control', 'no-cache');
    res.sendFile(index);
  });
  if (prefix) app.get(prefix, (_req, res) => res.redirect(301, `${prefix}/`));
}

import type { Express } from 'express';

export interface RegisteredRoute {
  method: string;
  path: string;
}

interface LayerLike {
  rawPath?: unknown;
  slash?: boolean;
  route?: { path: unknown; methods: Record<string, boolean> };
  handle?: { stack?: LayerLike[] };
}

/**
 * Every route registered on the app, with its full path (`/api/tasks/:id/claim`), by walking
 * Express 5's router stack (router 2.x keeps each layer's `rawPath`). Routers mounted with `use`
 * are walked with their mount path as prefix; the same route reached twice (the ingest router is
 * mounted for API keys and for users) is listed once.
 */
export function listRoutes(app: Express): RegisteredRoute[] {
  const found = new Map<string, RegisteredRoute>();
  const walk = (stack: LayerLike[], prefix: string) => {
    for (const layer of stack) {
      if (layer.route) {
        for (const path of [layer.route.path].flat()) {
          for (const [method, on] of Object.entries(layer.route.methods)) {
            if (!on || method === '_all') continue;
            const full = join(prefix, String(path));
            found.set(`${method.toUpperCase()} ${full}`, { method: method.toUpperCase(), path: full });
          }
        }
      } else if (layer.handle?.stack) {
        const mount = layer.slash || typeof layer.rawPath !== 'string' ? '' : layer.rawPath;
        walk(layer.handle.stack, join(prefix, mount));
      }
    }
  };
  walk((app as unknown as { router: { stack: LayerLike[] } }).router.stack, '');
  return [...found.values()];
}

function join(prefix: string, path: string): string {
  const joined = `${prefix}/${path}`.replace(/\/+/g, '/');
  return joined.length > 1 ? joined.replace(/\/$/, '') : joined;
}

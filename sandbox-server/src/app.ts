import fs from 'node:fs';
import path from 'node:path';
import { serveStatic } from '@hono/node-server/serve-static';
import { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { Logger } from './logger';
import { messages } from './messages';

/** AppDeps are what the HTTP app needs; main.ts builds them, tests pass their own. */
export interface AppDeps {
  logger: Logger;
  /** Folder of the built site (Astro output); pages are served from it when it exists. */
  siteDir: string;
  runtime: 'simulated' | 'docker';
  version: string;
  /** Whether start-up work is finished; /healthz answers 503 until then. */
  isReady: () => boolean;
}

/**
 * createApp builds the Hono application: platform API under /api, health under /healthz, and the
 * static site for everything else.
 */
export function createApp(deps: AppDeps): Hono {
  const app = new Hono();

  app.get('/healthz', (c) =>
    deps.isReady()
      ? c.json({ status: 'ok' })
      : c.json({ status: 'starting', message: messages.starting() }, 503),
  );

  app.get('/api/info', (c) =>
    c.json({ name: 'Atelier Kubernetes', version: deps.version, runtime: deps.runtime }),
  );

  app.all('/api/*', () => {
    throw new HTTPException(404, { message: messages.apiNotFound() });
  });

  const siteDir = deps.siteDir;
  const root = path.relative(process.cwd(), siteDir) || '.';
  app.use('/*', serveStatic({ root }));
  app.notFound((c) => {
    const notFoundPage = path.join(siteDir, '404.html');
    if (!c.req.path.startsWith('/api/') && fs.existsSync(notFoundPage)) {
      return c.html(fs.readFileSync(notFoundPage, 'utf8'), 404);
    }
    return c.json({ error: 'not_found', message: messages.pageNotFound(c.req.path) }, 404);
  });

  app.onError((err, c) => {
    if (err instanceof HTTPException) {
      return c.json({ error: 'http_error', message: err.message }, err.status);
    }
    deps.logger.error({ err, path: c.req.path }, 'unhandled error');
    return c.json({ error: 'internal', message: messages.internal() }, 500);
  });

  return app;
}

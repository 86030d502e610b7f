import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';

export const webDistDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../web/dist');

/**
 * Serves the built web app: hashed assets cached for a year, index.html never cached, and every
 * non-API path answered with index.html so the client-side router can take it. All of it is
 * public: signing in happens inside the app.
 */
export async function registerWebApp(app: FastifyInstance): Promise<void> {
  const indexPath = path.join(webDistDir, 'index.html');
  if (!fs.existsSync(indexPath)) {
    app.log.warn(`No web build at ${webDistDir}; run "npm run build" to serve the web app`);
    return;
  }
  const index = fs.readFileSync(indexPath);
  await app.register(async (web) => {
    web.addHook('onRoute', (route) => {
      route.config = { ...route.config, public: true };
    });
    await web.register(fastifyStatic, {
      root: webDistDir,
      wildcard: false,
      preCompressed: true,
      setHeaders(response, filePath) {
        response.header(
          'cache-control',
          filePath.includes(`${path.sep}assets${path.sep}`)
            ? 'public, max-age=31536000, immutable'
            : 'no-cache',
        );
      },
    });
    web.get('/*', { schema: { hide: true } }, async (request, reply) => {
      const url = request.url.split('?')[0] ?? '/';
      if (url.startsWith('/api/')) {
        return reply
          .code(404)
          .send({ error: { code: 'route_not_found', message: `No route ${request.method} ${url}` } });
      }
      return reply.header('cache-control', 'no-cache').type('text/html; charset=utf-8').send(index);
    });
  });
}

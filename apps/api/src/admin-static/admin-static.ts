import { existsSync } from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';

const isApi = (url: string) => /^\/api(?:[/?]|$)/.test(url);

/**
 * Serves the built admin at `/`, with every non-API GET that is not a file falling back to
 * index.html (client-side routes). /api is never answered with the dashboard.
 */
export async function serveAdmin(app: NestFastifyApplication, distDir: string): Promise<void> {
  const built = existsSync(path.join(distDir, 'index.html'));
  if (built) {
    // A route per file of the build, found once at start (wildcard: false): no file system
    // lookup for any other request.
    await app.register(fastifyStatic, { root: distDir, index: false, wildcard: false, maxAge: '1h' });
  }
  app
    .getHttpAdapter()
    .getInstance()
    .get('/*', (request, reply) => {
      if (isApi(request.url)) return reply.callNotFound();
      if (!built) {
        return reply
          .code(503)
          .type('text/plain')
          .send(
            `The admin dashboard is not built (looked in ${distDir}). Run \`npm run build\`, then reload.\n`,
          );
      }
      return reply.header('Cache-Control', 'no-cache').sendFile('index.html', { cacheControl: false });
    });
}

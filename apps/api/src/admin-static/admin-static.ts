import { existsSync } from 'node:fs';
import path from 'node:path';
import type { NestExpressApplication } from '@nestjs/platform-express';
import express, { type NextFunction, type Request, type Response } from 'express';

/**
 * Serves the built admin at `/`, with every non-API GET that is not a file falling back to
 * index.html (client-side routes). /api is never answered with the dashboard.
 */
export function serveAdmin(app: NestExpressApplication, distDir: string): void {
  const index = path.join(distDir, 'index.html');
  const built = existsSync(index);
  const assets = express.static(distDir, { index: false, maxAge: '1h' });
  const isApi = (req: Request) => req.path === '/api' || req.path.startsWith('/api/');
  // API requests never touch the file system (a stat per request showed in profiles).
  app.use((req: Request, res: Response, next: NextFunction) =>
    built && !isApi(req) ? assets(req, res, next) : next(),
  );
  app.use((req: Request, res: Response, next: NextFunction) => {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || isApi(req)) return next();
    if (!built) {
      res
        .status(503)
        .type('text/plain')
        .send(
          `The admin dashboard is not built (looked in ${distDir}). Run \`npm run build\`, then reload.\n`,
        );
      return;
    }
    res.setHeader('Cache-Control', 'no-cache');
    res.sendFile(index);
  });
}

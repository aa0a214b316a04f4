import type { Readable } from 'node:stream';
import type { FastifyReply } from 'fastify';

/**
 * Sends a file to save (CSV, PDF): its type, an attachment name and no caching. Fastify pipes a
 * stream with backpressure and destroys it when the client goes away.
 */
export function sendDownload(
  res: FastifyReply,
  type: string,
  filename: string,
  body: string | Buffer | Readable,
) {
  return res
    .header('Content-Type', type)
    .header('Content-Disposition', `attachment; filename="${filename}"`)
    .header('Cache-Control', 'no-store')
    .send(body);
}

import type { Readable } from 'node:stream';
import type { FastifyReply } from 'fastify';

/** The headers of a file to save: its type, an attachment name and no caching. */
export function downloadHeaders(type: string, filename: string): Record<string, string> {
  return {
    'Content-Type': type,
    'Content-Disposition': `attachment; filename="${filename}"`,
    'Cache-Control': 'no-store',
  };
}

/**
 * Sends a file to save (CSV, PDF) with downloadHeaders. Fastify pipes a stream with backpressure
 * and destroys it when the client goes away.
 */
export function sendDownload(
  res: FastifyReply,
  type: string,
  filename: string,
  body: string | Buffer | Readable,
) {
  return res.headers(downloadHeaders(type, filename)).send(body);
}

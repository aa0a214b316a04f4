import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP } from 'node:net';
import { checkedLookup, checkWebhookUrl, isPrivateAddress, WebhookUrlError } from './webhook-address';

export interface WebhookPost {
  url: string;
  headers: Record<string, string>;
  body: string;
}

export interface WebhookHttpOptions {
  /** The whole request, connect to last byte read (WEBHOOK_TIMEOUT_MS). */
  timeoutMs: number;
  /** WEBHOOK_ALLOW_PRIVATE: private, loopback and link-local addresses allowed. */
  allowPrivate: boolean;
}

/** A response (any status) or no response (`status` null and `error`: refused, timeout, network). */
export interface WebhookHttpResult {
  status: number | null;
  durationMs: number;
  /** The first bytes of the body: never more is read or kept. */
  excerpt: string | null;
  error: string | null;
}

const EXCERPT_CHARS = 500;
const READ_LIMIT = 4096;

/**
 * POSTs one delivery. Redirects are not followed (a 3xx is a failure: the receiver should give
 * its final URL), so a redirect cannot lead to a private address either.
 */
export function postWebhook(post: WebhookPost, options: WebhookHttpOptions): Promise<WebhookHttpResult> {
  const started = performance.now();
  const done = (r: Omit<WebhookHttpResult, 'durationMs'>): WebhookHttpResult => ({
    ...r,
    durationMs: Math.round(performance.now() - started),
  });
  let url: URL;
  try {
    url = checkWebhookUrl(post.url, options.allowPrivate);
  } catch (err) {
    return Promise.resolve(done({ status: null, excerpt: null, error: (err as Error).message }));
  }
  const host = url.hostname.replace(/^\[|\]$/g, '');
  // An address literal is not looked up (node skips `lookup`): check it here.
  if (!options.allowPrivate && isIP(host) !== 0 && isPrivateAddress(host)) {
    return Promise.resolve(
      done({
        status: null,
        excerpt: null,
        error: new WebhookUrlError(`${host} is a private address`).message,
      }),
    );
  }
  return new Promise((resolve) => {
    let settled = false;
    const finish = (r: Omit<WebhookHttpResult, 'durationMs'>) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(done(r));
    };
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    const req = send(
      url,
      {
        method: 'POST',
        headers: { ...post.headers, 'content-length': Buffer.byteLength(post.body).toString() },
        lookup: checkedLookup(options.allowPrivate) as never,
        agent: false,
      },
      (res: IncomingMessage) => {
        const chunks: Buffer[] = [];
        let size = 0;
        const end = () => {
          const excerpt = Buffer.concat(chunks).toString('utf8').slice(0, EXCERPT_CHARS);
          finish({ status: res.statusCode ?? null, excerpt: excerpt || null, error: null });
          res.destroy();
        };
        res.on('data', (chunk: Buffer) => {
          if (size < READ_LIMIT) chunks.push(chunk);
          size += chunk.length;
          if (size >= READ_LIMIT) end();
        });
        res.on('end', end);
        res.on('error', end);
      },
    );
    const timer = setTimeout(() => {
      finish({ status: null, excerpt: null, error: `timeout after ${options.timeoutMs} ms` });
      req.destroy();
    }, options.timeoutMs);
    req.on('error', (err: NodeJS.ErrnoException) => {
      finish({
        status: null,
        excerpt: null,
        error:
          err instanceof WebhookUrlError ? err.message : [err.code, err.message].filter(Boolean).join(': '),
      });
    });
    req.end(post.body);
  });
}

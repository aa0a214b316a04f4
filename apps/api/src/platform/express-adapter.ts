import { StreamableFile } from '@nestjs/common';
import { ExpressAdapter } from '@nestjs/platform-express';
import type { Response } from 'express';

const JSON_CONTENT_TYPE = 'application/json; charset=utf-8';

/**
 * Nest's Express adapter, except that a handler's JSON answer (a plain object, no Content-Type
 * chosen) is written in one step: JSON.stringify, encode, `end` (Node sends no body to HEAD).
 * Express's res.json → res.send would also parse and rewrite the Content-Type, count the bytes
 * and run a freshness check that cannot succeed without ETags: 5 % of the API's CPU per request
 * on the entry list. Everything else (streams, errors, strings,
 * empty answers, answers with a Content-Type of their own) goes through Nest's reply as before.
 */
export class ApiExpressAdapter extends ExpressAdapter {
  override reply(response: Response, body: unknown, statusCode?: number): unknown {
    if (
      body === null ||
      typeof body !== 'object' ||
      body instanceof StreamableFile ||
      body instanceof Error ||
      response.getHeader('Content-Type') !== undefined
    ) {
      return super.reply(response, body, statusCode);
    }
    if (statusCode) response.statusCode = statusCode;
    // Encoded once: its length is the header (HEAD answers carry it too) and it is the body.
    const bytes = Buffer.from(JSON.stringify(body));
    response.setHeader('Content-Type', JSON_CONTENT_TYPE);
    response.setHeader('Content-Length', bytes.length);
    return response.end(bytes);
  }
}

import { StreamableFile } from '@nestjs/common';
import { ExpressAdapter } from '@nestjs/platform-express';
import type { Response } from 'express';
import { ShapedJson } from './zod-response';

const JSON_CONTENT_TYPE = 'application/json; charset=utf-8';

/**
 * Nest's Express adapter, except that JSON answers are written in one step: a handler's
 * ShapedJson by its response schema's writer, any other plain object (no Content-Type chosen)
 * by JSON.stringify; then `end` (Node sends no body to HEAD). Express's res.json → res.send
 * would also parse and rewrite the Content-Type, count the bytes and run a freshness check that
 * cannot succeed without ETags: 5 % of the API's CPU per request on the entry list. Everything
 * else (streams, errors, strings, empty answers, answers with a Content-Type of their own) goes
 * through Nest's reply as before.
 */
export class ApiExpressAdapter extends ExpressAdapter {
  /** `checkResponses`: also check every shaped answer against zod (see ShapedJson.toJson). */
  constructor(private readonly checkResponses: boolean) {
    super();
  }

  override reply(response: Response, body: unknown, statusCode?: number): unknown {
    if (body instanceof ShapedJson) return writeJson(response, body.toJson(this.checkResponses), statusCode);
    if (
      body === null ||
      typeof body !== 'object' ||
      body instanceof StreamableFile ||
      body instanceof Error ||
      response.getHeader('Content-Type') !== undefined
    ) {
      return super.reply(response, body, statusCode);
    }
    return writeJson(response, JSON.stringify(body), statusCode);
  }
}

function writeJson(response: Response, text: string, statusCode?: number): unknown {
  if (statusCode) response.statusCode = statusCode;
  response.setHeader('Content-Type', JSON_CONTENT_TYPE);
  // The length in bytes (HEAD answers carry it too). The string itself is the body: Node
  // writes it together with the headers, where a Buffer would be a copy and a second chunk.
  response.setHeader('Content-Length', Buffer.byteLength(text));
  return response.end(text);
}

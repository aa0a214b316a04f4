import { PassThrough } from 'node:stream';

import { describe, expect, it } from 'vitest';

import { prettyLogLine, prettyLogStream, REQUEST_LOG_SERIALIZERS } from './log-format';

const at = new Date(2026, 11, 5, 14, 2, 7).getTime();

describe('terminal log lines', () => {
  it('turns a request record into one short line', () => {
    const line = prettyLogLine(
      JSON.stringify({
        level: 30,
        time: at,
        req: { id: 'r1', method: 'GET', url: '/api/v1/tasks' },
        res: { statusCode: 200 },
        responseTime: 12.4,
        msg: 'request completed',
      }),
    );
    expect(line).toBe('14:02:07 INFO  GET /api/v1/tasks 200 12 ms');
  });

  it('names the context and keeps an error’s stack', () => {
    expect(
      prettyLogLine(JSON.stringify({ level: 40, time: at, context: 'Backups', msg: 'disk almost full' })),
    ).toBe('14:02:07 WARN  [Backups] disk almost full');
    const error = prettyLogLine(
      JSON.stringify({
        level: 50,
        time: at,
        msg: 'job failed',
        err: { message: 'boom', stack: 'Error: boom\n    at x' },
      }),
    );
    expect(error).toBe('14:02:07 ERROR job failed\nError: boom\n    at x');
    expect(prettyLogLine('not json')).toBe('not json');
  });

  it('writes whole lines from the chunks pino sends', async () => {
    const out = new PassThrough();
    const stream = prettyLogStream(out);
    const record = JSON.stringify({ level: 30, time: at, msg: 'listening' });
    stream.write(record.slice(0, 10));
    stream.write(`${record.slice(10)}\n`);
    await new Promise<void>((resolve) => stream.end(resolve));
    expect(out.read()?.toString()).toBe('14:02:07 INFO  listening\n');
  });

  it('keeps only the id, method, path, address and status of a request', () => {
    const req = {
      id: 7,
      method: 'POST',
      url: '/api/v1/x',
      headers: { cookie: 'secret' },
      remoteAddress: '::1',
    };
    expect(REQUEST_LOG_SERIALIZERS.req(req)).toEqual({
      id: 7,
      method: 'POST',
      url: '/api/v1/x',
      remoteAddress: '::1',
    });
    expect(REQUEST_LOG_SERIALIZERS.res({ statusCode: 204 })).toEqual({ statusCode: 204 });
  });
});

import { HttpException, MethodNotAllowedException, UnauthorizedException } from '@nestjs/common';
import { PROBLEM_CODES } from '@timetracker/contracts';
import { DomainError, type DomainErrorCode } from '@timetracker/core';
import { Prisma } from '@timetracker/db';
import { ZodValidationException } from 'nestjs-zod';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { mapException, problemType } from './problem.mapping';

describe('mapException', () => {
  it('answers only codes of the documented list (docs/api-errors.md), whatever the status', () => {
    const codes = new Set<string>();
    for (let status = 400; status < 600; status += 1) {
      codes.add(mapException(new HttpException('x', status)).code);
      const fastify = Object.assign(new Error('x'), { code: 'FST_ERR_TEST', statusCode: status });
      codes.add(mapException(fastify).code);
    }
    const domain: DomainErrorCode[] = [
      'VALIDATION',
      'UNAUTHENTICATED',
      'FORBIDDEN',
      'NOT_FOUND',
      'CONFLICT',
      'INVALID_STATE',
      'TIME_LOCKED',
      'RATE_LIMITED',
    ];
    for (const code of domain) codes.add(mapException(new DomainError(code, 'x')).code);
    for (const code of ['P2002', 'P2003', 'P2025', 'P1001', 'P2000']) {
      codes.add(
        mapException(new Prisma.PrismaClientKnownRequestError('x', { code, clientVersion: 't' })).code,
      );
    }
    codes.add(mapException(new Error('a bug')).code);
    expect([...codes].filter((c) => !(PROBLEM_CODES as readonly string[]).includes(c))).toEqual([]);
    // An unusual 4xx (406, 418) falls back to BAD_REQUEST rather than inventing a code.
    expect(mapException(new HttpException('teapot', 418)).code).toBe('BAD_REQUEST');
  });

  it('names HTTP errors by their status, using the domain words for 401 and 429', () => {
    expect(mapException(new UnauthorizedException('Sign in first'))).toMatchObject({
      status: 401,
      code: 'UNAUTHENTICATED',
      detail: 'Sign in first',
    });
    expect(mapException(new HttpException('slow down', 429)).code).toBe('RATE_LIMITED');
    expect(mapException(new MethodNotAllowedException()).code).toBe('METHOD_NOT_ALLOWED');
    expect(mapException(new HttpException('no', 415)).code).toBe('UNSUPPORTED_MEDIA_TYPE');
  });

  it('treats 5xx HTTP exceptions and unknown Prisma errors as internal, hiding their message', () => {
    for (const error of [
      new HttpException('upstream said: password=x', 502),
      new Prisma.PrismaClientKnownRequestError('value too long for column "secret"', {
        code: 'P2000',
        clientVersion: 'test',
      }),
      'a thrown string',
      undefined,
    ]) {
      const mapped = mapException(error);
      expect(mapped).toMatchObject({ status: 500, code: 'INTERNAL', internal: true });
      expect(mapped.detail).not.toMatch(/password|secret|string/);
    }
  });

  it('answers 503 with Retry-After when the database is down or saturated, and still logs it', () => {
    const known = (code: string, meta?: Record<string, unknown>) =>
      new Prisma.PrismaClientKnownRequestError("Can't reach database server at 10.0.0.5:5432", {
        code,
        clientVersion: 'test',
        ...(meta ? { meta } : {}),
      });
    for (const error of [
      known('P1001'),
      known('P2024'),
      known('P2028'),
      known('P2010', { driverAdapterError: { cause: { kind: 'DatabaseNotReachable' } } }),
    ]) {
      const mapped = mapException(error);
      expect(mapped).toMatchObject({
        status: 503,
        code: 'SERVICE_UNAVAILABLE',
        retryAfterSeconds: 2,
        internal: true,
      });
      expect(mapped.detail).not.toContain('10.0.0.5');
    }
    // A raw query failing for another reason is still a bug.
    expect(
      mapException(known('P2010', { driverAdapterError: { cause: { kind: 'SyntaxError' } } })).status,
    ).toBe(500);
  });

  it('maps P2003 (foreign key) to CONFLICT without the constraint name', () => {
    const error = new Prisma.PrismaClientKnownRequestError(
      'Foreign key constraint violated: projects_client_id_fkey',
      {
        code: 'P2003',
        clientVersion: 'test',
      },
    );
    const mapped = mapException(error);
    expect(mapped).toMatchObject({ status: 409, code: 'CONFLICT', internal: false });
    expect(mapped.detail).not.toContain('fkey');
  });

  it('rounds Retry-After up to whole seconds and leaves it out when unknown', () => {
    expect(
      mapException(new DomainError('RATE_LIMITED', 'wait', { retryAfterSeconds: 0.2 })).retryAfterSeconds,
    ).toBe(1);
    expect(mapException(new DomainError('RATE_LIMITED', 'wait')).retryAfterSeconds).toBeUndefined();
  });

  it('names each unknown field of a nested strict object', () => {
    const schema = z.strictObject({ billing: z.strictObject({ rate: z.string() }) });
    const result = schema.safeParse({ billing: { rate: '10.00', ratee: 1, cur: 'EUR' } });
    expect(result.success).toBe(false);
    expect(mapException(new ZodValidationException(result.error)).errors).toEqual([
      { path: 'billing.ratee', message: 'Unknown field' },
      { path: 'billing.cur', message: 'Unknown field' },
    ]);
  });
});

describe('problemType', () => {
  it('is the problems base URL plus the code in lower case with dashes', () => {
    expect(problemType('INVALID_STATE')).toBe('https://timetracker.dev/problems/invalid-state');
  });
});

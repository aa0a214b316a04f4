import { TimeEntryPageSchema } from '@timetracker/contracts';
import { ZodSerializationException } from 'nestjs-zod';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { jsonWriterFor } from './json-writer';
import { ShapedJson } from './zod-response';

const entry = (id: number, overrides: Record<string, unknown> = {}) => ({
  id,
  userId: 7,
  username: 'ada',
  projectId: 3,
  projectName: 'Café "Zürich" \\ 東京',
  clientId: null,
  clientName: null,
  taskId: null,
  taskName: null,
  startTime: '2026-03-29T00:30:00.000Z',
  endTime: null,
  durationSeconds: null,
  notes: 'line one\nline two\t\u0001',
  tags: ['a', 'b,c'],
  source: 'auto',
  billable: true,
  running: true,
  invoiceItemId: null,
  locked: false,
  createdAt: '2026-03-29T00:30:00.000Z',
  updatedAt: null,
  stoppedReason: null,
  autoStoppedAt: null,
  rawSeconds: null,
  breakSeconds: 0,
  pausedAt: null,
  paused: false,
  ...overrides,
});

describe('jsonWriterFor', () => {
  it('writes exactly what zod shaping and JSON.stringify give, for a page of entries', () => {
    const page = {
      items: [
        entry(1),
        entry(2, { endTime: '2026-03-29T03:30:00.000Z', durationSeconds: 7200, stoppedReason: 'idle' }),
        entry(3, { tags: [], clientId: 4, clientName: 'Acme', source: 'manual', running: false }),
      ],
      total: 3,
      totalIsEstimate: true,
      page: 1,
      pageSize: 50,
      nextCursor: 'eyJzIjoiLXN0YXJ0VGltZSJ9.abcdefghijk',
    };
    const text = jsonWriterFor(TimeEntryPageSchema)(page);
    expect(text).toBe(JSON.stringify(TimeEntryPageSchema.parse(page)));
    expect(JSON.parse(text)).toEqual(page);
  });

  it('leaves out every field the schema does not name, at any depth', () => {
    const schema = z.object({
      name: z.string(),
      owner: z.object({ id: z.number().int() }).nullable(),
      items: z.array(z.object({ label: z.string() })),
    });
    const text = jsonWriterFor(schema)({
      passwordHash: 'secret-1',
      name: 'x',
      owner: { id: 1, passwordHash: 'secret-2' },
      items: [{ label: 'y', token: 'secret-3' }],
    });
    expect(text).toBe('{"name":"x","owner":{"id":1},"items":[{"label":"y"}]}');
    expect(jsonWriterFor(schema)({ name: 'x', owner: null, items: [] })).toBe(
      '{"name":"x","owner":null,"items":[]}',
    );
  });

  it('writes nullable enums, arrays and numbers, and optional fields, as zod does', () => {
    const schema = z.object({
      state: z.enum(['idle']).nullable(),
      note: z.string().optional(),
      tags: z.array(z.string()).nullable(),
      rate: z.number().nullable(),
    });
    for (const value of [
      { state: null, tags: null, rate: null },
      { state: 'idle', note: 'n', tags: ['x', 'y'], rate: 12.5 },
    ]) {
      expect(JSON.parse(jsonWriterFor(schema)(value))).toStrictEqual(schema.parse(value));
    }
    // The one difference: optional fields come after the required ones.
    expect(jsonWriterFor(schema)({ state: 'idle', note: 'n', tags: [], rate: 1 })).toBe(
      '{"state":"idle","tags":[],"rate":1,"note":"n"}',
    );
  });

  it('compiles each schema once', () => {
    const schema = z.object({ id: z.number() });
    expect(jsonWriterFor(schema)).toBe(jsonWriterFor(schema));
  });

  it('refuses a schema whose output JSON Schema cannot describe', () => {
    expect(() => jsonWriterFor(z.object({ at: z.date() }))).toThrow(/Date cannot be represented/);
  });
});

describe('ShapedJson', () => {
  const schema = z.object({ name: z.string().trim(), hours: z.number() });

  it('writes with the schema alone in production', () => {
    expect(new ShapedJson({ name: 'a', hours: 2, secret: 's' }, schema).toJson(false)).toBe(
      '{"name":"a","hours":2}',
    );
  });

  it('when checking, refuses a result that breaks its schema (a 500)', () => {
    const shaped = new ShapedJson({ name: 'a', hours: 'two' }, schema);
    expect(() => shaped.toJson(true)).toThrow(ZodSerializationException);
  });

  it('when checking, refuses an answer the writer would write differently from zod', () => {
    // zod trims on the way out, JSON Schema has no word for that: the check catches it.
    const shaped = new ShapedJson({ name: ' a ', hours: 2 }, schema);
    expect(() => shaped.toJson(true)).toThrow(/Response writer and schema disagree/);
    expect(new ShapedJson({ name: 'a', hours: 2 }, schema).toJson(true)).toBe('{"name":"a","hours":2}');
  });

  it('when checking, accepts the same JSON in another key order', () => {
    const withOptional = z.object({ note: z.string().optional(), hours: z.number() });
    expect(new ShapedJson({ note: 'n', hours: 2 }, withOptional).toJson(true)).toBe('{"hours":2,"note":"n"}');
  });
});

import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import * as contracts from '../index';
import { DaySchema, IdSchema, INT4_MAX, InstantSchema, QueryIdSchema, text } from './input';

describe('the input building blocks', () => {
  it('take ids up to int4, and no further', () => {
    expect(IdSchema.safeParse(INT4_MAX).success).toBe(true);
    expect(IdSchema.safeParse(INT4_MAX + 1).success).toBe(false);
    expect(IdSchema.safeParse(0).success).toBe(false);
    expect(QueryIdSchema.safeParse('2147483647').data).toBe(INT4_MAX);
    for (const bad of ['3000000000', '-1', '0', '1.5', '1e400', 'abc', ''])
      expect(QueryIdSchema.safeParse(bad).success, bad).toBe(false);
  });

  it('refuse text with U+0000', () => {
    expect(text().safeParse('a\u0000b').success).toBe(false);
    expect(text().trim().max(5).safeParse(' ab ').data).toBe('ab');
  });

  it('take instants and days from 1970 up to 2100 only', () => {
    expect(InstantSchema.safeParse('1970-01-01T00:00:00Z').success).toBe(true);
    expect(InstantSchema.safeParse('2099-12-31T23:59:59.999Z').success).toBe(true);
    expect(InstantSchema.safeParse('1970-01-01T00:30:00+01:00').success).toBe(false);
    expect(InstantSchema.safeParse('2100-01-01T00:00:00Z').success).toBe(false);
    expect(DaySchema.safeParse('1970-01-01').success).toBe(true);
    expect(DaySchema.safeParse('2099-12-31').success).toBe(true);
    expect(DaySchema.safeParse('1969-12-31').success).toBe(false);
    expect(DaySchema.safeParse('2100-01-01').success).toBe(false);
  });
});

// Every request schema, by its name: responses describe what the database holds, not input.
const isRequestSchema = (name: string) =>
  name.endsWith('Schema') &&
  !/Response|Page|Summary|Row|Point|GroupKey|UsageCount|JobStatus|ReadinessCheck|Problem/.test(name);

type Node = z.core.$ZodType;
type Def = { type: string } & Record<string, unknown>;

/** Every leaf of a schema (strings, numbers, …), looking through wrappers, pipes and objects. */
function leaves(node: Node, path: string, out: { path: string; node: Node }[] = []) {
  const def = node._zod.def as unknown as Def;
  const inner = (key: string) => leaves(def[key] as Node, path, out);
  switch (def.type) {
    case 'object':
      for (const [key, child] of Object.entries(def.shape as Record<string, Node>))
        leaves(child, `${path}.${key}`, out);
      break;
    case 'optional':
    case 'nullable':
    case 'default':
    case 'prefault':
    case 'readonly':
    case 'nonoptional':
    case 'catch':
      inner('innerType');
      break;
    case 'pipe':
      inner('in');
      break;
    case 'array':
      leaves(def.element as Node, `${path}[]`, out);
      break;
    case 'union':
      for (const option of def.options as Node[]) leaves(option, path, out);
      break;
    default:
      out.push({ path, node });
  }
  return out;
}

const accepts = (node: Node, value: unknown) => (node as z.ZodType).safeParse(value).success;

describe('every request schema of the contracts', () => {
  const schemas = Object.entries(contracts).filter(
    ([name, value]) =>
      isRequestSchema(name) && typeof value === 'object' && value !== null && '_zod' in value,
  );

  it('is found', () => {
    expect(schemas.map(([name]) => name)).toEqual(
      expect.arrayContaining([
        'TimeEntryCreateSchema',
        'LoginSchema',
        'SettingsUpdateSchema',
        'TaskIdParamSchema',
      ]),
    );
  });

  // Where a plain value is accepted, the same value made malformed must not be: that is what keeps
  // PostgreSQL from answering a 500 (issue #16), whatever the field.
  it.each(schemas)('%s refuses NUL text, ids beyond int4 and instants outside 1970–2100', (name, schema) => {
    for (const { path, node } of leaves(schema as Node, name)) {
      const type = (node._zod.def as unknown as Def).type;
      if (type === 'string') {
        if (accepts(node, 'abcd')) expect(accepts(node, 'ab\u0000cd'), `${path} takes NUL`).toBe(false);
        const format = (node._zod.def as unknown as Def).format;
        if (format === 'datetime') {
          expect(accepts(node, '1969-12-31T23:59:59Z'), `${path} takes 1969`).toBe(false);
          expect(accepts(node, '2100-01-01T00:00:00Z'), `${path} takes 2100`).toBe(false);
        }
        if (format === 'date') {
          expect(accepts(node, '1969-12-31'), `${path} takes 1969`).toBe(false);
          expect(accepts(node, '2100-01-01'), `${path} takes 2100`).toBe(false);
        }
      }
      if (type === 'number') {
        expect(accepts(node, INT4_MAX + 1), `${path} takes more than int4`).toBe(false);
        expect(accepts(node, String(INT4_MAX + 1)), `${path} takes more than int4`).toBe(false);
      }
    }
  });
});

import fastJson from 'fast-json-stringify';
import { z } from 'zod';

/** Writes a handler's result as JSON text holding only what its response schema names. */
export type JsonWriter = (value: unknown) => string;

type JsonSchema = { [key: string]: unknown };

const writers = new WeakMap<z.ZodType, JsonWriter>();

/**
 * The JSON writer of a response schema, compiled on first use and kept: fast-json-stringify
 * (Fastify's serializer) from the schema's JSON Schema. Like zod's parse, it writes the schema's
 * fields and nothing else (a password hash on the object never leaves), in the schema's order
 * except that optional fields come after the required ones; unlike it, it builds no copy of the
 * result and does not check the values, which is why tests and development run every answer
 * through zod as well (ShapedJson.toJson).
 */
export function jsonWriterFor(schema: z.ZodType): JsonWriter {
  let writer = writers.get(schema);
  if (!writer) {
    // Throws for what JSON Schema cannot say (a transform, z.date()): such a schema would be
    // written without what zod's parse would have done, so it is refused (a test compiles the
    // schema of every shaped route).
    const jsonSchema = z.toJSONSchema(schema, { target: 'draft-7', io: 'output' });
    writer = fastJson(nullableAsTypeList(jsonSchema) as Parameters<typeof fastJson>[0]);
    writers.set(schema, writer);
  }
  return writer;
}

/**
 * zod writes `x.nullable()` as `anyOf: [x, {type: 'null'}]`, for which fast-json-stringify
 * validates the value against each branch at run time; `type: [x's type, 'null']` says the same
 * and is written directly. Anything more complex keeps its anyOf.
 */
function nullableAsTypeList(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(nullableAsTypeList);
  if (node === null || typeof node !== 'object') return node;
  const out: JsonSchema = {};
  for (const [key, value] of Object.entries(node)) out[key] = nullableAsTypeList(value);
  const anyOf = out.anyOf;
  if (!Array.isArray(anyOf) || anyOf.length !== 2) return out;
  const nullAt = anyOf.findIndex((s: JsonSchema) => s.type === 'null' && Object.keys(s).length === 1);
  const other = anyOf[1 - nullAt] as JsonSchema | undefined;
  if (nullAt < 0 || !other || typeof other.type !== 'string' || 'const' in other) return out;
  const { anyOf: _replaced, ...rest } = out;
  return {
    ...rest,
    ...other,
    type: [other.type, 'null'],
    ...(Array.isArray(other.enum) ? { enum: [...(other.enum as unknown[]), null] } : {}),
  };
}

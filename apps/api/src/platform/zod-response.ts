import { isDeepStrictEqual } from 'node:util';
import { StreamableFile } from '@nestjs/common';
import { ZodResponse as DocumentedResponse, ZodSerializationException, type ZodDto } from 'nestjs-zod';
import type { z } from 'zod';
import { jsonWriterFor } from './json-writer';

type Handler = (...args: unknown[]) => unknown;
/** Like nestjs-zod's, the handler must return (a promise of) what the schema accepts. */
type ShapedHandler<TSchema extends z.ZodType> = Pick<
  TypedPropertyDescriptor<
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- any handler parameters
    (...args: any[]) => z.input<TSchema> | Promise<z.input<TSchema>>
  >,
  'value'
>;

/** Every shaped handler's response schema, so a test can prove that no route skips its schema. */
export const SHAPED_RESPONSE = Symbol.for('timetracker.shapedResponse');

/**
 * A handler's result and the response schema it is written by; ApiFastifyAdapter writes it.
 * In production the schema's JSON writer alone decides what leaves: the schema's fields, and
 * nothing else. With `check` (development and tests) the result is also parsed with zod, as
 * nestjs-zod's interceptor would: a result that breaks its schema is a 500
 * (ZodSerializationException), and so is any answer where the writer's JSON differs from
 * zod's shaping, so every answer the test suite sees proves the two agree.
 */
export class ShapedJson {
  constructor(
    readonly value: unknown,
    private readonly schema: z.ZodType,
  ) {}

  toJson(check: boolean): string {
    const write = jsonWriterFor(this.schema);
    if (!check) return write(this.value);
    let expected: string;
    try {
      expected = JSON.stringify(this.schema.parse(this.value));
    } catch (error) {
      throw new ZodSerializationException(error);
    }
    const text = write(this.value);
    // The writer puts optional fields after the required ones: the same JSON, other key order.
    if (text !== expected && !isDeepStrictEqual(JSON.parse(text), JSON.parse(expected))) {
      const cut = (t: string) => (t.length > 2000 ? `${t.slice(0, 2000)}…` : t);
      throw new Error(`Response writer and schema disagree: wrote ${cut(text)}, zod gives ${cut(expected)}`);
    }
    return text;
  }
}

/**
 * nestjs-zod's `@ZodResponse` (status code, OpenAPI response) whose schema shapes the handler's
 * result: the handler's answer is written by the schema (see ShapedJson), so a field the schema
 * does not name (a password hash) never leaves.
 *
 * The result is wrapped by the handler itself rather than by a global interceptor: Nest runs
 * every request through rxjs and two AsyncResources as soon as one interceptor exists, which
 * cost more than a tenth of the API's CPU per request. Import this one, never nestjs-zod's
 * (lint refuses that).
 */
export function ZodResponse<TSchema extends z.ZodType>(options: {
  status?: number;
  description?: string;
  /** One DTO; no array form (a list is an object with `items`, like every other answer). */
  type: ZodDto<TSchema, false>;
}): (target: object, key: string | symbol, descriptor: ShapedHandler<TSchema>) => void {
  const documented = DocumentedResponse(options);
  const { schema } = options.type;
  return (target, key, descriptor) => {
    const handler = descriptor.value as Handler;
    const shaped = async function (this: unknown, ...args: unknown[]): Promise<unknown> {
      const result = await handler.apply(this, args);
      return result instanceof StreamableFile ? result : new ShapedJson(result, schema);
    };
    // Metadata that decorators listed below this one already put on the handler moves along.
    for (const k of Reflect.getOwnMetadataKeys(handler))
      Reflect.defineMetadata(k, Reflect.getOwnMetadata(k, handler), shaped);
    Reflect.defineMetadata(SHAPED_RESPONSE, schema, shaped);
    Object.defineProperty(shaped, 'name', { value: handler.name });
    (descriptor as { value: Handler }).value = shaped;
    documented(target, key, descriptor);
  };
}

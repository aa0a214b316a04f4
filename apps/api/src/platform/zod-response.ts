import { StreamableFile } from '@nestjs/common';
import { ZodResponse as DocumentedResponse, ZodSerializationException, type ZodDto } from 'nestjs-zod';
import type { z } from 'zod';

type Handler = (...args: unknown[]) => unknown;
/** Like nestjs-zod's, the handler must return (a promise of) what the schema accepts. */
type ShapedHandler<TSchema extends z.ZodType> = Pick<
  TypedPropertyDescriptor<
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- any handler parameters
    (...args: any[]) => z.input<TSchema> | Promise<z.input<TSchema>>
  >,
  'value'
>;

/** Set on every shaped handler, so a test can prove that no route skips its schema. */
export const SHAPED_RESPONSE = Symbol.for('timetracker.shapedResponse');

/**
 * nestjs-zod's `@ZodResponse` (status code, OpenAPI response) whose schema shapes the handler's
 * result: a field the schema does not name (a password hash) never leaves, and a result that
 * breaks its own schema is a 500 (ZodSerializationException), as with nestjs-zod's interceptor.
 *
 * The parse happens in a wrapper around the handler rather than in a global interceptor: Nest
 * runs every request through rxjs and two AsyncResources as soon as one interceptor exists,
 * which cost more than a tenth of the API's CPU per request. Import this one, never nestjs-zod's
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
      if (result instanceof StreamableFile) return result;
      try {
        return schema.parse(result);
      } catch (error) {
        throw new ZodSerializationException(error);
      }
    };
    // Metadata that decorators listed below this one already put on the handler moves along.
    for (const k of Reflect.getOwnMetadataKeys(handler))
      Reflect.defineMetadata(k, Reflect.getOwnMetadata(k, handler), shaped);
    Reflect.defineMetadata(SHAPED_RESPONSE, true, shaped);
    Object.defineProperty(shaped, 'name', { value: handler.name });
    (descriptor as { value: Handler }).value = shaped;
    documented(target, key, descriptor);
  };
}

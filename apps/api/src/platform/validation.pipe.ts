import { Injectable, type ArgumentMetadata, type PipeTransform } from '@nestjs/common';
import { createZodValidationPipe } from 'nestjs-zod';

const StrictZodPipe = createZodValidationPipe({ strictSchemaDeclaration: true });

/**
 * nestjs-zod's pipe, refusing (500, logged) any `@Body()`, `@Query()` or `@Param()` not typed
 * with a zod DTO class. A DTO imported with `import type` (which ESLint's autofix suggests)
 * leaves Nest only `Object` as the parameter's type, and the plain pipe would then let the
 * input through unvalidated; this way the first test of the endpoint fails instead.
 * Everything else (`@CurrentUser()`-style decorators, uploaded files) passes untouched.
 */
@Injectable()
export class StrictValidationPipe implements PipeTransform {
  private readonly zod = new StrictZodPipe();

  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    const isInput = metadata.type === 'body' || metadata.type === 'query' || metadata.type === 'param';
    return isInput ? this.zod.transform(value, metadata) : value;
  }
}

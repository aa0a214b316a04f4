import { applyDecorators } from '@nestjs/common';
import { ApiProduces, ApiResponse } from '@nestjs/swagger';

/**
 * Documents a file download (sendDownload): its content type, what it holds and the attachment
 * name a client saves it under. Text types (CSV) are strings, the rest binary.
 */
export function ApiDownload(contentType: string, description: string, filename: string): MethodDecorator {
  const schema = contentType.startsWith('text/')
    ? { type: 'string' as const }
    : { type: 'string' as const, format: 'binary' };
  return applyDecorators(
    ApiProduces(contentType),
    ApiResponse({
      status: 200,
      description,
      content: { [contentType]: { schema } },
      headers: {
        'Content-Disposition': {
          description: `attachment; filename="${filename}"`,
          schema: { type: 'string' },
        },
      },
    }),
  );
}

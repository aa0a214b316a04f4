import multipart from '@fastify/multipart';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DomainError, LOGO_MAX_BYTES } from '@timetracker/core';
import type { FastifyRequest } from 'fastify';

/** The multipart field the logo comes in. */
export const LOGO_FIELD = 'file';

/**
 * multipart/form-data for the logo upload, the API's only non-JSON body. The plugin only reads a
 * body when a handler asks for it (readLogo), which the logo route does after the auth guard
 * passed; any other route given a multipart body finds no body and refuses it as invalid.
 */
export async function acceptLogoUploads(app: NestFastifyApplication): Promise<void> {
  await app.register(multipart, { limits: { fileSize: LOGO_MAX_BYTES, files: 1, fields: 0, parts: 1 } });
}

/** Limits the form breaks by having more than the one file field: its shape is wrong, not its size. */
const EXTRA_PARTS = new Set(['FST_PARTS_LIMIT', 'FST_FILES_LIMIT', 'FST_FIELDS_LIMIT']);

/**
 * The uploaded file's bytes. A request that is not multipart, has no `file` field or has any
 * other field is a validation error; a file over LOGO_MAX_BYTES a 413 (the plugin's
 * FST_REQ_FILE_TOO_LARGE).
 */
export async function readLogo(request: FastifyRequest): Promise<Buffer> {
  const refused = (message: string) =>
    DomainError.validation(`Send the image as the multipart/form-data field "${LOGO_FIELD}" ${message}`, [
      { path: LOGO_FIELD, message: 'Required' },
    ]);
  if (!request.isMultipart()) throw refused('(the request is not multipart)');
  try {
    const part = await request.file();
    if (part?.fieldname !== LOGO_FIELD) {
      part?.file.resume();
      throw refused('(no such field)');
    }
    return await part.toBuffer();
  } catch (err) {
    if (EXTRA_PARTS.has((err as { code?: unknown }).code as string)) throw refused('and nothing else');
    throw err;
  }
}

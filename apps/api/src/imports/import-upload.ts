import { DomainError } from '@timetracker/core';
import type { FastifyRequest } from 'fastify';

/** The multipart field the file comes in. */
export const IMPORT_FIELD = 'file';

const EXTRA_PARTS = new Set(['FST_PARTS_LIMIT', 'FST_FILES_LIMIT', 'FST_FIELDS_LIMIT']);

/**
 * The uploaded CSV's bytes and name, read only after the auth guard passed, with this upload's
 * own size cap (IMPORT_MAX_BYTES; over it a 413). Anything but one `file` field is a 400.
 */
export async function readImportFile(
  request: FastifyRequest,
  maxBytes: number,
): Promise<{ bytes: Buffer; fileName: string }> {
  const refused = (message: string) =>
    DomainError.validation(`Send the CSV as the multipart/form-data field "${IMPORT_FIELD}" ${message}`, [
      { path: IMPORT_FIELD, message: 'Required' },
    ]);
  if (!request.isMultipart()) throw refused('(the request is not multipart)');
  try {
    const part = await request.file({ limits: { fileSize: maxBytes, files: 1, fields: 0, parts: 1 } });
    if (part?.fieldname !== IMPORT_FIELD) {
      part?.file.resume();
      throw refused('(no such field)');
    }
    return { bytes: await part.toBuffer(), fileName: part.filename ?? 'upload.csv' };
  } catch (err) {
    if (EXTRA_PARTS.has((err as { code?: unknown }).code as string)) throw refused('and nothing else');
    throw err;
  }
}

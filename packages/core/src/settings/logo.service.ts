import { createHash } from 'node:crypto';
import { authorize } from '../access/policy';
import type { Principal } from '../auth/principal';
import { DomainError } from '../errors/domain-error';
import { detectImageType, LOGO_TYPES, type LogoContentType } from './image-type';
import type { SettingsRepository } from './settings.repository';
import { toSettingsView, type SettingsView } from './settings.service';
import { sanitizeSvg, UnsafeSvgError } from './svg-sanitizer';

/** Largest logo accepted, in bytes (2 MiB): a logo, not a photo album. */
export const LOGO_MAX_BYTES = 2 * 1024 * 1024;

export interface LogoFile {
  contentType: LogoContentType;
  data: Uint8Array;
  sha256: string;
  size: number;
  filename: string;
  createdAt: Date;
}

const logoProblem = (message: string) => DomainError.validation(message, [{ path: 'file', message }]);

/**
 * The company logo, stored in the database so every API replica serves it and backups keep
 * it. The type is read from the bytes; SVGs are sanitized before they are stored, so what is
 * served later is already safe.
 */
export class LogoService {
  constructor(private readonly settings: SettingsRepository) {}

  async upload(actor: Principal, bytes: Uint8Array): Promise<{ view: SettingsView; removed: string[] }> {
    authorize(actor, 'settings.change');
    if (bytes.byteLength === 0) throw logoProblem('The file is empty');
    if (bytes.byteLength > LOGO_MAX_BYTES) throw logoProblem('The logo must not be larger than 2 MB');
    const contentType = detectImageType(bytes);
    if (!contentType) throw logoProblem('The logo must be a PNG, JPEG, WebP or SVG image');

    let data = bytes;
    let removed: string[] = [];
    if (contentType === 'image/svg+xml') {
      try {
        const sanitized = sanitizeSvg(bytes);
        data = Buffer.from(sanitized.svg, 'utf8');
        removed = sanitized.removed;
      } catch (err) {
        if (err instanceof UnsafeSvgError) {
          throw logoProblem(`The SVG cannot be made safe (${err.message}); export it as PNG or plain SVG`);
        }
        throw err;
      }
    }
    const sha256 = createHash('sha256').update(data).digest('hex');
    const filename = `company-logo-${sha256.slice(0, 12)}.${LOGO_TYPES[contentType]}`;
    const view = toSettingsView(await this.settings.replaceLogo({ contentType, sha256, data }, filename));
    return { view, removed };
  }

  async remove(actor: Principal): Promise<SettingsView> {
    authorize(actor, 'settings.change');
    return toSettingsView(await this.settings.removeLogo());
  }

  /** Public: PDFs and pages embed the logo without credentials. */
  async get(): Promise<LogoFile> {
    const [file, row] = await Promise.all([this.settings.findLogo(), this.settings.find()]);
    if (!file || !row) throw DomainError.notFound('Logo');
    const contentType = file.contentType as LogoContentType;
    return { ...file, contentType, filename: row.companyLogoFilename || `logo.${LOGO_TYPES[contentType]}` };
  }
}

import {
  Controller,
  Delete,
  Get,
  Inject,
  Logger,
  Put,
  Res,
  UploadedFile,
  UseInterceptors,
} from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import {
  ApiBearerAuth,
  ApiBody,
  ApiConsumes,
  ApiCookieAuth,
  ApiOperation,
  ApiResponse,
  ApiTags,
} from '@nestjs/swagger';
import { DomainError, LOGO_MAX_BYTES, LOGO_TYPES, type LogoService, type Principal } from '@timetracker/core';
import type { Response } from 'express';
import { ZodResponse } from '../platform/zod-response';
import { CurrentUser, Public, Roles } from '../auth/auth.decorators';
import { ApiProblems } from '../platform/api-problems.decorator';
import { SettingsResponseDto } from './settings.dto';
import { LOGO_SERVICE } from './settings.tokens';

/** What multer's memory storage hands over (its types are not installed). */
interface UploadedLogo {
  buffer: Buffer;
  size: number;
}

const FIELD = 'file';

// Even a sanitized SVG opened on its own is a document of our origin: allow it nothing but
// drawing itself (inline styles, inline raster images), in a sandbox without scripts.
const LOGO_CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; sandbox";

const binary = { schema: { type: 'string', format: 'binary' } };

/**
 * The company logo. Uploads are multipart (field `file`) on this one route, parsed only after
 * the auth guard passed; the rest of the API stays JSON-only. Cookie-authenticated uploads
 * need the X-CSRF-Token header like every write, which a cross-site form cannot send.
 */
@ApiTags('settings')
@Controller('settings/logo')
export class SettingsLogoController {
  private readonly logger = new Logger(SettingsLogoController.name);

  constructor(@Inject(LOGO_SERVICE) private readonly logos: LogoService) {}

  /** Served without credentials so invoices, PDFs and pages can embed it. */
  @Get()
  @Public()
  @ApiOperation({ summary: 'The company logo, as uploaded (SVGs sanitized)' })
  @ApiResponse({
    status: 200,
    description: 'The logo; its Content-Type is read from the file itself',
    content: Object.fromEntries(Object.keys(LOGO_TYPES).map((type) => [type, binary])),
  })
  @ApiProblems(404)
  async serve(@Res() res: Response): Promise<void> {
    const logo = await this.logos.get();
    res.setHeader('Content-Type', logo.contentType);
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Content-Security-Policy', LOGO_CSP);
    // Other origins (a dashboard on CORS_ORIGINS, a mail client) may embed it too.
    res.setHeader('Cross-Origin-Resource-Policy', 'cross-origin');
    // Adopted databases may hold any name the old app stored: keep the header plain ASCII.
    const filename = logo.filename.replace(/[^\w.-]/g, '_');
    res.setHeader('Content-Disposition', `inline; filename="${filename}"`);
    // Revalidate every time (cheap: the ETag is the content hash), so a new logo shows at once.
    res.setHeader('Cache-Control', 'no-cache');
    res.setHeader('ETag', `"${logo.sha256}"`);
    res.send(Buffer.from(logo.data.buffer, logo.data.byteOffset, logo.data.byteLength));
  }

  /** Replaces the logo: PNG, JPEG, WebP or SVG, at most 2 MB; the type is read from the bytes. */
  @Put()
  @Roles('admin')
  @ApiBearerAuth('bearer')
  @ApiCookieAuth('session')
  @UseInterceptors(
    FileInterceptor(FIELD, { limits: { fileSize: LOGO_MAX_BYTES, files: 1, fields: 0, parts: 1 } }),
  )
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    description: 'The image as the multipart field `file` (nothing else in the form)',
    schema: {
      type: 'object',
      properties: { [FIELD]: { type: 'string', format: 'binary' } },
      required: [FIELD],
      additionalProperties: false,
    },
  })
  @ApiProblems(400, 401, 403, 413)
  @ZodResponse({ type: SettingsResponseDto })
  async upload(@CurrentUser() actor: Principal, @UploadedFile() file: UploadedLogo | undefined) {
    if (!file) {
      const message = `Send the image as the multipart/form-data field "${FIELD}"`;
      throw DomainError.validation(message, [{ path: FIELD, message: 'Required' }]);
    }
    const { view, removed } = await this.logos.upload(actor, file.buffer);
    if (removed.length > 0) this.logger.log({ removed: removed.length }, 'sanitized an uploaded SVG logo');
    return view;
  }

  @Delete()
  @Roles('admin')
  @ApiBearerAuth('bearer')
  @ApiCookieAuth('session')
  @ApiProblems(401, 403)
  @ZodResponse({ type: SettingsResponseDto })
  remove(@CurrentUser() actor: Principal) {
    return this.logos.remove(actor);
  }
}

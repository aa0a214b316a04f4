import { Controller, Delete, Get, Inject, Logger, Put, Req, Res } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiBody,
  ApiConsumes,
  ApiCookieAuth,
  ApiOperation,
  ApiResponse,
  ApiTags,
} from '@nestjs/swagger';
import { LOGO_TYPES, type LogoService, type Principal } from '@timetracker/core';
import type { FastifyReply, FastifyRequest } from 'fastify';
import fresh from 'fresh';
import { ZodResponse } from '../platform/zod-response';
import { CurrentUser, Public, Requires } from '../auth/auth.decorators';
import { ApiProblems } from '../platform/api-problems.decorator';
import { SettingsResponseDto } from './settings.dto';
import { LOGO_SERVICE } from './settings.tokens';
import { LOGO_FIELD, readLogo } from './logo-upload';

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
  async serve(@Req() req: FastifyRequest, @Res() res: FastifyReply): Promise<void> {
    const logo = await this.logos.get();
    // Revalidate every time (cheap: the ETag is the content hash), so a new logo shows at once.
    const validators = { etag: `"${logo.sha256}"`, 'cache-control': 'no-cache' };
    void res.headers(validators);
    if (fresh(req.headers, validators)) {
      await res.code(304).send();
      return;
    }
    // Adopted databases may hold any name the old app stored: keep the header plain ASCII.
    const filename = logo.filename.replace(/[^\w.-]/g, '_');
    await res
      .headers({
        'content-type': logo.contentType,
        'x-content-type-options': 'nosniff',
        'content-security-policy': LOGO_CSP,
        // Other origins (a dashboard on CORS_ORIGINS, a mail client) may embed it too.
        'cross-origin-resource-policy': 'cross-origin',
        'content-disposition': `inline; filename="${filename}"`,
      })
      .send(Buffer.from(logo.data.buffer, logo.data.byteOffset, logo.data.byteLength));
  }

  /** Replaces the logo: PNG, JPEG, WebP or SVG, at most 2 MB; the type is read from the bytes. */
  @Put()
  @Requires('settings.change')
  @ApiBearerAuth('bearer')
  @ApiCookieAuth('session')
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    description: 'The image as the multipart field `file` (nothing else in the form)',
    schema: {
      type: 'object',
      properties: { [LOGO_FIELD]: { type: 'string', format: 'binary' } },
      required: [LOGO_FIELD],
      additionalProperties: false,
    },
  })
  @ApiProblems(400, 401, 403, 413)
  @ZodResponse({ type: SettingsResponseDto })
  async upload(@CurrentUser() actor: Principal, @Req() req: FastifyRequest) {
    const { view, removed } = await this.logos.upload(actor, await readLogo(req));
    if (removed.length > 0) this.logger.log({ removed: removed.length }, 'sanitized an uploaded SVG logo');
    return view;
  }

  @Delete()
  @Requires('settings.change')
  @ApiBearerAuth('bearer')
  @ApiCookieAuth('session')
  @ApiProblems(401, 403)
  @ZodResponse({ type: SettingsResponseDto })
  remove(@CurrentUser() actor: Principal) {
    return this.logos.remove(actor);
  }
}

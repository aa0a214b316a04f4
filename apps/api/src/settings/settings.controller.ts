import { Body, Controller, Get, Inject, Patch } from '@nestjs/common';
import { ApiBearerAuth, ApiCookieAuth, ApiTags } from '@nestjs/swagger';
import type { Principal, SettingsService } from '@timetracker/core';
import { ZodResponse } from '../platform/zod-response';
import { CurrentUser, Requires } from '../auth/auth.decorators';
import { ApiProblems } from '../platform/api-problems.decorator';
import { SettingsResponseDto, SettingsUpdateDto } from './settings.dto';
import { SETTINGS_SERVICE } from './settings.tokens';

/** The instance's settings: readable by everyone signed in, but the tax id and bank details only by admins. */
@ApiTags('settings')
@ApiBearerAuth('bearer')
@ApiCookieAuth('session')
@ApiProblems(401)
@Controller('settings')
export class SettingsController {
  constructor(@Inject(SETTINGS_SERVICE) private readonly settings: SettingsService) {}

  @Get()
  @ZodResponse({ type: SettingsResponseDto })
  get(@CurrentUser() actor: Principal) {
    return this.settings.get(actor);
  }

  /** Partial: only the fields sent change. Entries and invoices made before keep their values. */
  @Patch()
  @Requires('settings.change')
  @ApiProblems(400, 403)
  @ZodResponse({ type: SettingsResponseDto })
  update(@CurrentUser() actor: Principal, @Body() body: SettingsUpdateDto) {
    return this.settings.update(actor, body);
  }
}

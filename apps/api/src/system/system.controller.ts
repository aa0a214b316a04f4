import { Controller, Get, Inject } from '@nestjs/common';
import { ApiBearerAuth, ApiCookieAuth, ApiTags } from '@nestjs/swagger';
import type { Principal, SystemService } from '@timetracker/core';
import { ZodResponse } from '../platform/zod-response';
import { CurrentUser, Requires } from '../auth/auth.decorators';
import { ApiProblems } from '../platform/api-problems.decorator';
import { SystemInfoResponseDto } from './system.dto';
import { SYSTEM_SERVICE } from './system.tokens';

/** About this installation (version, database size), for the dashboard's System page. */
@ApiTags('system')
@ApiBearerAuth('bearer')
@ApiCookieAuth('session')
@ApiProblems(401, 403)
@Controller('admin/system')
@Requires('system.see')
export class SystemController {
  constructor(@Inject(SYSTEM_SERVICE) private readonly system: SystemService) {}

  /** The API's version, the database's size on disk and the PostgreSQL server version. */
  @Get()
  @ZodResponse({ type: SystemInfoResponseDto })
  info(@CurrentUser() actor: Principal) {
    return this.system.info(actor);
  }
}

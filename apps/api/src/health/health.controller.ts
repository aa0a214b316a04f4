import { Controller, Get, Inject, Res } from '@nestjs/common';
import { Public } from '../auth/auth.decorators';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { HealthService } from '@timetracker/core';
import type { FastifyReply } from 'fastify';
import { ZodResponse } from '../platform/zod-response';
import { HealthResponseDto, ReadinessResponseDto } from './health.dto';
import { EXPECTED_MIGRATIONS, HEALTH_SERVICE } from './health.tokens';

@ApiTags('health')
@Public()
@Controller('health')
export class HealthController {
  constructor(
    @Inject(HEALTH_SERVICE) private readonly health: HealthService,
    @Inject(EXPECTED_MIGRATIONS) private readonly migrations: string[],
  ) {}

  /** Liveness: cheap, never touches the database. */
  @Get()
  @ApiOperation({ summary: 'Liveness: the API process is up (no database check)' })
  @ZodResponse({ status: 200, type: HealthResponseDto, description: 'The process is up' })
  live() {
    return this.health.liveness();
  }

  /**
   * Readiness: 503 while the database does not answer or lacks a migration this version needs
   * (startup has not run yet), so load balancers route elsewhere. The
   * workers' last job runs come along for operators but do not decide readiness: the API serves
   * requests whether or not a worker is running.
   */
  @Get('ready')
  @ApiOperation({
    summary:
      'Readiness: 200 when the database answers and its migrations are applied, 503 otherwise; ' +
      'with the last run of each worker job',
  })
  @ZodResponse({ status: 200, type: ReadinessResponseDto, description: 'Every dependency answers' })
  @ApiResponse({
    status: 503,
    type: ReadinessResponseDto.Output,
    description: 'The database does not answer, or a migration is missing or failed',
  })
  async ready(@Res({ passthrough: true }) res: FastifyReply) {
    const database = await this.health.checkDatabase();
    const up = database.status === 'up';
    const [migrations, jobs] = up
      ? await Promise.all([this.health.checkMigrations(this.migrations), this.health.checkJobs()])
      : [undefined, undefined];
    const ready = up && migrations?.status === 'up';
    res.status(ready ? 200 : 503);
    return {
      status: ready ? ('ready' as const) : ('unavailable' as const),
      checks: { database, ...(migrations ? { migrations } : {}), ...(jobs ? { jobs } : {}) },
    };
  }
}

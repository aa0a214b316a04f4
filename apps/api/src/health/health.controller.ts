import { Controller, Get, Inject, Res } from '@nestjs/common';
import { Public } from '../auth/auth.decorators';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import type { HealthService } from '@timetracker/core';
import type { Response } from 'express';
import { ZodResponse } from 'nestjs-zod';
import { HealthResponseDto, ReadinessResponseDto } from './health.dto';
import { HEALTH_SERVICE } from './health.tokens';

@ApiTags('health')
@Public()
@Controller('health')
export class HealthController {
  constructor(@Inject(HEALTH_SERVICE) private readonly health: HealthService) {}

  /** Liveness: cheap, never touches the database. */
  @Get()
  @ApiOperation({ summary: 'Liveness: the API process is up (no database check)' })
  @ZodResponse({ status: 200, type: HealthResponseDto, description: 'The process is up' })
  live() {
    return this.health.liveness();
  }

  /**
   * Readiness: 503 while the database does not answer, so load balancers route elsewhere. The
   * workers' last job runs come along for operators but do not decide readiness: the API serves
   * requests whether or not a worker is running.
   */
  @Get('ready')
  @ApiOperation({
    summary: 'Readiness: 200 when the database answers, 503 otherwise; with the last run of each worker job',
  })
  @ZodResponse({ status: 200, type: ReadinessResponseDto, description: 'Every dependency answers' })
  @ApiResponse({
    status: 503,
    type: ReadinessResponseDto.Output,
    description: 'The database does not answer',
  })
  async ready(@Res({ passthrough: true }) res: Response) {
    const database = await this.health.checkDatabase();
    const ready = database.status === 'up';
    const jobs = ready ? await this.health.checkJobs() : undefined;
    res.status(ready ? 200 : 503);
    return {
      status: ready ? ('ready' as const) : ('unavailable' as const),
      checks: { database, ...(jobs ? { jobs } : {}) },
    };
  }
}

import { Controller, Get, Res } from '@nestjs/common';
import type { HealthResponse, ReadinessResponse } from '@timetracker/contracts';
import type { HealthService } from '@timetracker/core';
import type { Response } from 'express';
import { HEALTH_SERVICE } from './health.tokens';
import { Inject } from '@nestjs/common';

@Controller('health')
export class HealthController {
  constructor(@Inject(HEALTH_SERVICE) private readonly health: HealthService) {}

  /** Liveness: cheap, never touches the database. */
  @Get()
  live(): HealthResponse {
    return this.health.liveness();
  }

  /** Readiness: 503 while the database does not answer, so load balancers route elsewhere. */
  @Get('ready')
  async ready(@Res({ passthrough: true }) res: Response): Promise<ReadinessResponse> {
    const database = await this.health.checkDatabase();
    const ready = database.status === 'up';
    res.status(ready ? 200 : 503);
    return { status: ready ? 'ready' : 'unavailable', checks: { database } };
  }
}

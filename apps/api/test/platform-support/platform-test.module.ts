import {
  Body,
  Controller,
  createParamDecorator,
  Get,
  Inject,
  Module,
  Param,
  Post,
  Query,
} from '@nestjs/common';
import { DomainError, type DomainErrorCode } from '@timetracker/core';
import { Public } from '../../src/auth/auth.decorators';
import type { PrismaClient } from '@timetracker/db';
import { createZodDto } from 'nestjs-zod';
import { ZodResponse } from '../../src/platform/zod-response';
import { z } from 'zod';
import { PRISMA } from '../../src/database/database.module';

export const SECRET = 'hunter2-SELECT-password_hash-FROM-users';

const DOMAIN_CODES = [
  'VALIDATION',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'CONFLICT',
  'INVALID_STATE',
  'RATE_LIMITED',
] as const satisfies readonly DomainErrorCode[];

class DomainCodeParams extends createZodDto(z.strictObject({ code: z.enum(DOMAIN_CODES) })) {}

/** A request body as contracts write them: strict, with bounds, an enum and a zoned time. */
export class EntryBody extends createZodDto(
  z.strictObject({
    name: z.string().min(1).max(20),
    hours: z.number().min(0).max(24),
    kind: z.enum(['work', 'break']),
    startedAt: z.iso.datetime({ offset: true }),
    tags: z.array(z.string().max(5)).max(3).optional(),
  }),
) {}

class EntryResponse extends createZodDto(z.object({ name: z.string(), hours: z.number() })) {}

/** Stands for decorators like @CurrentUser(): not request input, so not validated. */
const Marker = createParamDecorator(() => 'from-decorator');

/** Mounted only by the tests (createApp's extraModules): throws what real code can throw. */
@Public()
@Controller('platform-test')
class PlatformTestController {
  constructor(@Inject(PRISMA) private readonly prisma: PrismaClient) {}

  @Get('domain/:code')
  domain(@Param() { code }: DomainCodeParams): never {
    throw new DomainError(code, `thrown with ${code}`, {
      fieldErrors: code === 'VALIDATION' ? [{ path: 'project.name', message: 'is taken' }] : undefined,
      retryAfterSeconds: code === 'RATE_LIMITED' ? 41.2 : undefined,
    });
  }

  /** Real Prisma errors from the real database, through the driver adapter. */
  @Post('prisma/duplicate')
  async duplicate(): Promise<void> {
    await this.prisma.client.create({ data: { name: 'Twice' } });
    await this.prisma.client.create({ data: { name: 'Twice' } });
  }

  @Post('prisma/missing')
  async missing(): Promise<void> {
    await this.prisma.client.update({ where: { id: -1 }, data: { name: 'Nobody' } });
  }

  @Post('prisma/dangling')
  async dangling(): Promise<void> {
    await this.prisma.project.create({ data: { name: 'Orphan', clientId: 2_000_000_000 } });
  }

  @Get('crash')
  crash(): never {
    throw new Error(`database said: ${SECRET}`);
  }

  @Post('entries')
  @ZodResponse({ status: 201, type: EntryResponse })
  create(@Body() body: EntryBody) {
    // The extra field stands for what a repository returns and a response must never carry.
    return { ...body, passwordHash: SECRET };
  }

  @Get('custom-decorator')
  custom(@Marker() marker: string) {
    return { marker };
  }

  /** A developer mistake: input without a DTO (or a DTO imported with `import type`). */
  @Get('undeclared')
  undeclared(@Query('q') q: string) {
    return { q };
  }

  @Get('broken-response')
  @ZodResponse({ type: EntryResponse })
  broken() {
    return { name: 'ok', hours: 'not a number' } as unknown as { name: string; hours: number };
  }
}

@Module({ controllers: [PlatformTestController] })
export class PlatformTestModule {}

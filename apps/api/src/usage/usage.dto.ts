import { UsageQuerySchema, UsageResponseSchema } from '@timetracker/contracts';
import { createZodDto } from 'nestjs-zod';

export class UsageQueryDto extends createZodDto(UsageQuerySchema) {}
export class UsageResponseDto extends createZodDto(UsageResponseSchema) {}

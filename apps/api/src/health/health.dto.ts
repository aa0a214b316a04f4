import { HealthResponseSchema, ReadinessResponseSchema } from '@timetracker/contracts';
import { createZodDto } from 'nestjs-zod';

export class HealthResponseDto extends createZodDto(HealthResponseSchema) {}
export class ReadinessResponseDto extends createZodDto(ReadinessResponseSchema) {}

import { SystemInfoResponseSchema } from '@timetracker/contracts';
import { createZodDto } from 'nestjs-zod';

export class SystemInfoResponseDto extends createZodDto(SystemInfoResponseSchema) {}

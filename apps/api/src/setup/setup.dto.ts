import { SetupResponseSchema } from '@timetracker/contracts';
import { createZodDto } from 'nestjs-zod';

export class SetupResponseDto extends createZodDto(SetupResponseSchema) {}

import { SettingsResponseSchema, SettingsUpdateSchema } from '@timetracker/contracts';
import { createZodDto } from 'nestjs-zod';

export class SettingsUpdateDto extends createZodDto(SettingsUpdateSchema) {}
export class SettingsResponseDto extends createZodDto(SettingsResponseSchema) {}

import {
  RateCreateSchema,
  RateIdParamSchema,
  RateListQuerySchema,
  RatePageSchema,
  RateResponseSchema,
} from '@timetracker/contracts';
import { createZodDto } from 'nestjs-zod';

export class RateListQueryDto extends createZodDto(RateListQuerySchema) {}
export class RateCreateDto extends createZodDto(RateCreateSchema) {}
export class RateIdParamDto extends createZodDto(RateIdParamSchema) {}
export class RateResponseDto extends createZodDto(RateResponseSchema) {}
export class RatePageDto extends createZodDto(RatePageSchema) {}

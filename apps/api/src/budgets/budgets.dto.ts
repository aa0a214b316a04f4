import {
  BudgetCreateSchema,
  BudgetIdParamSchema,
  BudgetListQuerySchema,
  BudgetListResponseSchema,
  BudgetNotificationPageSchema,
  BudgetNotificationQuerySchema,
  BudgetNotificationsReadResponseSchema,
  BudgetNotificationsReadSchema,
  BudgetResponseSchema,
  BudgetUpdateSchema,
} from '@timetracker/contracts';
import { createZodDto } from 'nestjs-zod';

export class BudgetCreateDto extends createZodDto(BudgetCreateSchema) {}
export class BudgetUpdateDto extends createZodDto(BudgetUpdateSchema) {}
export class BudgetIdParamDto extends createZodDto(BudgetIdParamSchema) {}
export class BudgetListQueryDto extends createZodDto(BudgetListQuerySchema) {}
export class BudgetListDto extends createZodDto(BudgetListResponseSchema) {}
export class BudgetResponseDto extends createZodDto(BudgetResponseSchema) {}
export class BudgetNotificationQueryDto extends createZodDto(BudgetNotificationQuerySchema) {}
export class BudgetNotificationPageDto extends createZodDto(BudgetNotificationPageSchema) {}
export class BudgetNotificationsReadDto extends createZodDto(BudgetNotificationsReadSchema) {}
export class BudgetNotificationsReadResponseDto extends createZodDto(BudgetNotificationsReadResponseSchema) {}

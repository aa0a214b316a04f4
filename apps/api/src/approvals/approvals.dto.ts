import {
  ApprovalDecideSchema,
  ApprovalDetailResponseSchema,
  ApprovalListResponseSchema,
  ApprovalOwnWeekQuerySchema,
  ApprovalQueueQuerySchema,
  ApprovalRejectSchema,
  ApprovalResponseSchema,
  ApprovalSubmitSchema,
  IdParamSchema,
  LockdownResponseSchema,
  LockdownSchema,
  OwnWeekResponseSchema,
} from '@timetracker/contracts';
import { createZodDto } from 'nestjs-zod';

export class ApprovalSubmitDto extends createZodDto(ApprovalSubmitSchema) {}
export class ApprovalOwnWeekQueryDto extends createZodDto(ApprovalOwnWeekQuerySchema) {}
export class ApprovalDecideDto extends createZodDto(ApprovalDecideSchema) {}
export class ApprovalRejectDto extends createZodDto(ApprovalRejectSchema) {}
export class ApprovalQueueQueryDto extends createZodDto(ApprovalQueueQuerySchema) {}
export class ApprovalResponseDto extends createZodDto(ApprovalResponseSchema) {}
export class ApprovalListResponseDto extends createZodDto(ApprovalListResponseSchema) {}
export class ApprovalDetailResponseDto extends createZodDto(ApprovalDetailResponseSchema) {}
export class ApprovalIdParamDto extends createZodDto(IdParamSchema) {}
export class OwnWeekResponseDto extends createZodDto(OwnWeekResponseSchema) {}
export class LockdownDto extends createZodDto(LockdownSchema) {}
export class LockdownResponseDto extends createZodDto(LockdownResponseSchema) {}

import {
  AccountSessionIdParamSchema,
  AccountSessionListResponseSchema,
  MailSettingsResponseSchema,
  MailSettingsUpdateSchema,
  PasswordChangeResponseSchema,
  PasswordChangeSchema,
  PreferencesResponseSchema,
  PreferencesUpdateSchema,
  SignOutOthersResponseSchema,
} from '@timetracker/contracts';
import { createZodDto } from 'nestjs-zod';

export class PreferencesResponseDto extends createZodDto(PreferencesResponseSchema) {}
export class PreferencesUpdateDto extends createZodDto(PreferencesUpdateSchema) {}
export class PasswordChangeDto extends createZodDto(PasswordChangeSchema) {}
export class PasswordChangeResponseDto extends createZodDto(PasswordChangeResponseSchema) {}
export class AccountSessionIdParamDto extends createZodDto(AccountSessionIdParamSchema) {}
export class AccountSessionListResponseDto extends createZodDto(AccountSessionListResponseSchema) {}
export class SignOutOthersResponseDto extends createZodDto(SignOutOthersResponseSchema) {}
export class MailSettingsResponseDto extends createZodDto(MailSettingsResponseSchema) {}
export class MailSettingsUpdateDto extends createZodDto(MailSettingsUpdateSchema) {}

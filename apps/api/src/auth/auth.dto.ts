import {
  ApiTokenCreatedResponseSchema,
  ApiTokenCreateSchema,
  ApiTokenListResponseSchema,
  ApiTokenResponseSchema,
  AuthOptionsResponseSchema,
  IdParamSchema,
  LoginResponseSchema,
  LoginSchema,
  RecoveryCodesResponseSchema,
  SecondFactorSchema,
  TwoFactorConfirmSchema,
  TwoFactorEnrolmentResponseSchema,
  TwoFactorProofSchema,
  TwoFactorStatusResponseSchema,
  PasswordResetCheckSchema,
  PasswordResetRequestedResponseSchema,
  PasswordResetRequestSchema,
  PasswordResetResponseSchema,
  PasswordResetSchema,
  RegisterSchema,
  SessionResponseSchema,
  SsoCheckResponseSchema,
  SsoCheckSchema,
  SsoConfigResponseSchema,
  SsoConfigUpdateSchema,
  SsoLogoutResponseSchema,
  UserResponseSchema,
} from '@timetracker/contracts';
import { createZodDto } from 'nestjs-zod';

export class AuthOptionsResponseDto extends createZodDto(AuthOptionsResponseSchema) {}
export class LoginDto extends createZodDto(LoginSchema) {}
export class RegisterDto extends createZodDto(RegisterSchema) {}
export class SessionResponseDto extends createZodDto(SessionResponseSchema) {}
export class UserResponseDto extends createZodDto(UserResponseSchema) {}
export class ApiTokenCreateDto extends createZodDto(ApiTokenCreateSchema) {}
export class ApiTokenResponseDto extends createZodDto(ApiTokenResponseSchema) {}
export class ApiTokenCreatedResponseDto extends createZodDto(ApiTokenCreatedResponseSchema) {}
export class ApiTokenListResponseDto extends createZodDto(ApiTokenListResponseSchema) {}
export class IdParamDto extends createZodDto(IdParamSchema) {}
export class LoginResponseDto extends createZodDto(LoginResponseSchema) {}
export class SecondFactorDto extends createZodDto(SecondFactorSchema) {}
export class TwoFactorStatusResponseDto extends createZodDto(TwoFactorStatusResponseSchema) {}
export class TwoFactorEnrolmentResponseDto extends createZodDto(TwoFactorEnrolmentResponseSchema) {}
export class TwoFactorConfirmDto extends createZodDto(TwoFactorConfirmSchema) {}
export class TwoFactorProofDto extends createZodDto(TwoFactorProofSchema) {}
export class RecoveryCodesResponseDto extends createZodDto(RecoveryCodesResponseSchema) {}
export class PasswordResetRequestDto extends createZodDto(PasswordResetRequestSchema) {}
export class PasswordResetCheckDto extends createZodDto(PasswordResetCheckSchema) {}
export class PasswordResetDto extends createZodDto(PasswordResetSchema) {}
export class PasswordResetRequestedResponseDto extends createZodDto(PasswordResetRequestedResponseSchema) {}
export class PasswordResetResponseDto extends createZodDto(PasswordResetResponseSchema) {}
export class SsoCheckDto extends createZodDto(SsoCheckSchema) {}
export class SsoCheckResponseDto extends createZodDto(SsoCheckResponseSchema) {}
export class SsoConfigUpdateDto extends createZodDto(SsoConfigUpdateSchema) {}
export class SsoConfigResponseDto extends createZodDto(SsoConfigResponseSchema) {}
export class SsoLogoutResponseDto extends createZodDto(SsoLogoutResponseSchema) {}

import { Body, Controller, Delete, Get, Inject, Param, Patch, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiCookieAuth, ApiTags } from '@nestjs/swagger';
import { ApiProblems } from '../platform/api-problems.decorator';
import type { Principal, UsersService } from '@timetracker/core';
import { ZodResponse } from '../platform/zod-response';
import { CurrentUser, Requires } from '../auth/auth.decorators';
import { UserResponseDto } from '../auth/auth.dto';
import { USERS_SERVICE } from '../auth/auth.tokens';
import {
  UserCreateDto,
  UserDeleteResponseDto,
  UserIdParamDto,
  UserListQueryDto,
  UserPageDto,
  UserSetPasswordDto,
  UserUpdateDto,
} from './users.dto';

/** Account management, for admins. */
@ApiTags('users')
@ApiBearerAuth('bearer')
@ApiCookieAuth('session')
@ApiProblems(400, 401, 403)
@Controller('users')
@Requires('users.manage')
export class UsersController {
  constructor(@Inject(USERS_SERVICE) private readonly users: UsersService) {}

  @Get()
  @ZodResponse({ type: UserPageDto })
  list(@CurrentUser() actor: Principal, @Query() query: UserListQueryDto) {
    const { page, pageSize, sort, ...filter } = query;
    return this.users.list(actor, filter, { page, pageSize, sort });
  }

  @Post()
  @ApiProblems(409)
  @ZodResponse({ status: 201, type: UserResponseDto })
  create(@CurrentUser() actor: Principal, @Body() body: UserCreateDto) {
    return this.users.create(actor, body);
  }

  @Get(':id')
  @ApiProblems(404)
  @ZodResponse({ type: UserResponseDto })
  get(@CurrentUser() actor: Principal, @Param() params: UserIdParamDto) {
    return this.users.get(actor, params.id);
  }

  /** Role and active flag; the last active admin can be neither demoted nor deactivated. */
  @Patch(':id')
  @ApiProblems(404, 409)
  @ZodResponse({ type: UserResponseDto })
  update(@CurrentUser() actor: Principal, @Param() params: UserIdParamDto, @Body() body: UserUpdateDto) {
    return this.users.update(actor, params.id, body);
  }

  /** Sets or resets the password (e.g. for accounts adopted without one); signs the user out everywhere. */
  @Put(':id/password')
  @ApiProblems(404)
  @ZodResponse({ type: UserResponseDto })
  setPassword(
    @CurrentUser() actor: Principal,
    @Param() params: UserIdParamDto,
    @Body() body: UserSetPasswordDto,
  ) {
    return this.users.setPassword(actor, params.id, body.password);
  }

  /**
   * Resets the user's second factor (authenticator, recovery codes, remembered browsers), e.g.
   * after a lost phone; recorded in the audit log. They sign in with the password alone next.
   */
  @Delete(':id/two-factor')
  @ApiProblems(404)
  @ZodResponse({ type: UserResponseDto })
  resetTwoFactor(@CurrentUser() actor: Principal, @Param() params: UserIdParamDto) {
    return this.users.resetTwoFactor(actor, params.id);
  }

  /** Deletes the account, or only deactivates it when it has tracked time. */
  @Delete(':id')
  @ApiProblems(404, 409)
  @ZodResponse({ type: UserDeleteResponseDto })
  remove(@CurrentUser() actor: Principal, @Param() params: UserIdParamDto) {
    return this.users.remove(actor, params.id);
  }
}

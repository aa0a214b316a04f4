import type {
  RecoveryCodesResponse,
  TwoFactorEnrolmentResponse,
  TwoFactorProof,
  TwoFactorStatusResponse,
} from '@timetracker/contracts';
import { mustHaveSecondFactor } from '../access/policy';
import { verifyPassword } from '../auth/password';
import type { Principal } from '../auth/principal';
import { DomainError } from '../errors/domain-error';
import type { RateLimitRepository } from '../rate-limit/rate-limit.repository';
import type { SettingsRepository } from '../settings/settings.repository';
import type { UsersRepository } from '../users/users.repository';
import {
  matchingStep,
  newRecoveryCode,
  newTotpSecret,
  otpauthUri,
  qrCodeDataUrl,
  RECOVERY_CODE_COUNT,
  recoveryCodeHash,
  SecretBox,
} from './totp';
import type { TwoFactorRepository } from './two-factor.repository';

/** Proofs (password or code) per account per window, as AccountService's password checks. */
export interface TwoFactorOptions {
  proofsPerAccount: number;
  proofWindowMs: number;
}

export const DEFAULT_TWO_FACTOR_OPTIONS: TwoFactorOptions = {
  proofsPerAccount: 5,
  proofWindowMs: 15 * 60_000,
};

/**
 * A user's own TOTP second factor (issue #21 §2): enrol, confirm, disable, new recovery codes;
 * and the checks sign-in makes (AuthService). Admins reset others' through UsersService.
 */
export class TwoFactorService {
  constructor(
    private readonly repo: TwoFactorRepository,
    private readonly users: UsersRepository,
    private readonly settings: SettingsRepository,
    private readonly rateLimits: RateLimitRepository,
    private readonly box: SecretBox = new SecretBox(),
    private readonly options: TwoFactorOptions = DEFAULT_TWO_FACTOR_OPTIONS,
  ) {}

  async status(actor: Principal, now = new Date()): Promise<TwoFactorStatusResponse> {
    const [row, left, devices, user, setting] = await Promise.all([
      this.repo.totp(actor.userId),
      this.repo.recoveryCodesLeft(actor.userId),
      this.repo.rememberedDevices(actor.userId, now),
      this.users.findById(actor.userId),
      this.settings.requireTwoFactor(),
    ]);
    const enabled = row?.confirmedAt != null;
    return {
      enabled,
      enabledAt: enabled ? row!.confirmedAt!.toISOString() : null,
      recoveryCodesLeft: enabled ? left : 0,
      required: mustHaveSecondFactor(
        { role: user?.role ?? 'user', hasLocalPassword: user?.passwordHash != null },
        setting,
      ),
      rememberedDevices: enabled ? devices : 0,
    };
  }

  /** A new secret to scan; it guards nothing until confirmed with a code. */
  async startEnrolment(actor: Principal): Promise<TwoFactorEnrolmentResponse> {
    const user = await this.users.findById(actor.userId);
    if (!user) throw new DomainError('UNAUTHENTICATED', 'Not signed in');
    if (!user.passwordHash)
      throw new DomainError('INVALID_STATE', 'Only accounts with a password use a second factor here');
    const secret = newTotpSecret();
    if (!(await this.repo.startEnrolment(actor.userId, this.box.seal(secret))))
      throw new DomainError('CONFLICT', 'Two-factor authentication is already on; turn it off first');
    const uri = otpauthUri(secret, user.username);
    return { secret, otpauthUri: uri, qrCodeDataUrl: await qrCodeDataUrl(uri) };
  }

  /** The first code proves the app holds the secret; the recovery codes are shown only now. */
  async confirmEnrolment(actor: Principal, code: string, now = new Date()): Promise<RecoveryCodesResponse> {
    const row = await this.repo.totp(actor.userId);
    if (!row)
      throw new DomainError('INVALID_STATE', 'Start the set-up first (POST /account/two-factor/enrol)');
    if (row.confirmedAt) throw new DomainError('CONFLICT', 'Two-factor authentication is already on');
    await this.countProof(actor.userId, now);
    const step = matchingStep(this.box.open(row.secret), code, now);
    if (step === null)
      throw DomainError.validation('The code is wrong', [{ path: 'code', message: 'wrong code' }]);
    const codes = Array.from({ length: RECOVERY_CODE_COUNT }, newRecoveryCode);
    await this.repo.transaction(async (tx) => {
      if (!(await tx.confirm(actor.userId, row.secret, step, now)))
        throw new DomainError('CONFLICT', 'The set-up was restarted meanwhile; scan the new code');
      await tx.replaceRecoveryCodes(actor.userId, codes.map(recoveryCodeHash));
      await tx.audit({
        entityId: actor.userId,
        action: 'two_factor_enable',
        actor,
        before: { twoFactor: false },
        after: { twoFactor: true },
      });
    });
    await this.giveBackProof(actor.userId, now);
    return { recoveryCodes: codes };
  }

  /** Turns the factor off (password or a current code); remembered browsers are forgotten. */
  async disable(actor: Principal, proof: TwoFactorProof, now = new Date()): Promise<void> {
    await this.prove(actor, proof, now);
    await this.repo.transaction(async (tx) => {
      if (await tx.remove(actor.userId))
        await tx.audit({
          entityId: actor.userId,
          action: 'two_factor_disable',
          actor,
          before: { twoFactor: true },
          after: { twoFactor: false },
        });
    });
  }

  /** Ten new codes; the old ones stop working. */
  async regenerateRecoveryCodes(
    actor: Principal,
    proof: TwoFactorProof,
    now = new Date(),
  ): Promise<RecoveryCodesResponse> {
    if (!(await this.repo.isEnrolled(actor.userId)))
      throw new DomainError('INVALID_STATE', 'Two-factor authentication is off');
    await this.prove(actor, proof, now);
    const codes = Array.from({ length: RECOVERY_CODE_COUNT }, newRecoveryCode);
    await this.repo.replaceRecoveryCodes(actor.userId, codes.map(recoveryCodeHash));
    return { recoveryCodes: codes };
  }

  /**
   * The sign-in's second step: a current TOTP code (each step accepted once) or an unused
   * recovery code (spent now). Rate limits are the caller's (AuthService counts sign-ins).
   */
  async verifySignIn(userId: number, code: string, now = new Date()): Promise<'totp' | 'recovery' | null> {
    const trimmed = code.trim();
    if (/^\d{6}$/.test(trimmed)) {
      const row = await this.repo.totp(userId);
      if (!row?.confirmedAt) return null;
      const step = matchingStep(this.box.open(row.secret), trimmed, now);
      return step !== null && (await this.repo.useStep(userId, step)) ? 'totp' : null;
    }
    return (await this.repo.useRecoveryCode(userId, recoveryCodeHash(trimmed), now)) ? 'recovery' : null;
  }

  isEnrolled(userId: number): Promise<boolean> {
    return this.repo.isEnrolled(userId);
  }

  /** Password or a current code, counted like AccountService's password checks (403 when wrong). */
  private async prove(actor: Principal, proof: TwoFactorProof, now: Date): Promise<void> {
    await this.countProof(actor.userId, now);
    let ok = false;
    if (proof.password !== undefined) {
      const user = await this.users.findById(actor.userId);
      ok = !!user?.passwordHash && (await verifyPassword(user.passwordHash, proof.password));
    } else if (proof.code !== undefined) {
      ok = (await this.verifySignIn(actor.userId, proof.code, now)) === 'totp';
    }
    if (!ok)
      throw DomainError.forbidden(
        proof.password !== undefined ? 'The password is wrong' : 'The code is wrong',
      );
    await this.giveBackProof(actor.userId, now);
  }

  private windowOf(now: Date): Date {
    const ms = this.options.proofWindowMs;
    return new Date(Math.floor(now.getTime() / ms) * ms);
  }

  private async countProof(userId: number, now: Date): Promise<void> {
    const window = this.windowOf(now);
    if (
      (await this.rateLimits.hit(`password-check:user:${userId}`, window)) > this.options.proofsPerAccount
    ) {
      const retryAfterSeconds = Math.ceil(
        (window.getTime() + this.options.proofWindowMs - now.getTime()) / 1000,
      );
      throw new DomainError(
        'RATE_LIMITED',
        `Too many wrong codes or passwords; try again in ${retryAfterSeconds} s`,
        {
          retryAfterSeconds,
        },
      );
    }
  }

  private giveBackProof(userId: number, now: Date): Promise<void> {
    return this.rateLimits.giveBack(`password-check:user:${userId}`, this.windowOf(now));
  }
}

import { createCipheriv, createDecipheriv, randomBytes, randomInt } from 'node:crypto';
import { Secret, TOTP } from 'otpauth';
import { sha256Hex } from '../auth/secret-tokens';

/**
 * TOTP (RFC 6238) through the otpauth library: SHA-1, six digits, 30-second steps, the settings
 * every authenticator app understands. No HOTP arithmetic of our own.
 */
const PERIOD_SECONDS = 30;
const ISSUER = 'TimeTracker';
/** A code of the step before or after also counts: phones' clocks drift. */
const WINDOW = 1;

export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

function totpFor(secretBase32: string, label = 'user'): TOTP {
  return new TOTP({
    issuer: ISSUER,
    label,
    algorithm: 'SHA1',
    digits: 6,
    period: PERIOD_SECONDS,
    secret: Secret.fromBase32(secretBase32),
  });
}

export function otpauthUri(secretBase32: string, username: string): string {
  return totpFor(secretBase32, username).toString();
}

/** qrcode is loaded on the first enrolment, not with the package (about 1 MB resident). */
export async function qrCodeDataUrl(text: string): Promise<string> {
  const { default: QRCode } = await import('qrcode');
  return QRCode.toDataURL(text, { errorCorrectionLevel: 'M', margin: 2, width: 240 });
}

/**
 * The 30-second step the code belongs to (within the window), or null when it is wrong. The
 * caller refuses a step it has already accepted (replay).
 */
export function matchingStep(secretBase32: string, code: string, now: Date): number | null {
  const delta = TOTP.validate({
    token: code,
    secret: Secret.fromBase32(secretBase32),
    algorithm: 'SHA1',
    digits: 6,
    period: PERIOD_SECONDS,
    timestamp: now.getTime(),
    window: WINDOW,
  });
  return delta === null ? null : Math.floor(now.getTime() / 1000 / PERIOD_SECONDS) + delta;
}

/**
 * Secrets at rest: AES-256-GCM with TWO_FACTOR_KEY when it is set, else stored as they are
 * (they still never leave the API after enrolment). Either form reads back.
 */
export class SecretBox {
  constructor(private readonly key?: Buffer) {
    if (key && key.length !== 32) throw new Error('TWO_FACTOR_KEY must be 32 bytes');
  }

  seal(secret: string): string {
    if (!this.key) return `plain:${secret}`;
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const data = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
    const b = (x: Buffer) => x.toString('base64url');
    return `aes1:${b(iv)}.${b(cipher.getAuthTag())}.${b(data)}`;
  }

  open(stored: string): string {
    if (stored.startsWith('plain:')) return stored.slice(6);
    if (!stored.startsWith('aes1:')) throw new Error('Unknown second-factor secret format');
    if (!this.key) throw new Error('A second-factor secret is encrypted but TWO_FACTOR_KEY is not set');
    const [iv, tag, data] = stored
      .slice(5)
      .split('.')
      .map((p) => Buffer.from(p, 'base64url'));
    const decipher = createDecipheriv('aes-256-gcm', this.key, iv!);
    decipher.setAuthTag(tag!);
    return Buffer.concat([decipher.update(data!), decipher.final()]).toString('utf8');
  }
}

/** Recovery codes: 12 characters from 31 without look-alikes (59 bits), shown as xxxx-xxxx-xxxx. */
const RECOVERY_ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';
export const RECOVERY_CODE_COUNT = 10;

export function newRecoveryCode(): string {
  let out = '';
  for (let i = 0; i < 12; i++) out += RECOVERY_ALPHABET[randomInt(RECOVERY_ALPHABET.length)];
  return `${out.slice(0, 4)}-${out.slice(4, 8)}-${out.slice(8)}`;
}

/**
 * How a recovery code is stored: sha256 of its normalized form (case, spaces and dashes do not
 * matter). 59 random bits and the sign-in limits make a slow hash unnecessary.
 */
export function recoveryCodeHash(code: string): string {
  return sha256Hex(code.toLowerCase().replace(/[\s-]/g, ''));
}

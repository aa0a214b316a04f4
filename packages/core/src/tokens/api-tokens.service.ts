import { randomSecret, sha256Hex } from '../auth/secret-tokens';
import type { Principal } from '../auth/principal';
import { DomainError } from '../errors/domain-error';
import type { ApiTokenRow, ApiTokensRepository } from './api-tokens.repository';

/** Recognisable in logs and by secret scanners. */
export const API_TOKEN_PREFIX = 'ttpat_';

export interface ApiTokenView {
  id: number;
  name: string;
  prefix: string;
  createdAt: string;
  lastUsedAt: string | null;
  expiresAt: string | null;
  revokedAt: string | null;
}

const iso = (d: Date | null) => d?.toISOString() ?? null;

export function toApiTokenView(row: ApiTokenRow): ApiTokenView {
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    createdAt: row.createdAt.toISOString(),
    lastUsedAt: iso(row.lastUsedAt),
    expiresAt: iso(row.expiresAt),
    revokedAt: iso(row.revokedAt),
  };
}

/** Personal API tokens: each user manages only their own. */
export class ApiTokensService {
  constructor(private readonly tokens: ApiTokensRepository) {}

  /** The secret is returned here once and never again (only its hash is kept). */
  async create(actor: Principal, input: { name: string; expiresAt?: string }, now = new Date()) {
    const expiresAt = input.expiresAt ? new Date(input.expiresAt) : null;
    if (expiresAt && expiresAt <= now) {
      throw DomainError.validation('The expiry must be in the future', [
        { path: 'expiresAt', message: 'must be in the future' },
      ]);
    }
    const token = randomSecret(API_TOKEN_PREFIX);
    // Re-checked under a lock: the session or token that authenticated this request may have
    // been ended (password reset, deactivation) since, and must not leave a new token behind.
    const row = await this.tokens.createIfSignedIn(
      {
        userId: actor.userId,
        name: input.name,
        tokenHash: sha256Hex(token),
        prefix: token.slice(0, API_TOKEN_PREFIX.length + 6),
        expiresAt,
      },
      { sessionId: actor.sessionId, tokenId: actor.tokenId },
      now,
    );
    if (!row) throw new DomainError('UNAUTHENTICATED', 'Not signed in');
    return { ...toApiTokenView(row), token };
  }

  async list(actor: Principal): Promise<ApiTokenView[]> {
    return (await this.tokens.listForUser(actor.userId)).map(toApiTokenView);
  }

  async revoke(actor: Principal, id: number, now = new Date()): Promise<ApiTokenView> {
    const row = await this.tokens.findForUser(actor.userId, id);
    if (!row) throw DomainError.notFound('API token');
    if (row.revokedAt) return toApiTokenView(row);
    return toApiTokenView(await this.tokens.revoke(id, now));
  }
}

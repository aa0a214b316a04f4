import type { TeamCreate, TeamResponse, TeamUpdate } from '@timetracker/contracts';
import { authorize } from '../access/policy';
import type { Principal } from '../auth/principal';
import { DomainError } from '../errors/domain-error';
import type { TeamMemberData, TeamRow, TeamsRepository } from './teams.repository';

export function toTeamView(row: TeamRow): TeamResponse {
  return {
    id: row.id,
    name: row.name,
    members: row.members.map((m) => ({ userId: m.userId, username: m.user.username, isLead: m.isLead })),
    createdAt: row.createdAt.toISOString(),
  };
}

/**
 * Teams (issue #18): groups of users whose leads manage the other members, and through which
 * members reach private projects. Admins change them; admins, accountants and managers read them.
 */
export class TeamsService {
  constructor(private readonly teams: TeamsRepository) {}

  async list(actor: Principal, page: { page: number; pageSize: number; sort: string }) {
    authorize(actor, 'teams.see');
    const field = page.sort.replace(/^-/, '') === 'createdAt' ? 'createdAt' : 'name';
    const { items, total } = await this.teams.page(
      { field, desc: page.sort.startsWith('-') },
      (page.page - 1) * page.pageSize,
      page.pageSize,
    );
    return { items: items.map(toTeamView), total, page: page.page, pageSize: page.pageSize };
  }

  async get(actor: Principal, id: number): Promise<TeamResponse> {
    authorize(actor, 'teams.see');
    const row = await this.teams.findById(id);
    if (!row) throw DomainError.notFound('Team');
    return toTeamView(row);
  }

  async create(actor: Principal, input: TeamCreate): Promise<TeamResponse> {
    authorize(actor, 'teams.manage');
    await this.assertNameFree(input.name);
    await this.assertUsersExist(input.members);
    return toTeamView(await this.teams.create(input.name, input.members));
  }

  async update(actor: Principal, id: number, input: TeamUpdate): Promise<TeamResponse> {
    authorize(actor, 'teams.manage');
    if (input.name !== undefined) await this.assertNameFree(input.name, id);
    if (input.members) await this.assertUsersExist(input.members);
    const row = await this.teams.update(id, input.name, input.members);
    if (!row) throw DomainError.notFound('Team');
    return toTeamView(row);
  }

  async remove(actor: Principal, id: number): Promise<void> {
    authorize(actor, 'teams.manage');
    if (!(await this.teams.delete(id))) throw DomainError.notFound('Team');
  }

  private async assertNameFree(name: string, exceptId?: number): Promise<void> {
    if (await this.teams.findByName(name, exceptId))
      throw new DomainError('CONFLICT', `A team named "${name}" already exists`);
  }

  private async assertUsersExist(members: TeamMemberData[]): Promise<void> {
    const ids = members.map((m) => m.userId);
    const found = new Set(await this.teams.existingUserIds(ids));
    const errors = members
      .map((m, i) => ({ m, i }))
      .filter(({ m }) => !found.has(m.userId))
      .map(({ i }) => ({ path: `members.${i}.userId`, message: 'unknown user' }));
    if (errors.length > 0) throw DomainError.validation('No such user', errors);
  }
}

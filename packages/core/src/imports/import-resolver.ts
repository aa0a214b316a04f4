import type { ImportMapping } from '@timetracker/contracts';
import { roundDuration, type RoundingMode } from '../time/rounding';
import type {
  RoundingRule,
  TimeEntriesRepository,
  TimeSettings,
} from '../time-entries/time-entries.repository';
import type { SourceRow } from './import-row';
import type { ImportsRepository } from './imports.repository';

/** Whose a row is: a user's id, a placeholder still to be made (dry run), or nobody. */
export type RowOwner = { userId: number } | { placeholder: string } | null;

/** The name a row's project gets when the source has none (Toggl and Clockify allow that). */
export const NO_PROJECT = 'No project';

/**
 * Finds (and in a run, makes) the users, clients, projects, tasks and tags rows name, each
 * asked of the database once per import: the caches hold one id per distinct name.
 */
export class ImportResolver {
  private readonly users = new Map<string, number | null>();
  private readonly mapped = new Map<string, number>();
  private readonly clients = new Map<string, number>();
  private readonly projects = new Map<string, { id: number; billable: boolean }>();
  private readonly tasks = new Map<string, number>();
  private readonly tags = new Map<string, number>();
  private readonly rounding = new Map<number, RoundingRule | null>();

  constructor(
    private readonly repo: ImportsRepository,
    private readonly entries: TimeEntriesRepository,
    private readonly mapping: ImportMapping,
    private readonly settings: TimeSettings,
    /** Who makes tasks (tasks.created_by): the admin running the import. */
    private readonly actorId: number,
  ) {
    for (const [key, id] of Object.entries(mapping.users ?? {}))
      this.mapped.set(key.trim().toLowerCase(), id);
  }

  /** Looks up, in one statement, the users of these rows not asked about before. */
  async loadUsers(rows: SourceRow[]): Promise<void> {
    const keys = new Set<string>();
    for (const r of rows)
      for (const k of keysOf(r)) if (!this.users.has(k) && !this.mapped.has(k)) keys.add(k);
    if (keys.size === 0) return;
    const found = await this.repo.usersMatching([...keys]);
    for (const k of keys) this.users.set(k, null);
    // An email match wins over a username match of the same text.
    for (const u of found) if (u.username && keys.has(u.username)) this.users.set(u.username, u.id);
    for (const u of found) if (u.email && keys.has(u.email)) this.users.set(u.email, u.id);
  }

  /** The row's user: the admin's mapping, else email, else username; a placeholder if allowed. */
  owner(row: SourceRow): RowOwner {
    for (const k of keysOf(row)) {
      const id = this.mapped.get(k) ?? this.users.get(k);
      if (id !== undefined && id !== null) return { userId: id };
    }
    if (this.mapping.createMissingUsers) return { placeholder: row.email ?? row.user! };
    return null;
  }

  /** Makes the placeholder user (a run); later rows of theirs find them in the cache. */
  async ensureOwner(owner: NonNullable<RowOwner>): Promise<number> {
    if ('userId' in owner) return owner.userId;
    const key = owner.placeholder.toLowerCase();
    const cached = this.users.get(key);
    if (cached) return cached;
    const id = await this.repo.placeholderUser(owner.placeholder);
    this.users.set(key, id);
    return id;
  }

  async project(row: SourceRow): Promise<{ id: number; billable: boolean }> {
    const name = row.project ?? NO_PROJECT;
    const key = `${row.client ?? ''}\0${name}`;
    let project = this.projects.get(key);
    if (!project) {
      const clientId = row.client === null ? null : await this.client(row.client);
      project = await this.repo.project(name, clientId);
      this.projects.set(key, project);
    }
    return project;
  }

  async task(projectId: number, name: string | null): Promise<number | null> {
    if (name === null) return null;
    const key = `${projectId}\0${name}`;
    let id = this.tasks.get(key);
    if (id === undefined) {
      id = await this.repo.task(projectId, name, this.actorId);
      this.tasks.set(key, id);
    }
    return id;
  }

  async tagIds(names: string[]): Promise<number[]> {
    const ids: number[] = [];
    for (const name of names) {
      const key = name.toLowerCase();
      let id = this.tags.get(key);
      if (id === undefined) {
        id = await this.repo.tag(name);
        this.tags.set(key, id);
      }
      if (!ids.includes(id)) ids.push(id);
    }
    return ids;
  }

  /** The billed seconds as a manual entry would get them: rounded by the project's rule. */
  async billedSeconds(projectId: number, seconds: number): Promise<number> {
    let rule = this.rounding.get(projectId);
    if (rule === undefined) {
      rule = await this.entries.roundingFor(projectId);
      this.rounding.set(projectId, rule);
    }
    const r = rule ?? this.settings;
    return roundDuration(seconds, r.roundingMinutes, r.roundingMode as RoundingMode);
  }

  private async client(name: string): Promise<number> {
    let id = this.clients.get(name);
    if (id === undefined) {
      id = await this.repo.client(name);
      this.clients.set(name, id);
    }
    return id;
  }
}

function keysOf(row: SourceRow): string[] {
  return [row.email, row.user?.trim().toLowerCase() ?? null].filter(
    (k): k is string => k !== null && k !== '',
  );
}

import { authorize, may } from '../access/policy';
import type { Principal } from '../auth/principal';
import { DomainError } from '../errors/domain-error';
import type { TagListFilter, TagRow, TagsRepository } from './tags.repository';

export type TagView = TagRow;

/** Same name ignoring case: the rule of the unique index on lower(name). */
const key = (name: string) => name.toLowerCase();

/**
 * Tags are shared: everyone sees them all and picks them for their entries, and creates one
 * by naming it (unless settings.tagCreation = admins); only admins rename, recolour, archive,
 * merge and delete (access policy tags.manage).
 */
export class TagsService {
  constructor(private readonly tags: TagsRepository) {}

  async list(
    _actor: Principal,
    filter: TagListFilter,
    page: { page: number; pageSize: number },
  ): Promise<{ items: TagView[]; total: number; page: number; pageSize: number }> {
    const { items, total } = await this.tags.page(filter, (page.page - 1) * page.pageSize, page.pageSize);
    return { items, total, page: page.page, pageSize: page.pageSize };
  }

  async get(_actor: Principal, id: number): Promise<TagView> {
    const row = await this.tags.byId(id);
    if (!row) throw DomainError.notFound('Tag');
    return row;
  }

  async create(actor: Principal, input: { name: string; colour?: string | null }): Promise<TagView> {
    await this.authorizeCreation(actor, [input.name]);
    const id = await this.tags.insert(input.name, input.colour ?? null);
    if (id === null) throw nameTaken(input.name);
    return this.get(actor, id);
  }

  async update(
    actor: Principal,
    id: number,
    input: { name?: string; colour?: string | null; archived?: boolean },
  ): Promise<TagView> {
    authorize(actor, 'tags.manage');
    if (input.name !== undefined) {
      const [other] = (await this.tags.byNames([input.name])).filter((t) => t.id !== id);
      if (other) throw nameTaken(other.name);
    }
    if (!(await this.tags.update(id, input))) throw DomainError.notFound('Tag');
    return this.get(actor, id);
  }

  /** Moves the tag's entries (and favourites) to `into` and deletes it, atomically. */
  async merge(actor: Principal, id: number, into: number) {
    authorize(actor, 'tags.manage');
    if (id === into)
      throw DomainError.validation('A tag cannot be merged into itself', [
        { path: 'into', message: 'choose another tag' },
      ]);
    const result = await this.tags.merge(id, into);
    if (!result) throw DomainError.notFound('Tag');
    return { tag: await this.get(actor, into), ...result };
  }

  /** Only a tag no entry carries: otherwise archive it, or merge it into another. */
  async remove(actor: Principal, id: number): Promise<void> {
    authorize(actor, 'tags.manage');
    const removed = await this.tags.remove(id);
    if (removed === null) throw DomainError.notFound('Tag');
    if (!removed)
      throw new DomainError(
        'CONFLICT',
        'Entries carry this tag: archive it to stop its use, or merge it into another',
      );
  }

  /**
   * The ids of the tags named for an entry or favourite, in the order given, once each: an
   * existing tag matches ignoring case, a new name is created (refused unless the actor may:
   * settings.tagCreation), an archived tag only if the record already had it (`current`: its
   * names now). undefined stays undefined (the tags are not changed).
   */
  async resolve(
    actor: Principal,
    names: string[] | undefined,
    current: string[] = [],
  ): Promise<number[] | undefined> {
    return (await this.resolveNames(actor, names, current)).ids;
  }

  /**
   * resolve() for a write that may still fail after it (a refused overlap, a locked entry, a task
   * moved meanwhile): the tags this call created are deleted again when `write` throws, unless
   * something uses them by then, so a failed save leaves no stray tag behind.
   */
  async withTags<T>(
    actor: Principal,
    names: string[] | undefined,
    current: string[],
    write: (tagIds: number[] | undefined) => Promise<T>,
  ): Promise<T> {
    const { ids, created } = await this.resolveNames(actor, names, current);
    try {
      return await write(ids);
    } catch (err) {
      await this.tags.deleteUnused(created);
      throw err;
    }
  }

  private async resolveNames(
    actor: Principal,
    names: string[] | undefined,
    current: string[],
  ): Promise<{ ids: number[] | undefined; created: number[] }> {
    if (names === undefined) return { ids: undefined, created: [] };
    const wanted = new Map<string, { name: string; index: number }>();
    names.forEach((name, index) => {
      if (!wanted.has(key(name))) wanted.set(key(name), { name, index });
    });
    if (wanted.size === 0) return { ids: [], created: [] };
    const found = async () => new Map((await this.tags.byNames(names)).map((t) => [key(t.name), t]));
    let existing = await found();
    const had = new Set(current.map(key));
    // Refused before anything is created: an archived tag would otherwise leave the new ones behind.
    for (const [k, w] of wanted) {
      const tag = existing.get(k);
      if (tag?.archived && !had.has(k))
        throw DomainError.validation(`The tag ${JSON.stringify(tag.name)} is archived: it cannot be added`, [
          { path: `tags.${w.index}`, message: 'archived tag' },
        ]);
    }
    const missing = [...wanted.values()].filter((w) => !existing.has(key(w.name)));
    let created: number[] = [];
    if (missing.length) {
      await this.authorizeCreation(
        actor,
        missing.map((m) => m.name),
      );
      created = await this.tags.insertMissing(missing.map((m) => m.name));
      existing = await found();
    }
    const ids: number[] = [];
    for (const [k, w] of wanted) {
      const tag = existing.get(k);
      if (!tag)
        throw new DomainError('CONFLICT', `The tag ${JSON.stringify(w.name)} changed meanwhile; try again`);
      if (tag.archived && !had.has(k))
        throw DomainError.validation(`The tag ${JSON.stringify(tag.name)} is archived: it cannot be added`, [
          { path: `tags.${w.index}`, message: 'archived tag' },
        ]);
      ids.push(tag.id);
    }
    return { ids, created };
  }

  private async authorizeCreation(actor: Principal, names: string[]): Promise<void> {
    if (may(actor, 'tags.createWhenRestricted')) return;
    if ((await this.tags.tagCreation()) !== 'admins') return;
    try {
      authorize(actor, 'tags.createWhenRestricted');
    } catch (err) {
      const list = names.map((n) => JSON.stringify(n)).join(', ');
      throw DomainError.forbidden(
        `${(err as Error).message}: ${list} ${names.length > 1 ? 'are not existing tags' : 'is not an existing tag'}; pick an existing one or ask an admin`,
      );
    }
  }
}

function nameTaken(name: string): DomainError {
  return new DomainError('CONFLICT', `A tag named ${JSON.stringify(name)} already exists`);
}

import { MAX_FAVOURITES } from '@timetracker/contracts';
import type { Principal } from '../auth/principal';
import { DomainError } from '../errors/domain-error';
import type { TimeEntriesService } from '../time-entries/time-entries.service';
import type { TimeEntriesRepository } from '../time-entries/time-entries.repository';
import type { TagsService } from '../tags/tags.service';
import type { TimeEntryView } from '../time-entries/time-entry.view';
import type { FavouriteRow, FavouritesRepository } from './favourites.repository';
import { checkProjectAndTask, trackerFor } from '../time-entries/entry-target';

export interface FavouriteView {
  id: number;
  projectId: number;
  projectName: string;
  clientName: string | null;
  taskId: number | null;
  taskName: string | null;
  notes: string | null;
  tags: string[];
  billable: boolean | null;
  position: number;
  createdAt: string;
}

export interface FavouriteInput {
  projectId?: number;
  taskId?: number | null;
  notes?: string | null;
  tags?: string[];
  billable?: boolean | null;
  position?: number;
}

export function toFavouriteView(row: FavouriteRow): FavouriteView {
  return {
    id: row.id,
    projectId: row.projectId,
    projectName: row.project.name,
    clientName: row.project.clientRef?.name ?? null,
    taskId: row.taskId,
    taskName: row.task?.name ?? null,
    notes: row.notes,
    tags: tagNames(row),
    billable: row.billable,
    position: row.position,
    createdAt: row.createdAt.toISOString(),
  };
}

/**
 * A user's favourites: pinned project/task/notes/tags combinations, each started as a timer in
 * one click. Everyone sees and changes only their own (another's reads as 404, admins' too:
 * a favourite is a personal shortcut, not data to administer).
 */
export class FavouritesService {
  constructor(
    private readonly favourites: FavouritesRepository,
    private readonly entries: TimeEntriesRepository,
    private readonly timeEntries: TimeEntriesService,
    private readonly tags: TagsService,
  ) {}

  async list(actor: Principal): Promise<FavouriteView[]> {
    return (await this.favourites.listShown(actor.userId)).map(toFavouriteView);
  }

  async get(actor: Principal, id: number): Promise<FavouriteView> {
    return toFavouriteView(await this.own(actor, id));
  }

  async create(actor: Principal, input: FavouriteInput & { projectId: number }): Promise<FavouriteView> {
    await checkProjectAndTask(this.entries, input.projectId, input.taskId, trackerFor(actor, actor.userId));
    if ((await this.favourites.count(actor.userId)) >= MAX_FAVOURITES)
      throw new DomainError('INVALID_STATE', `At most ${MAX_FAVOURITES} favourites; remove one first`);
    const id = await this.tags.withTags(actor, input.tags, [], (tagIds) =>
      this.favourites.insert(
        actor.userId,
        {
          projectId: input.projectId,
          taskId: input.taskId ?? null,
          notes: input.notes ?? null,
          tagIds: tagIds ?? [],
          billable: input.billable ?? null,
        },
        input.position,
      ),
    );
    return this.get(actor, id);
  }

  async update(actor: Principal, id: number, input: FavouriteInput): Promise<FavouriteView> {
    const row = await this.own(actor, id);
    const projectId = input.projectId ?? row.projectId;
    // A new project drops the old task unless a task comes with it.
    const taskId =
      input.taskId !== undefined
        ? input.taskId
        : input.projectId !== undefined && input.projectId !== row.projectId
          ? null
          : row.taskId;
    if (input.projectId !== undefined || input.taskId !== undefined)
      await checkProjectAndTask(this.entries, projectId, taskId, trackerFor(actor, actor.userId));
    await this.tags.withTags(actor, input.tags, tagNames(row), (tagIds) =>
      this.favourites.update(
        id,
        actor.userId,
        {
          projectId: input.projectId,
          taskId: taskId === row.taskId ? undefined : taskId,
          notes: input.notes,
          tagIds,
          billable: input.billable,
        },
        input.position,
      ),
    );
    return this.get(actor, id);
  }

  /** Reorders the user's strip: `ids` first in that order (another's favourite is a 404). */
  async reorder(actor: Principal, ids: number[]): Promise<FavouriteView[]> {
    if (!(await this.favourites.reorder(actor.userId, ids))) throw DomainError.notFound('Favourite');
    return this.list(actor);
  }

  async remove(actor: Principal, id: number): Promise<void> {
    await this.own(actor, id);
    await this.favourites.delete(id);
  }

  /** Starts a timer with the favourite's fields: the timer start's rules (an archived project is a 409). */
  async start(actor: Principal, id: number, now = new Date()): Promise<TimeEntryView> {
    const row = await this.own(actor, id);
    return this.timeEntries.startTimer(
      actor,
      {
        projectId: row.projectId,
        taskId: row.taskId,
        notes: row.notes,
        tags: tagNames(row),
        carriedTags: tagNames(row),
        billable: row.billable ?? undefined,
      },
      now,
    );
  }

  private async own(actor: Principal, id: number): Promise<FavouriteRow> {
    const row = await this.favourites.find(id);
    if (!row || row.userId !== actor.userId) throw DomainError.notFound('Favourite');
    return row;
  }
}

/** The favourite's tag names in its order. */
function tagNames(row: FavouriteRow): string[] {
  return row.tags.map((l) => l.tag.name);
}

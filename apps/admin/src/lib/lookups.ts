import { useQuery } from '@tanstack/react-query';
import type {
  ClientResponse,
  ProjectResponse,
  TagResponse,
  TaskResponse,
  TeamResponse,
  UserResponse,
} from '@timetracker/contracts';

import { apiGet, withQuery } from './api-client';

// Option lists for pickers, shared by every feature. Keys start with the domain, so a feature
// invalidating ['projects'] after a change refreshes these too.

interface Page<T> {
  items: T[];
  total: number;
}

const ALL = 500; // the API's largest page; pickers search within it

export function useProjectOptions(filter: { includeArchived?: boolean } = {}) {
  return useQuery({
    queryKey: ['projects', 'options', filter],
    queryFn: ({ signal }) =>
      apiGet<Page<ProjectResponse>>(
        withQuery('/api/v1/projects', {
          pageSize: ALL,
          sort: 'name',
          status: filter.includeArchived ? undefined : 'active',
        }),
        { signal },
      ),
    select: (page) => page.items,
  });
}

export function useClientOptions(filter: { includeInactive?: boolean } = {}) {
  return useQuery({
    queryKey: ['clients', 'options', filter],
    queryFn: ({ signal }) =>
      apiGet<Page<ClientResponse>>(
        withQuery('/api/v1/clients', {
          pageSize: ALL,
          sort: 'name',
          status: filter.includeInactive ? undefined : 'active',
        }),
        { signal },
      ),
    select: (page) => page.items,
  });
}

export function useTaskOptions(projectId: number | null | undefined) {
  return useQuery({
    queryKey: ['tasks', 'options', projectId ?? null],
    queryFn: ({ signal }) =>
      apiGet<Page<TaskResponse>>(
        withQuery('/api/v1/tasks', {
          projectId: projectId ?? undefined,
          pageSize: ALL,
          sort: 'name',
          status: 'pending,in_progress,review',
        }),
        { signal },
      ),
    select: (page) => page.items,
    enabled: projectId !== null && projectId !== undefined,
  });
}

/** Admins only (the API refuses others). */
export function useUserOptions(enabled: boolean) {
  return useQuery({
    queryKey: ['users', 'options'],
    queryFn: ({ signal }) =>
      apiGet<Page<UserResponse>>(withQuery('/api/v1/users', { pageSize: ALL, sort: 'username' }), {
        signal,
      }),
    select: (page) => page.items,
    enabled,
  });
}

/** Every tag (archived ones too: entries still show them, in their colour), by name. */
export function useTagOptions() {
  return useQuery({
    queryKey: ['tags', 'options'],
    queryFn: ({ signal }) =>
      apiGet<Page<TagResponse>>(withQuery('/api/v1/tags', { pageSize: ALL }), { signal }),
    select: (page) => page.items,
    staleTime: 60_000,
  });
}

/** Every team, by name (admins, accountants and managers may read them). */
export function useTeamOptions() {
  return useQuery({
    queryKey: ['teams', 'options'],
    queryFn: ({ signal }) =>
      apiGet<Page<TeamResponse>>(withQuery('/api/v1/teams', { pageSize: ALL, sort: 'name' }), { signal }),
    select: (page) => page.items,
  });
}

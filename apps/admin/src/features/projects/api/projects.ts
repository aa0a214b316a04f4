import type { ProjectCreate, ProjectResponse, ProjectUpdate } from '@timetracker/contracts';

import { usePagedList, useSaveRecord, useSetRecordStatus } from '@/lib/resources';

export interface ProjectFilters {
  search?: string;
  status?: 'active' | 'archived';
  clientId?: number;
  sort?: string;
  page?: number;
  pageSize?: number;
}

export const useProjects = (filters: ProjectFilters) =>
  usePagedList<ProjectResponse>('projects', { ...filters });

// Clients count their projects.
const REFRESH = ['projects', 'clients'];

export const useSaveProject = () =>
  useSaveRecord<ProjectResponse, ProjectCreate | ProjectUpdate>('projects', REFRESH);

export const useSetProjectStatus = () => useSetRecordStatus<ProjectResponse>('projects', REFRESH);

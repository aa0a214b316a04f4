import type { ClientCreate, ClientResponse, ClientUpdate } from '@timetracker/contracts';

import { usePagedList, useSaveRecord, useSetRecordStatus } from '@/lib/resources';

export interface ClientFilters {
  search?: string;
  status?: 'active' | 'inactive';
  sort?: string;
  page?: number;
  pageSize?: number;
}

export const useClients = (filters: ClientFilters) => usePagedList<ClientResponse>('clients', { ...filters });

// Project lists show client names; refresh them too.
const REFRESH = ['clients', 'projects'];

export const useSaveClient = () =>
  useSaveRecord<ClientResponse, ClientCreate | ClientUpdate>('clients', REFRESH);

export const useSetClientStatus = () => useSetRecordStatus<ClientResponse>('clients', REFRESH);

import { keepPreviousData, useQuery } from '@tanstack/react-query';
import type { AuditEntity, AuditPage } from '@timetracker/contracts';

import { apiGet, withQuery } from '@/lib/api-client';

export interface AuditFilters {
  entity?: AuditEntity;
  entityId?: number;
  actorId?: number;
  action?: string;
  from?: string;
  to?: string;
  page: number;
  pageSize: number;
}

/** The audit log, newest first (admins only). */
export function useAuditEvents(filters: AuditFilters) {
  return useQuery({
    queryKey: ['audit', 'list', filters],
    queryFn: ({ signal }) => apiGet<AuditPage>(withQuery('/api/v1/audit', { ...filters }), { signal }),
    placeholderData: keepPreviousData,
  });
}

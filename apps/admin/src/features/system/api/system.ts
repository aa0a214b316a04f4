import { useQuery } from '@tanstack/react-query';
import type {
  HealthResponse,
  ReadinessResponse,
  SystemInfoResponse,
  UsageResponse,
} from '@timetracker/contracts';

import { ApiError, apiGet } from '@/lib/api-client';

export function useHealth() {
  return useQuery({
    queryKey: ['system', 'health'],
    queryFn: ({ signal }) => apiGet<HealthResponse>('/api/v1/health', { signal }),
  });
}

/** A 503 here is an answer (the database is down), not a failure to reach the API. */
export function useReadiness() {
  return useQuery({
    queryKey: ['system', 'ready'],
    queryFn: async ({ signal }) => {
      try {
        return await apiGet<ReadinessResponse>('/api/v1/health/ready', { signal });
      } catch (error) {
        if (error instanceof ApiError && error.status === 503 && isReadiness(error.body)) return error.body;
        throw error;
      }
    },
    refetchInterval: 30_000,
  });
}

export function useUsage() {
  return useQuery({
    queryKey: ['system', 'usage'],
    queryFn: ({ signal }) => apiGet<UsageResponse>('/api/v1/admin/usage', { signal }),
  });
}

/** Version, database size and PostgreSQL version (admins only). */
export function useSystemInfo() {
  return useQuery({
    queryKey: ['system', 'info'],
    queryFn: ({ signal }) => apiGet<SystemInfoResponse>('/api/v1/admin/system', { signal }),
  });
}

function isReadiness(body: unknown): body is ReadinessResponse {
  const database = (body as Partial<ReadinessResponse> | undefined)?.checks?.database;
  return typeof database === 'object' && database !== null && typeof database.status === 'string';
}

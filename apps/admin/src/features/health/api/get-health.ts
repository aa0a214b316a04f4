import type { HealthResponse, ReadinessResponse } from '@timetracker/contracts';

import { ApiError, apiGet, type RequestOptions } from '@/lib/api-client';

export function getHealth(options?: RequestOptions): Promise<HealthResponse> {
  return apiGet<HealthResponse>('/api/v1/health', options);
}

/** A 503 here is an answer (the database is down), not a failure to reach the API. */
export async function getReadiness(options?: RequestOptions): Promise<ReadinessResponse> {
  try {
    return await apiGet<ReadinessResponse>('/api/v1/health/ready', options);
  } catch (error) {
    if (error instanceof ApiError && error.status === 503 && isReadiness(error.body)) return error.body;
    throw error;
  }
}

function isReadiness(body: unknown): body is ReadinessResponse {
  const database = (body as Partial<ReadinessResponse> | undefined)?.checks?.database;
  return typeof database === 'object' && database !== null && typeof database.status === 'string';
}

import type {
  PreferencesResponse,
  SessionResponse,
  SettingsResponse,
  UserResponse,
} from '@timetracker/contracts';
import { vi } from 'vitest';

export interface ApiCall {
  method: string;
  path: string;
  query: URLSearchParams;
  body: unknown;
  headers: Headers;
}

type Handler = (call: ApiCall) => Response | unknown | Promise<Response | unknown>;

export function json(body: unknown, status = 200, type = 'application/json'): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': type } });
}

export function problem(
  status: number,
  detail: string,
  errors?: { path: string; message: string }[],
): Response {
  return json(
    {
      type: 'about:blank',
      title: 'Error',
      status,
      code: status === 400 ? 'VALIDATION' : 'ERROR',
      detail,
      errors,
    },
    status,
    'application/problem+json',
  );
}

/**
 * Stubs fetch with handlers keyed "METHOD /path" (no query string). A handler may return a
 * Response or a plain value (sent as JSON). Anything unhandled fails the test loudly.
 */
export function mockApi(routes: Record<string, Handler>) {
  const calls: ApiCall[] = [];
  const fetchMock = vi.fn(async (input: RequestInfo | URL, init: RequestInit = {}) => {
    const url = new URL(
      typeof input === 'string' ? input : input instanceof URL ? input.href : input.url,
      'http://test',
    );
    const method = (init.method ?? 'GET').toUpperCase();
    const body = typeof init.body === 'string' ? JSON.parse(init.body) : init.body;
    const call = {
      method,
      path: url.pathname,
      query: url.searchParams,
      body,
      headers: new Headers(init.headers),
    };
    calls.push(call);
    const handler = routes[`${method} ${url.pathname}`];
    if (!handler) throw new Error(`unexpected request: ${method} ${url.pathname}`);
    const result = await handler(call);
    return result instanceof Response ? result : json(result);
  });
  vi.stubGlobal('fetch', fetchMock);
  return { calls, fetchMock };
}

export const adminUser: UserResponse = {
  id: 1,
  username: 'admin',
  role: 'admin',
  isActive: true,
  hasPassword: true,
  email: null,
  createdAt: '2026-01-01T00:00:00Z',
  lastLogin: null,
  twoFactorEnabled: false,
};

export const plainUser: UserResponse = { ...adminUser, id: 2, username: 'bee', role: 'user' };

export const defaultPreferences: PreferencesResponse = {
  timezone: null,
  effectiveTimezone: 'Europe/Rome',
  language: null,
  weekStart: 'monday',
  clock: '24h',
  dateFormat: 'auto',
  weeklyTargetSeconds: 144_000,
};

export function session(
  user: UserResponse = adminUser,
  preferences: PreferencesResponse = defaultPreferences,
): SessionResponse {
  return { user, preferences, csrfToken: 'csrf-123', twoFactorEnrolmentRequired: false };
}

export const settings: SettingsResponse = {
  timezone: 'Europe/Rome',
  currency: 'EUR',
  roundingMinutes: 1,
  roundingMode: 'nearest',
  singleActiveTimer: true,
  allowSelfRegister: false,
  requireTwoFactor: 'off',
  calendarFeeds: true,
  idleTimeoutMinutes: 30,
  maxEntryDurationSeconds: 86_400,
  budgetThresholds: [50, 80, 100],
  budgetRefuseOver: false,
  backupRetentionDays: 30,
  backupTime: '02:00',
  exportDelimiter: ',',
  allowAnalytics: false,
  overlapPolicy: 'warn',
  tagCreation: 'everyone',
  ratesVisibleToAll: false,
  companyName: 'Acme',
  companyAddress: '1 Main Street',
  companyEmail: '',
  emailFrom: '',
  companyPhone: '',
  companyWebsite: '',
  companyLogoFilename: '',
  logoUrl: null,
  companyTaxId: '',
  companyBankInfo: '',
  invoicePrefix: 'INV',
  invoiceStartNumber: 1000,
  invoiceTerms: '',
  invoiceNotes: '',
  updatedAt: '2026-01-01T00:00:00Z',
};

export const emptyPage = { items: [], total: 0, page: 1, pageSize: 50 };

/** What every signed-in page asks for, so a test only adds what it is about. */
export function signedInRoutes(user: UserResponse = adminUser): Record<string, Handler> {
  return {
    'GET /api/v1/auth/me': () => session(user),
    'GET /api/v1/auth/options': () => ({ allowSelfRegister: false }),
    'GET /api/v1/settings': () => settings,
    'GET /api/v1/timer/active': () => ({ items: [] }),
    'GET /api/v1/timesheet/people': () => ({ items: [{ id: user.id, username: user.username }] }),
    'GET /api/v1/favourites': () => ({ items: [] }),
    'GET /api/v1/time-entries/recent-combinations': () => ({ items: [] }),
    'GET /api/v1/projects': () => emptyPage,
    'GET /api/v1/clients': () => emptyPage,
    'GET /api/v1/users': () => emptyPage,
    'GET /api/v1/tags': () => emptyPage,
    'GET /api/v1/setup': () => ({ items: [], complete: true, dismissed: true, show: false }),
    'GET /api/v1/budgets': () => ({ items: [] }),
    'GET /api/v1/budgets/notifications': () => ({ ...emptyPage, unread: 0 }),
    'GET /api/v1/account/mail': () => ({ email: null, weeklyDigest: true }),
    'GET /api/v1/account/calendar-feed': () => ({
      available: true,
      active: false,
      createdAt: null,
      lastUsedAt: null,
    }),
  };
}

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  AccountSessionListResponse,
  CalendarFeedCreatedResponse,
  CalendarFeedResponse,
  MailSettingsResponse,
  MailSettingsUpdate,
  PasswordChange,
  PasswordChangeResponse,
  PreferencesResponse,
  PreferencesUpdate,
  RecoveryCodesResponse,
  SessionResponse,
  SignOutOthersResponse,
  TwoFactorEnrolmentResponse,
  TwoFactorProof,
  TwoFactorStatusResponse,
} from '@timetracker/contracts';

import { apiDelete, apiGet, apiPatch, apiPost, apiPut } from '@/lib/api-client';
import { SESSION_KEY } from '@/lib/session';

const SESSIONS_KEY = ['account', 'sessions'] as const;

/** Saved preferences go straight into the session, which every page formats with. */
export function useUpdatePreferences() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: PreferencesUpdate) =>
      apiPatch<PreferencesResponse>('/api/v1/account/preferences', body),
    onSuccess: (preferences) => {
      queryClient.setQueryData<SessionResponse | null>(SESSION_KEY, (old) => old && { ...old, preferences });
      // Totals, reports and lists were cut in the old zone.
      void queryClient.invalidateQueries({ predicate: (q) => q.queryKey[0] !== SESSION_KEY[0] });
    },
  });
}

export function useChangePassword() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: PasswordChange) => apiPut<PasswordChangeResponse>('/api/v1/account/password', body),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: SESSIONS_KEY });
      void queryClient.invalidateQueries({ queryKey: ['tokens'] });
    },
  });
}

export function useAccountSessions() {
  return useQuery({
    queryKey: SESSIONS_KEY,
    queryFn: ({ signal }) => apiGet<AccountSessionListResponse>('/api/v1/account/sessions', { signal }),
    select: (data) => data.items,
  });
}

export function useEndSession() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => apiDelete(`/api/v1/account/sessions/${id}`),
    onSettled: () => queryClient.invalidateQueries({ queryKey: SESSIONS_KEY }),
  });
}

export function useEndOtherSessions() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => apiPost<SignOutOthersResponse>('/api/v1/account/sessions/end-others'),
    onSettled: () => queryClient.invalidateQueries({ queryKey: SESSIONS_KEY }),
  });
}

const TWO_FACTOR_KEY = ['account', 'two-factor'] as const;

export function useTwoFactorStatus() {
  return useQuery({
    queryKey: TWO_FACTOR_KEY,
    queryFn: ({ signal }) => apiGet<TwoFactorStatusResponse>('/api/v1/account/two-factor', { signal }),
  });
}

/** A new secret and its QR code; nothing changes at sign-in until it is confirmed. */
export function useStartTwoFactor() {
  return useMutation({
    mutationFn: () => apiPost<TwoFactorEnrolmentResponse>('/api/v1/account/two-factor/enrol'),
  });
}

/**
 * The status is not refreshed here: the set-up shows the recovery codes first, and refreshes it
 * when the person has saved them (useTwoFactorStatus().refetch).
 */
export function useConfirmTwoFactor() {
  return useMutation({
    mutationFn: (code: string) =>
      apiPost<RecoveryCodesResponse>('/api/v1/account/two-factor/confirm', { code }),
  });
}

export function useDisableTwoFactor() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (proof: TwoFactorProof) => apiPost('/api/v1/account/two-factor/disable', proof),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: TWO_FACTOR_KEY }),
  });
}

export function useNewRecoveryCodes() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (proof: TwoFactorProof) =>
      apiPost<RecoveryCodesResponse>('/api/v1/account/two-factor/recovery-codes', proof),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: TWO_FACTOR_KEY }),
  });
}

const CALENDAR_FEED_KEY = ['account', 'calendar-feed'] as const;

export function useCalendarFeed() {
  return useQuery({
    queryKey: CALENDAR_FEED_KEY,
    queryFn: ({ signal }) => apiGet<CalendarFeedResponse>('/api/v1/account/calendar-feed', { signal }),
  });
}

/** A new feed URL (the old one stops working); its path is in this answer only. */
export function useCreateCalendarFeed() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => apiPost<CalendarFeedCreatedResponse>('/api/v1/account/calendar-feed'),
    onSuccess: ({ path: _path, ...status }) => queryClient.setQueryData(CALENDAR_FEED_KEY, status),
  });
}

export function useRevokeCalendarFeed() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => apiDelete<CalendarFeedResponse>('/api/v1/account/calendar-feed'),
    onSuccess: (status) => queryClient.setQueryData(CALENDAR_FEED_KEY, status),
  });
}

const MAIL_KEY = ['account', 'mail'] as const;

export function useMailSettings() {
  return useQuery({
    queryKey: MAIL_KEY,
    queryFn: ({ signal }) => apiGet<MailSettingsResponse>('/api/v1/account/mail', { signal }),
  });
}

export function useUpdateMailSettings() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: MailSettingsUpdate) => apiPatch<MailSettingsResponse>('/api/v1/account/mail', body),
    onSuccess: (settings) => queryClient.setQueryData(MAIL_KEY, settings),
  });
}

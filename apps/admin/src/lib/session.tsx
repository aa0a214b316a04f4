import { useQuery, useQueryClient } from '@tanstack/react-query';
import type {
  SsoLogoutResponse,
  Login,
  LoginResponse,
  PreferencesResponse,
  SecondFactor,
  SessionResponse,
  UserResponse,
} from '@timetracker/contracts';
import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';

import { ApiError, apiGet, apiPost, onUnauthenticated, setCsrfToken } from './api-client';
import { setDisplayPreferences } from './display';

export interface SessionValue {
  user: UserResponse | null;
  /** The signed-in user's preferences (null when signed out). */
  preferences: PreferencesResponse | null;
  isAdmin: boolean;
  /** True once the API said the session ended while the person was working (not a sign-out). */
  expired: boolean;
  /** The user's language preference (from /auth/me, where the API sends one), else null. */
  preferredLanguage: string | null;
  /**
   * settings.requireTwoFactor applies and the user has no second factor yet: nothing but the
   * set-up page (/two-factor-setup) works until they have one.
   */
  twoFactorEnrolmentRequired: boolean;
  /** 'second-factor': the password was right, a code is due (completeSignIn). */
  signIn: (credentials: Login) => Promise<'signed-in' | 'second-factor'>;
  completeSignIn: (body: SecondFactor) => Promise<UserResponse>;
  /** Reads the session again (after enrolment lifted twoFactorEnrolmentRequired). */
  refresh: () => Promise<void>;
  signOut: () => Promise<void>;
}

const SessionContext = createContext<SessionValue | null>(null);

export const SESSION_KEY = ['session'] as const;

/** The signed-in user, or null when there is no valid session (a 401 is an answer here). */
async function fetchSession(signal: AbortSignal): Promise<SessionResponse | null> {
  try {
    return await apiGet<SessionResponse>('/api/v1/auth/me', { signal });
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) return null;
    throw error;
  }
}

export function SessionProvider({ children, fallback }: { children: ReactNode; fallback: ReactNode }) {
  const queryClient = useQueryClient();
  const [expired, setExpired] = useState(false);
  const session = useQuery({
    queryKey: SESSION_KEY,
    queryFn: ({ signal }) => fetchSession(signal),
    staleTime: Infinity,
    retry: 1,
  });
  const data = session.data;

  useEffect(() => setCsrfToken(data?.csrfToken ?? null), [data]);

  useEffect(
    () =>
      onUnauthenticated(() => {
        // Keep nothing of the old user's data around for whoever signs in next.
        setExpired(true);
        queryClient.removeQueries({ predicate: (q) => q.queryKey[0] !== SESSION_KEY[0] });
        queryClient.setQueryData(SESSION_KEY, null);
      }),
    [queryClient],
  );

  const start = useCallback(
    (next: SessionResponse) => {
      setCsrfToken(next.csrfToken);
      setExpired(false);
      queryClient.removeQueries({ predicate: (q) => q.queryKey[0] !== SESSION_KEY[0] });
      queryClient.setQueryData(SESSION_KEY, next);
      return next.user;
    },
    [queryClient],
  );

  const signIn = useCallback(
    async (credentials: Login) => {
      const next = await apiPost<LoginResponse>('/api/v1/auth/login', credentials);
      if (next.secondFactorRequired || !next.user) return 'second-factor' as const;
      start(next as SessionResponse);
      return 'signed-in' as const;
    },
    [start],
  );

  const completeSignIn = useCallback(
    async (body: SecondFactor) =>
      start(await apiPost<SessionResponse>('/api/v1/auth/login/second-factor', body)),
    [start],
  );

  const refresh = useCallback(async () => {
    await queryClient.invalidateQueries({ queryKey: SESSION_KEY });
  }, [queryClient]);

  const signOut = useCallback(async () => {
    let endSessionUrl: string | null = null;
    try {
      // Ends this session like /auth/logout; an SSO session also gets the provider's logout page.
      ({ endSessionUrl } = await apiPost<SsoLogoutResponse>('/api/v1/auth/sso/logout'));
    } catch (error) {
      // Already signed out on the server: the goal is reached.
      if (!(error instanceof ApiError && error.status === 401)) throw error;
    }
    setCsrfToken(null);
    setExpired(false);
    queryClient.removeQueries({ predicate: (q) => q.queryKey[0] !== SESSION_KEY[0] });
    queryClient.setQueryData(SESSION_KEY, null);
    if (endSessionUrl) window.location.assign(endSessionUrl);
  }, [queryClient]);

  // Set while rendering, not in an effect: the pages below format with it in this same render.
  setDisplayPreferences(data?.preferences);

  const value = useMemo<SessionValue>(
    () => ({
      user: data?.user ?? null,
      preferences: data?.preferences ?? null,
      isAdmin: data?.user.role === 'admin',
      expired,
      preferredLanguage: preferredLanguageOf(data),
      twoFactorEnrolmentRequired: data?.twoFactorEnrolmentRequired ?? false,
      signIn,
      completeSignIn,
      refresh,
      signOut,
    }),
    [data, expired, signIn, completeSignIn, refresh, signOut],
  );

  if (session.isPending) return <>{fallback}</>;
  if (session.isError) throw session.error;
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

/** `preferences.language` of the session or its user, read loosely: older APIs send none. */
function preferredLanguageOf(data: SessionResponse | null | undefined): string | null {
  type WithPreferences = { preferences?: { language?: unknown } | null };
  const language =
    (data as WithPreferences | null | undefined)?.preferences?.language ??
    (data?.user as WithPreferences | undefined)?.preferences?.language;
  return typeof language === 'string' ? language : null;
}

export function useSession(): SessionValue {
  const value = useContext(SessionContext);
  if (!value) throw new Error('useSession must be used inside <SessionProvider>');
  return value;
}

/** For pages that only render for a signed-in user (behind <RequireAuth>). */
export function useCurrentUser(): UserResponse {
  const { user } = useSession();
  if (!user) throw new Error('useCurrentUser needs a signed-in user');
  return user;
}

import '@mantine/core/styles.css';
import '@mantine/dates/styles.css';
import '@mantine/notifications/styles.css';

import { createTheme, MantineProvider } from '@mantine/core';
import { DatesProvider } from '@mantine/dates';
import { Notifications } from '@mantine/notifications';
import { type QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { type ReactNode, useState } from 'react';
import { I18nextProvider, useTranslation } from 'react-i18next';

import { LoadingState } from '@/components/query-state';
import { i18n } from '@/i18n/i18n';
import { LanguageBoundary } from '@/i18n/language';
import { createQueryClient } from '@/lib/query-client';
import { firstDayOfWeek } from '@/lib/display';
import { SessionProvider, useSession } from '@/lib/session';

export const theme = createTheme({
  primaryColor: 'indigo',
  defaultRadius: 'md',
  fontFamily: "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif",
});

export function AppProvider({ children, queryClient }: { children: ReactNode; queryClient?: QueryClient }) {
  const [client] = useState(() => queryClient ?? createQueryClient());
  return (
    <MantineProvider theme={theme} defaultColorScheme="auto">
      <I18nextProvider i18n={i18n}>
        <Notifications position="top-right" />
        <QueryClientProvider client={client}>
          <SessionProvider fallback={<SessionCheck />}>
            <PersonalDates>
              <LanguageBoundary>{children}</LanguageBoundary>
            </PersonalDates>
          </SessionProvider>
        </QueryClientProvider>
      </I18nextProvider>
    </MantineProvider>
  );
}

/**
 * Date pickers in the active language (its dayjs locale is loaded with the catalog), their weeks
 * starting on the signed-in person's first day of the week (Monday, like the API's reports, until
 * they choose).
 */
function PersonalDates({ children }: { children: ReactNode }) {
  const { i18n: active } = useTranslation();
  const { preferences } = useSession();
  return (
    <DatesProvider
      settings={{
        firstDayOfWeek: firstDayOfWeek(preferences?.weekStart ?? 'monday'),
        locale: active.language,
      }}
    >
      {children}
    </DatesProvider>
  );
}

function SessionCheck() {
  const { t } = useTranslation();
  return <LoadingState label={t('checkingSession')} />;
}

import '@mantine/core/styles.css';
import '@mantine/dates/styles.css';
import '@mantine/notifications/styles.css';

import { createTheme, MantineProvider } from '@mantine/core';
import { DatesProvider } from '@mantine/dates';
import { Notifications } from '@mantine/notifications';
import { type QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { type ReactNode, useState } from 'react';

import { LoadingState } from '@/components/query-state';
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
      {/* Weeks start on Monday, like the API's reports, unless the person chose otherwise. */}
      <DatesProvider settings={{ firstDayOfWeek: 1 }}>
        <Notifications position="top-right" />
        <QueryClientProvider client={client}>
          <SessionProvider fallback={<LoadingState label="Checking your session…" />}>
            <PersonalDates>{children}</PersonalDates>
          </SessionProvider>
        </QueryClientProvider>
      </DatesProvider>
    </MantineProvider>
  );
}

/** Date pickers start their weeks on the signed-in person's first day of the week. */
function PersonalDates({ children }: { children: ReactNode }) {
  const { preferences } = useSession();
  return (
    <DatesProvider settings={{ firstDayOfWeek: firstDayOfWeek(preferences?.weekStart ?? 'monday') }}>
      {children}
    </DatesProvider>
  );
}

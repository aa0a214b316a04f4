import { Outlet, type RouteObject } from 'react-router';

import { LoadingState } from '@/components/query-state';

import { AppLayout } from './layout';
import { RequireAdmin, RequireAuth } from './require-auth';

// Every page is its own chunk (route-level code splitting): the first load carries only the
// shell, and a page's code arrives when someone goes there.
const pages: RouteObject[] = [
  {
    path: '/sign-in',
    lazy: () => import('@/features/auth/routes/sign-in-page').then((m) => ({ Component: m.SignInPage })),
  },
  {
    path: '/two-factor-setup',
    lazy: () =>
      import('@/features/auth/routes/two-factor-setup-page').then((m) => ({
        Component: m.TwoFactorSetupPage,
      })),
  },
  {
    path: '/sign-up',
    lazy: () => import('@/features/auth/routes/sign-up-page').then((m) => ({ Component: m.SignUpPage })),
  },
  {
    path: '/forgot-password',
    lazy: () =>
      import('@/features/auth/routes/forgot-password-page').then((m) => ({
        Component: m.ForgotPasswordPage,
      })),
  },
  {
    path: '/reset-password',
    lazy: () =>
      import('@/features/auth/routes/reset-password-page').then((m) => ({ Component: m.ResetPasswordPage })),
  },
  {
    path: '/',
    element: (
      <RequireAuth>
        <AppLayout />
      </RequireAuth>
    ),
    children: [
      {
        index: true,
        lazy: () => import('./routes/dashboard-page').then((m) => ({ Component: m.DashboardPage })),
      },
      {
        path: 'time-entries',
        lazy: () =>
          import('@/features/time-entries/routes/time-entries-page').then((m) => ({
            Component: m.TimeEntriesPage,
          })),
      },
      {
        path: 'timesheet',
        lazy: () =>
          import('@/features/timesheet/routes/timesheet-page').then((m) => ({ Component: m.TimesheetPage })),
      },
      {
        path: 'calendar',
        lazy: () => import('./routes/calendar-page').then((m) => ({ Component: m.CalendarPage })),
      },
      {
        path: 'clients',
        lazy: () =>
          import('@/features/clients/routes/clients-page').then((m) => ({ Component: m.ClientsPage })),
      },
      {
        path: 'approvals',
        lazy: () =>
          import('@/features/approvals/routes/approvals-page').then((m) => ({ Component: m.ApprovalsPage })),
      },
      {
        path: 'budgets',
        lazy: () =>
          import('@/features/budgets/routes/budgets-page').then((m) => ({ Component: m.BudgetsPage })),
      },
      {
        path: 'tags',
        lazy: () => import('@/features/tags/routes/tags-page').then((m) => ({ Component: m.TagsPage })),
      },
      {
        path: 'projects',
        lazy: () =>
          import('@/features/projects/routes/projects-page').then((m) => ({ Component: m.ProjectsPage })),
      },
      {
        path: 'tasks',
        lazy: () => import('@/features/tasks/routes/tasks-page').then((m) => ({ Component: m.TasksPage })),
      },
      {
        path: 'reports',
        lazy: () =>
          import('@/features/reports/routes/reports-page').then((m) => ({ Component: m.ReportsPage })),
      },
      {
        path: 'account',
        lazy: () =>
          import('@/features/account/routes/account-page').then((m) => ({ Component: m.AccountPage })),
      },
      {
        path: 'tokens',
        lazy: () => import('@/features/tokens/routes/tokens-page').then((m) => ({ Component: m.TokensPage })),
      },
      {
        path: 'teams',
        element: (
          <RequireAdmin roles={['admin', 'accountant', 'manager']}>
            <Outlet />
          </RequireAdmin>
        ),
        children: [
          {
            index: true,
            lazy: () =>
              import('@/features/teams/routes/teams-page').then((m) => ({ Component: m.TeamsPage })),
          },
        ],
      },
      {
        element: (
          <RequireAdmin>
            <Outlet />
          </RequireAdmin>
        ),
        children: [
          {
            path: 'users',
            lazy: () =>
              import('@/features/users/routes/users-page').then((m) => ({ Component: m.UsersPage })),
          },
          {
            path: 'invoices',
            lazy: () =>
              import('@/features/invoices/routes/invoices-page').then((m) => ({ Component: m.InvoicesPage })),
          },
          {
            path: 'invoices/:id',
            lazy: () =>
              import('@/features/invoices/routes/invoice-page').then((m) => ({ Component: m.InvoicePage })),
          },
          {
            path: 'settings',
            lazy: () =>
              import('@/features/settings/routes/settings-page').then((m) => ({ Component: m.SettingsPage })),
          },
          {
            path: 'backups',
            lazy: () =>
              import('@/features/backups/routes/backups-page').then((m) => ({ Component: m.BackupsPage })),
          },
          {
            path: 'webhooks',
            lazy: () =>
              import('@/features/webhooks/routes/webhooks-page').then((m) => ({ Component: m.WebhooksPage })),
          },
          {
            path: 'sso',
            lazy: () => import('@/features/sso/routes/sso-page').then((m) => ({ Component: m.SsoPage })),
          },
          {
            path: 'imports',
            lazy: () =>
              import('@/features/imports/routes/imports-page').then((m) => ({ Component: m.ImportsPage })),
          },
          {
            path: 'audit',
            lazy: () =>
              import('@/features/audit/routes/audit-page').then((m) => ({ Component: m.AuditPage })),
          },
          {
            path: 'system',
            lazy: () =>
              import('@/features/system/routes/system-page').then((m) => ({ Component: m.SystemPage })),
          },
        ],
      },
      {
        path: '*',
        lazy: () => import('./routes/not-found-page').then((m) => ({ Component: m.NotFoundPage })),
      },
    ],
  },
];

/** One root so the first page's code, still loading, shows a loader rather than nothing. */
export const routes: RouteObject[] = [
  { element: <Outlet />, hydrateFallbackElement: <LoadingState />, children: pages },
];

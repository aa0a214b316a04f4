import {
  ActionIcon,
  AppShell,
  Box,
  Burger,
  Group,
  Menu,
  NavLink,
  ScrollArea,
  Text,
  Tooltip,
  useComputedColorScheme,
  useMantineColorScheme,
} from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import {
  IconBriefcase,
  IconBuilding,
  IconCalendar,
  IconCalendarWeek,
  IconChartBar,
  IconClock,
  IconDatabaseExport,
  IconFileImport,
  IconWebhook,
  IconHistory,
  IconDashboard,
  IconFileInvoice,
  IconKey,
  IconListCheck,
  IconLogin2,
  IconLogout,
  IconMoon,
  IconServer,
  IconSettings,
  IconSun,
  IconTags,
  IconChecklist,
  IconUser,
  IconUserCircle,
  IconUsers,
  IconUsersGroup,
} from '@tabler/icons-react';
import type { UserResponse } from '@timetracker/contracts';
import { Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Outlet, useLocation, useNavigate } from 'react-router';

import { LanguagePicker } from '@/components/language-picker';
import { NotificationsBell } from '@/features/budgets/components/notifications-bell';
import { ErrorState, LoadingState } from '@/components/query-state';
import { ActivityWatch } from '@/features/timer/components/activity-watch';
import { useSettingsQuery } from '@/lib/settings';
import { useCurrentUser, useSession } from '@/lib/session';

type NavKey =
  | 'dashboard'
  | 'timeEntries'
  | 'timesheet'
  | 'calendar'
  | 'clients'
  | 'projects'
  | 'tasks'
  | 'tags'
  | 'teams'
  | 'approvals'
  | 'reports'
  | 'tokens'
  | 'invoices'
  | 'users'
  | 'settings'
  | 'backups'
  | 'audit'
  | 'system';

/** Screens added after the nav catalog: their name is `nav` of their own catalog section. */
const LATE_NAV = {
  webhooks: 'webhooks:nav',
  sso: 'ssoSettings:nav',
  imports: 'imports:nav',
} as const;
type LateNavKey = keyof typeof LATE_NAV;

interface NavItem {
  to: string;
  label: NavKey | LateNavKey;
  icon: typeof IconDashboard;
  /** Only these roles see the entry (all when absent). */
  roles?: UserResponse['role'][];
}

const MAIN_NAV: NavItem[] = [
  { to: '/', label: 'dashboard', icon: IconDashboard },
  { to: '/time-entries', label: 'timeEntries', icon: IconClock },
  { to: '/timesheet', label: 'timesheet', icon: IconCalendarWeek },
  { to: '/calendar', label: 'calendar', icon: IconCalendar },
  { to: '/clients', label: 'clients', icon: IconBuilding },
  { to: '/projects', label: 'projects', icon: IconBriefcase },
  { to: '/tasks', label: 'tasks', icon: IconListCheck },
  { to: '/tags', label: 'tags', icon: IconTags },
  { to: '/teams', label: 'teams', icon: IconUsersGroup, roles: ['admin', 'accountant', 'manager'] },
  { to: '/approvals', label: 'approvals', icon: IconChecklist },
  { to: '/reports', label: 'reports', icon: IconChartBar },
  { to: '/tokens', label: 'tokens', icon: IconKey },
];

const ADMIN_NAV: NavItem[] = [
  { to: '/invoices', label: 'invoices', icon: IconFileInvoice },
  { to: '/users', label: 'users', icon: IconUsers },
  { to: '/settings', label: 'settings', icon: IconSettings },
  { to: '/backups', label: 'backups', icon: IconDatabaseExport },
  { to: '/webhooks', label: 'webhooks', icon: IconWebhook },
  { to: '/sso', label: 'sso', icon: IconLogin2 },
  { to: '/imports', label: 'imports', icon: IconFileImport },
  { to: '/audit', label: 'audit', icon: IconHistory },
  { to: '/system', label: 'system', icon: IconServer },
];

export function AppLayout() {
  const { t } = useTranslation(['app', 'common', 'webhooks', 'ssoSettings', 'imports']);
  const [opened, { toggle, close }] = useDisclosure(false);
  const { isAdmin, user } = useSession();
  const settings = useSettingsQuery();
  const location = useLocation();

  const isActive = (to: string) =>
    to === '/' ? location.pathname === '/' : location.pathname.startsWith(to);
  const renderNav = (items: NavItem[]) =>
    items
      .filter((item) => !item.roles || (user !== null && item.roles.includes(user.role)))
      .map((item) => (
        <NavLink
          key={item.to}
          component={Link}
          to={item.to}
          // The screens that came later have their names in their own catalog sections.
          label={
            item.label in LATE_NAV ? t(LATE_NAV[item.label as LateNavKey]) : t(`nav.${item.label as NavKey}`)
          }
          leftSection={<item.icon size={18} stroke={1.6} aria-hidden />}
          active={isActive(item.to)}
          aria-current={isActive(item.to) ? 'page' : undefined}
          onClick={close}
        />
      ));

  return (
    <AppShell
      header={{ height: 56 }}
      navbar={{ width: 220, breakpoint: 'sm', collapsed: { mobile: !opened } }}
      padding="md"
    >
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap">
            <Burger
              opened={opened}
              onClick={toggle}
              hiddenFrom="sm"
              size="sm"
              aria-label={t('toggleNavigation')}
            />
            <Text
              component={Link}
              to="/"
              fw={700}
              size="lg"
              style={{ textDecoration: 'none', color: 'inherit' }}
            >
              {t('common:appName')}
            </Text>
          </Group>
          <Group gap="xs" wrap="nowrap">
            <Box visibleFrom="sm">
              <LanguagePicker />
            </Box>
            <NotificationsBell />
            <ThemeToggle />
            <UserMenu />
          </Group>
        </Group>
      </AppShell.Header>

      <AppShell.Navbar p="xs" aria-label={t('mainNavigation')}>
        <AppShell.Section grow component={ScrollArea}>
          {renderNav(MAIN_NAV)}
          {isAdmin && (
            <>
              <Text size="xs" c="dimmed" fw={600} tt="uppercase" px="sm" pt="md" pb={4}>
                {t('administration')}
              </Text>
              {renderNav(ADMIN_NAV)}
            </>
          )}
        </AppShell.Section>
        {/* Phones: the header has no room for the language menu; the navigation has. */}
        <AppShell.Section hiddenFrom="sm" p="sm">
          <LanguagePicker size="sm" />
        </AppShell.Section>
      </AppShell.Navbar>

      <AppShell.Main>
        {/* Times and money on every page depend on the settings: wait for them once, here. */}
        {settings.isPending ? (
          <LoadingState />
        ) : settings.isError ? (
          <ErrorState error={settings.error} onRetry={() => void settings.refetch()} />
        ) : (
          <>
            <ActivityWatch />
            <Suspense fallback={<LoadingState />}>
              <Outlet />
            </Suspense>
          </>
        )}
      </AppShell.Main>
    </AppShell>
  );
}

function ThemeToggle() {
  const { t } = useTranslation('app');
  const { setColorScheme } = useMantineColorScheme();
  const computed = useComputedColorScheme('light', { getInitialValueInEffect: true });
  const next = computed === 'dark' ? 'light' : 'dark';
  return (
    <Tooltip label={next === 'dark' ? t('darkTheme') : t('lightTheme')}>
      <ActionIcon
        variant="default"
        size="lg"
        onClick={() => setColorScheme(next)}
        aria-label={next === 'dark' ? t('darkTheme') : t('lightTheme')}
      >
        {computed === 'dark' ? <IconSun size={18} /> : <IconMoon size={18} />}
      </ActionIcon>
    </Tooltip>
  );
}

function UserMenu() {
  const { t } = useTranslation('app');
  const user = useCurrentUser();
  const { signOut } = useSession();
  const navigate = useNavigate();
  return (
    <Menu position="bottom-end" withinPortal>
      <Menu.Target>
        <ActionIcon variant="default" size="lg" aria-label={t('account', { name: user.username })}>
          <IconUser size={18} />
        </ActionIcon>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>{t('signedInAs', { name: user.username, role: t(`roles.${user.role}`) })}</Menu.Label>
        <Menu.Item component={Link} to="/account" leftSection={<IconUserCircle size={16} />}>
          {t('myAccount')}
        </Menu.Item>
        <Menu.Item component={Link} to="/tokens" leftSection={<IconKey size={16} />}>
          {t('nav.tokens')}
        </Menu.Item>
        <Menu.Item
          leftSection={<IconLogout size={16} />}
          onClick={() => {
            void signOut().then(() => navigate('/sign-in', { replace: true }));
          }}
        >
          {t('signOut')}
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}

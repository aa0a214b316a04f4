import {
  ActionIcon,
  AppShell,
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
  IconDashboard,
  IconFileInvoice,
  IconKey,
  IconListCheck,
  IconLogout,
  IconMoon,
  IconServer,
  IconSettings,
  IconSun,
  IconTags,
  IconUser,
  IconUserCircle,
  IconUsers,
} from '@tabler/icons-react';
import { Suspense } from 'react';
import { Link, Outlet, useLocation, useNavigate } from 'react-router';

import { ErrorState, LoadingState } from '@/components/query-state';
import { ActivityWatch } from '@/features/timer/components/activity-watch';
import { useSettingsQuery } from '@/lib/settings';
import { useCurrentUser, useSession } from '@/lib/session';

interface NavItem {
  to: string;
  label: string;
  icon: typeof IconDashboard;
}

const MAIN_NAV: NavItem[] = [
  { to: '/', label: 'Dashboard', icon: IconDashboard },
  { to: '/time-entries', label: 'Time entries', icon: IconClock },
  { to: '/timesheet', label: 'Timesheet', icon: IconCalendarWeek },
  { to: '/calendar', label: 'Calendar', icon: IconCalendar },
  { to: '/clients', label: 'Clients', icon: IconBuilding },
  { to: '/projects', label: 'Projects', icon: IconBriefcase },
  { to: '/tasks', label: 'Tasks', icon: IconListCheck },
  { to: '/tags', label: 'Tags', icon: IconTags },
  { to: '/reports', label: 'Reports', icon: IconChartBar },
  { to: '/tokens', label: 'API tokens', icon: IconKey },
];

const ADMIN_NAV: NavItem[] = [
  { to: '/invoices', label: 'Invoices', icon: IconFileInvoice },
  { to: '/users', label: 'Users', icon: IconUsers },
  { to: '/settings', label: 'Settings', icon: IconSettings },
  { to: '/backups', label: 'Backups', icon: IconDatabaseExport },
  { to: '/system', label: 'System', icon: IconServer },
];

export function AppLayout() {
  const [opened, { toggle, close }] = useDisclosure(false);
  const { isAdmin } = useSession();
  const settings = useSettingsQuery();
  const location = useLocation();

  const isActive = (to: string) =>
    to === '/' ? location.pathname === '/' : location.pathname.startsWith(to);
  const renderNav = (items: NavItem[]) =>
    items.map((item) => (
      <NavLink
        key={item.to}
        component={Link}
        to={item.to}
        label={item.label}
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
              aria-label="Toggle navigation"
            />
            <Text
              component={Link}
              to="/"
              fw={700}
              size="lg"
              style={{ textDecoration: 'none', color: 'inherit' }}
            >
              TimeTracker
            </Text>
          </Group>
          <Group gap="xs" wrap="nowrap">
            <ThemeToggle />
            <UserMenu />
          </Group>
        </Group>
      </AppShell.Header>

      <AppShell.Navbar p="xs" aria-label="Main navigation">
        <AppShell.Section grow component={ScrollArea}>
          {renderNav(MAIN_NAV)}
          {isAdmin && (
            <>
              <Text size="xs" c="dimmed" fw={600} tt="uppercase" px="sm" pt="md" pb={4}>
                Administration
              </Text>
              {renderNav(ADMIN_NAV)}
            </>
          )}
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
  const { setColorScheme } = useMantineColorScheme();
  const computed = useComputedColorScheme('light', { getInitialValueInEffect: true });
  const next = computed === 'dark' ? 'light' : 'dark';
  return (
    <Tooltip label={`Switch to ${next} theme`}>
      <ActionIcon
        variant="default"
        size="lg"
        onClick={() => setColorScheme(next)}
        aria-label={`Switch to ${next} theme`}
      >
        {computed === 'dark' ? <IconSun size={18} /> : <IconMoon size={18} />}
      </ActionIcon>
    </Tooltip>
  );
}

function UserMenu() {
  const user = useCurrentUser();
  const { signOut } = useSession();
  const navigate = useNavigate();
  return (
    <Menu position="bottom-end" withinPortal>
      <Menu.Target>
        <ActionIcon variant="default" size="lg" aria-label={`Account: ${user.username}`}>
          <IconUser size={18} />
        </ActionIcon>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>
          Signed in as {user.username} ({user.role})
        </Menu.Label>
        <Menu.Item component={Link} to="/account" leftSection={<IconUserCircle size={16} />}>
          My account
        </Menu.Item>
        <Menu.Item component={Link} to="/tokens" leftSection={<IconKey size={16} />}>
          API tokens
        </Menu.Item>
        <Menu.Item
          leftSection={<IconLogout size={16} />}
          onClick={() => {
            void signOut().then(() => navigate('/sign-in', { replace: true }));
          }}
        >
          Sign out
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}

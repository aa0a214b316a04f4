import { ActionIcon, Badge, Button, Card, Group, Table } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconPencil, IconPlus } from '@tabler/icons-react';
import type { UserResponse } from '@timetracker/contracts';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import { SearchInput, StatusFilter } from '@/components/list-toolbar';
import { RatesModal } from '@/components/rates-panel';
import { PageHeader } from '@/components/page-header';
import { EmptyState, QueryState } from '@/components/query-state';
import { SortHeader } from '@/components/sort-header';
import { useSearchState } from '@/hooks/use-search-state';
import { formatDateTime } from '@/lib/format';
import { useLocale } from '@/lib/settings';

import { ConfirmModal } from '@/components/confirm-modal';
import { describeError } from '@/lib/api-client';

import { useResetTwoFactor, useUsers } from '../api/users';
import { CreateUserModal, EditUserModal } from '../components/user-forms';
import { ListFooter } from '@/components/list-footer';

const PAGE_SIZE = 25;

export function UsersPage() {
  const { t } = useTranslation(['users', 'common', 'rates', 'twoFactor']);
  const { timezone } = useLocale();
  const search = useSearchState();
  const role = search.get('role') ?? 'all';
  const sort = search.get('sort') ?? 'username';
  const page = search.getNumber('page') ?? 1;
  const users = useUsers({
    search: search.get('q'),
    role: role === 'all' ? undefined : (role as 'admin' | 'manager' | 'accountant' | 'user'),
    sort,
    page,
    pageSize: PAGE_SIZE,
  });
  const [creating, setCreating] = useState(false);
  const [editing, setEditing] = useState<UserResponse | null>(null);
  // Only admins reach this page (users.manage), and only admins set rates (rates.change).
  const [ratesOf, setRatesOf] = useState<UserResponse | null>(null);
  const [resetting, setResetting] = useState<UserResponse | null>(null);
  const reset = useResetTwoFactor();

  return (
    <>
      <PageHeader
        title={t('title')}
        actions={
          <Button leftSection={<IconPlus size={16} />} onClick={() => setCreating(true)}>
            {t('newUser')}
          </Button>
        }
      />
      <Group mb="md" gap="sm" wrap="wrap">
        <SearchInput
          value={search.get('q') ?? ''}
          onChange={(q) => search.set({ q })}
          placeholder={t('username')}
        />
        <StatusFilter
          label={t('role')}
          value={role}
          onChange={(r) => search.set({ role: r === 'all' ? undefined : r })}
          options={[
            { value: 'all', label: t('common:all') },
            { value: 'admin', label: t('admins') },
            { value: 'manager', label: t('roles.manager') },
            { value: 'accountant', label: t('roles.accountant') },
            { value: 'user', label: t('users') },
          ]}
        />
      </Group>
      <Card withBorder padding={0}>
        <QueryState query={users}>
          {(data) =>
            data.items.length === 0 ? (
              <EmptyState>{t('noMatch')}</EmptyState>
            ) : (
              <>
                <Table.ScrollContainer minWidth={600} className="phone-cards">
                  <Table striped highlightOnHover aria-label={t('title')}>
                    <Table.Thead>
                      <Table.Tr>
                        <SortHeader field="username" sort={sort} onSort={(s) => search.set({ sort: s })}>
                          {t('username')}
                        </SortHeader>
                        <SortHeader field="role" sort={sort} onSort={(s) => search.set({ sort: s })}>
                          {t('role')}
                        </SortHeader>
                        <Table.Th>{t('common:status')}</Table.Th>
                        <SortHeader field="lastLogin" sort={sort} onSort={(s) => search.set({ sort: s })}>
                          {t('lastSignIn')}
                        </SortHeader>
                        <Table.Th>
                          <span className="visually-hidden">{t('common:actions')}</span>
                        </Table.Th>
                      </Table.Tr>
                    </Table.Thead>
                    <Table.Tbody>
                      {data.items.map((u) => (
                        <Table.Tr key={u.id}>
                          <Table.Td fw={500}>{u.username}</Table.Td>
                          <Table.Td data-label={t('role')}>
                            <Badge variant="light" color={u.role === 'admin' ? 'indigo' : 'gray'}>
                              {t(`roles.${u.role}`)}
                            </Badge>
                          </Table.Td>
                          <Table.Td data-label={t('common:status')}>
                            <Group gap={4}>
                              <Badge variant="dot" color={u.isActive ? 'teal' : 'gray'}>
                                {u.isActive ? t('common:active') : t('inactive')}
                              </Badge>
                              {!u.hasPassword && (
                                <Badge variant="light" color="yellow">
                                  {t('noPassword')}
                                </Badge>
                              )}
                              {u.twoFactorEnabled && (
                                <Badge variant="light" color="indigo">
                                  {t('twoFactor:column')}
                                </Badge>
                              )}
                            </Group>
                          </Table.Td>
                          <Table.Td data-label={t('lastSignIn')}>
                            {formatDateTime(u.lastLogin, timezone)}
                          </Table.Td>
                          <Table.Td>
                            <Group gap="xs" wrap="nowrap">
                              <Button
                                size="xs"
                                variant="light"
                                aria-label={t('rates:ratesOf', { name: u.username })}
                                onClick={() => setRatesOf(u)}
                              >
                                {t('rates:rates')}
                              </Button>
                              {u.twoFactorEnabled && (
                                <Button
                                  size="xs"
                                  variant="light"
                                  color="orange"
                                  onClick={() => setResetting(u)}
                                >
                                  {t('twoFactor:reset')}
                                </Button>
                              )}
                              <ActionIcon
                                variant="subtle"
                                aria-label={t('common:editName', { name: u.username })}
                                onClick={() => setEditing(u)}
                              >
                                <IconPencil size={16} />
                              </ActionIcon>
                            </Group>
                          </Table.Td>
                        </Table.Tr>
                      ))}
                    </Table.Tbody>
                  </Table>
                </Table.ScrollContainer>
                <ListFooter
                  total={data.total}
                  pageSize={PAGE_SIZE}
                  page={page}
                  onPage={(p) => search.set({ page: p })}
                  label={t('count', { count: data.total })}
                />
              </>
            )
          }
        </QueryState>
      </Card>
      <CreateUserModal opened={creating} onClose={() => setCreating(false)} />
      <ConfirmModal
        opened={resetting !== null}
        title={t('twoFactor:resetTitle', { username: resetting?.username ?? '' })}
        confirmLabel={t('twoFactor:reset')}
        loading={reset.isPending}
        onClose={() => setResetting(null)}
        onConfirm={() => {
          const user = resetting!;
          reset.mutate(user.id, {
            onSuccess: () => {
              setResetting(null);
              notifications.show({
                color: 'teal',
                message: t('twoFactor:resetDone', { username: user.username }),
              });
            },
            onError: (e) => notifications.show({ color: 'red', message: describeError(e) }),
          });
        }}
      >
        {t('twoFactor:resetBody')}
      </ConfirmModal>
      <EditUserModal user={editing} onClose={() => setEditing(null)} />
      {ratesOf && (
        <RatesModal
          opened
          owner={{ userId: ratesOf.id }}
          title={t('rates:ratesOf', { name: ratesOf.username })}
          onClose={() => setRatesOf(null)}
        />
      )}
    </>
  );
}

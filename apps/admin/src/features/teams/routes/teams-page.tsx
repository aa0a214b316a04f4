import {
  ActionIcon,
  Alert,
  Badge,
  Button,
  Card,
  Group,
  Menu,
  Modal,
  MultiSelect,
  Stack,
  Table,
  Text,
  TextInput,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconDots, IconPlus } from '@tabler/icons-react';
import type { TeamResponse } from '@timetracker/contracts';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import { ConfirmModal } from '@/components/confirm-modal';
import { ListFooter } from '@/components/list-footer';
import { PageHeader } from '@/components/page-header';
import { EmptyState, QueryState } from '@/components/query-state';
import { useSearchState } from '@/hooks/use-search-state';
import { describeError } from '@/lib/api-client';
import { useUserOptions } from '@/lib/lookups';
import { useSession } from '@/lib/session';

import { useCreateTeam, useDeleteTeam, useTeams, useUpdateTeam } from '../api/teams';

const PAGE_SIZE = 50;

type Dialog = { kind: 'edit'; team: TeamResponse | null } | { kind: 'delete'; team: TeamResponse } | null;

/** Teams and their leads: admins change them; accountants and managers read them (docs/roles.md). */
export function TeamsPage() {
  const { t } = useTranslation(['teams', 'common']);
  const { isAdmin } = useSession();
  const search = useSearchState();
  const page = search.getNumber('page') ?? 1;
  const teams = useTeams({ page, pageSize: PAGE_SIZE });
  const [dialog, setDialog] = useState<Dialog>(null);

  return (
    <>
      <PageHeader
        title={t('title')}
        description={isAdmin ? t('introAdmin') : t('introReader')}
        actions={
          isAdmin && (
            <Button
              leftSection={<IconPlus size={16} />}
              onClick={() => setDialog({ kind: 'edit', team: null })}
            >
              {t('newTeam')}
            </Button>
          )
        }
      />
      <Card withBorder padding={0}>
        <QueryState query={teams}>
          {(data) =>
            data.items.length === 0 ? (
              <EmptyState>{t('empty')}</EmptyState>
            ) : (
              <>
                <Table.ScrollContainer minWidth={560} className="phone-cards">
                  <Table striped highlightOnHover aria-label={t('table')}>
                    <Table.Thead>
                      <Table.Tr>
                        <Table.Th>{t('name')}</Table.Th>
                        <Table.Th>{t('leads')}</Table.Th>
                        <Table.Th>{t('members')}</Table.Th>
                        {isAdmin && (
                          <Table.Th>
                            <span className="visually-hidden">{t('common:actions')}</span>
                          </Table.Th>
                        )}
                      </Table.Tr>
                    </Table.Thead>
                    <Table.Tbody>
                      {data.items.map((team) => (
                        <Table.Tr key={team.id}>
                          <Table.Td fw={500}>{team.name}</Table.Td>
                          <Table.Td data-label={t('leads')}>
                            <Names names={team.members.filter((m) => m.isLead).map((m) => m.username)} />
                          </Table.Td>
                          <Table.Td data-label={t('members')}>
                            <Names names={team.members.filter((m) => !m.isLead).map((m) => m.username)} />
                          </Table.Td>
                          {isAdmin && (
                            <Table.Td>
                              <Menu position="bottom-end" withinPortal>
                                <Menu.Target>
                                  <ActionIcon
                                    variant="subtle"
                                    aria-label={t('actionsFor', { name: team.name })}
                                  >
                                    <IconDots size={18} />
                                  </ActionIcon>
                                </Menu.Target>
                                <Menu.Dropdown>
                                  <Menu.Item onClick={() => setDialog({ kind: 'edit', team })}>
                                    {t('edit')}
                                  </Menu.Item>
                                  <Menu.Item color="red" onClick={() => setDialog({ kind: 'delete', team })}>
                                    {t('delete')}
                                  </Menu.Item>
                                </Menu.Dropdown>
                              </Menu>
                            </Table.Td>
                          )}
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
      {dialog?.kind === 'edit' && <TeamFormModal team={dialog.team} onClose={() => setDialog(null)} />}
      {dialog?.kind === 'delete' && <DeleteTeam team={dialog.team} onClose={() => setDialog(null)} />}
    </>
  );
}

function Names({ names }: { names: string[] }) {
  if (names.length === 0) return <Text c="dimmed">—</Text>;
  return (
    <Group gap={4}>
      {names.map((n) => (
        <Badge key={n} variant="light" tt="none" radius="sm">
          {n}
        </Badge>
      ))}
    </Group>
  );
}

function TeamFormModal({ team, onClose }: { team: TeamResponse | null; onClose: () => void }) {
  const { t } = useTranslation(['teams', 'common']);
  const users = useUserOptions(true);
  const [name, setName] = useState(team?.name ?? '');
  const [leads, setLeads] = useState<string[]>(
    team?.members.filter((m) => m.isLead).map((m) => String(m.userId)) ?? [],
  );
  const [members, setMembers] = useState<string[]>(
    team?.members.filter((m) => !m.isLead).map((m) => String(m.userId)) ?? [],
  );
  const create = useCreateTeam();
  const update = useUpdateTeam();
  const [error, setError] = useState<string | null>(null);
  const userData = (users.data ?? []).map((u) => ({ value: String(u.id), label: u.username }));

  const save = () => {
    const trimmed = name.trim();
    if (!trimmed) return setError(t('nameRequired'));
    // A lead is a member too: someone picked in both lists counts once, as a lead.
    const body = {
      name: trimmed,
      members: [
        ...leads.map((id) => ({ userId: Number(id), isLead: true })),
        ...members.filter((id) => !leads.includes(id)).map((id) => ({ userId: Number(id), isLead: false })),
      ],
    };
    const done = { onSuccess: onClose, onError: (e: unknown) => setError(describeError(e)) };
    if (team) update.mutate({ id: team.id, body }, done);
    else create.mutate(body, done);
  };

  return (
    <Modal opened onClose={onClose} title={team ? t('editTitle', { name: team.name }) : t('newTeam')}>
      <Stack>
        {error && (
          <Alert color="red" role="alert">
            {error}
          </Alert>
        )}
        <TextInput
          label={t('name')}
          value={name}
          onChange={(e) => setName(e.currentTarget.value)}
          maxLength={100}
          data-autofocus
        />
        <MultiSelect
          label={t('leads')}
          description={t('leadsHint')}
          placeholder={users.isPending ? t('loadingUsers') : undefined}
          data={userData}
          value={leads}
          onChange={(v) => {
            setLeads(v);
            setMembers((m) => m.filter((id) => !v.includes(id)));
          }}
          searchable
          comboboxProps={{ withinPortal: true }}
        />
        <MultiSelect
          label={t('members')}
          placeholder={users.isPending ? t('loadingUsers') : undefined}
          data={userData.filter((u) => !leads.includes(u.value))}
          value={members}
          onChange={setMembers}
          searchable
          comboboxProps={{ withinPortal: true }}
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('common:cancel')}
          </Button>
          <Button onClick={save} loading={create.isPending || update.isPending}>
            {team ? t('save') : t('create')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

function DeleteTeam({ team, onClose }: { team: TeamResponse; onClose: () => void }) {
  const { t } = useTranslation('teams');
  const remove = useDeleteTeam();
  return (
    <ConfirmModal
      opened
      title={t('deleteTitle', { name: team.name })}
      confirmLabel={t('delete')}
      loading={remove.isPending}
      onClose={onClose}
      onConfirm={() =>
        remove.mutate(team.id, {
          onSuccess: () => {
            notifications.show({ message: t('deleted', { name: team.name }) });
            onClose();
          },
          onError: (e) =>
            notifications.show({ color: 'red', title: t('notDeleted'), message: describeError(e) }),
        })
      }
    >
      {t('deleteText')}
    </ConfirmModal>
  );
}

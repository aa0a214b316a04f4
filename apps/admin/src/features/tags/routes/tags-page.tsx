import {
  ActionIcon,
  Alert,
  Badge,
  Button,
  Card,
  ColorInput,
  Group,
  Menu,
  Modal,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconDots, IconPlus } from '@tabler/icons-react';
import type { TagResponse } from '@timetracker/contracts';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import { ConfirmModal } from '@/components/confirm-modal';
import { ListFooter } from '@/components/list-footer';
import { SearchInput, StatusFilter } from '@/components/list-toolbar';
import { PageHeader } from '@/components/page-header';
import { EmptyState, QueryState } from '@/components/query-state';
import { useSearchState } from '@/hooks/use-search-state';
import { describeError } from '@/lib/api-client';
import { formatNumber } from '@/lib/format';
import { useTagOptions } from '@/lib/lookups';
import { useSession } from '@/lib/session';
import { useSettingsQuery } from '@/lib/settings';

import { useCreateTag, useDeleteTag, useMergeTag, useTags, useUpdateTag } from '../api/tags';

const PAGE_SIZE = 50;
const SWATCHES = ['#1c7ed6', '#0ca678', '#f59f00', '#e03131', '#ae3ec9', '#4263eb', '#e8590c', '#868e96'];

type Dialog =
  | { kind: 'edit'; tag: TagResponse | null }
  | { kind: 'merge'; tag: TagResponse }
  | { kind: 'delete'; tag: TagResponse }
  | null;

export function TagsPage() {
  const { t } = useTranslation(['tags', 'common']);
  const { isAdmin } = useSession();
  const settings = useSettingsQuery();
  const search = useSearchState();
  const status = search.get('status') ?? 'usable';
  const page = search.getNumber('page') ?? 1;
  const tags = useTags({
    search: search.get('q'),
    archived: status === 'all' ? undefined : status === 'archived',
    page,
    pageSize: PAGE_SIZE,
  });
  const update = useUpdateTag();
  const [dialog, setDialog] = useState<Dialog>(null);
  const mayCreate = isAdmin || settings.data?.tagCreation !== 'admins';

  const setArchived = (tag: TagResponse, archived: boolean) =>
    update.mutate(
      { id: tag.id, body: { archived } },
      {
        onSuccess: () =>
          notifications.show({
            message: archived ? t('archivedName', { name: tag.name }) : t('usableAgain', { name: tag.name }),
          }),
        onError: (e) =>
          notifications.show({ color: 'red', title: t('notChanged'), message: describeError(e) }),
      },
    );

  return (
    <>
      <PageHeader
        title={t('title')}
        description={isAdmin ? t('introAdmin') : t('introMember')}
        actions={
          mayCreate && (
            <Button
              leftSection={<IconPlus size={16} />}
              onClick={() => setDialog({ kind: 'edit', tag: null })}
            >
              {t('newTag')}
            </Button>
          )
        }
      />
      <Group mb="md" gap="sm" wrap="wrap">
        <SearchInput
          value={search.get('q') ?? ''}
          onChange={(q) => search.set({ q })}
          placeholder={t('searchPlaceholder')}
        />
        <StatusFilter
          value={status}
          onChange={(s) => search.set({ status: s === 'usable' ? undefined : s })}
          options={[
            { value: 'usable', label: t('inUse') },
            { value: 'archived', label: t('common:archived') },
            { value: 'all', label: t('common:all') },
          ]}
        />
      </Group>
      <Card withBorder padding={0}>
        <QueryState query={tags}>
          {(data) =>
            data.items.length === 0 ? (
              <EmptyState>{search.get('q') || status !== 'usable' ? t('noMatch') : t('empty')}</EmptyState>
            ) : (
              <>
                <Table.ScrollContainer minWidth={520} className="phone-cards">
                  <Table striped highlightOnHover aria-label={t('table')}>
                    <Table.Thead>
                      <Table.Tr>
                        <Table.Th>{t('tag')}</Table.Th>
                        <Table.Th>{t('entries')}</Table.Th>
                        <Table.Th>{t('common:status')}</Table.Th>
                        {isAdmin && (
                          <Table.Th>
                            <span className="visually-hidden">{t('common:actions')}</span>
                          </Table.Th>
                        )}
                      </Table.Tr>
                    </Table.Thead>
                    <Table.Tbody>
                      {data.items.map((tag) => (
                        <Table.Tr key={tag.id}>
                          <Table.Td data-label={t('tag')}>
                            <Badge
                              variant="light"
                              color={tag.colour ?? 'gray'}
                              tt="none"
                              size="lg"
                              radius="sm"
                            >
                              {tag.name}
                            </Badge>
                          </Table.Td>
                          <Table.Td data-label={t('entries')}>{formatNumber(tag.entries)}</Table.Td>
                          <Table.Td data-label={t('common:status')}>
                            <Badge variant="outline" color={tag.archived ? 'gray' : 'teal'}>
                              {tag.archived ? t('common:archived') : t('inUse')}
                            </Badge>
                          </Table.Td>
                          {isAdmin && (
                            <Table.Td>
                              <Menu position="bottom-end" withinPortal>
                                <Menu.Target>
                                  <ActionIcon
                                    variant="subtle"
                                    aria-label={t('actionsFor', { name: tag.name })}
                                  >
                                    <IconDots size={18} />
                                  </ActionIcon>
                                </Menu.Target>
                                <Menu.Dropdown>
                                  <Menu.Item onClick={() => setDialog({ kind: 'edit', tag })}>
                                    {t('renameOrColour')}
                                  </Menu.Item>
                                  <Menu.Item onClick={() => setDialog({ kind: 'merge', tag })}>
                                    {t('mergeIntoAnother')}
                                  </Menu.Item>
                                  <Menu.Item onClick={() => setArchived(tag, !tag.archived)}>
                                    {tag.archived ? t('useAgain') : t('common:archive')}
                                  </Menu.Item>
                                  {tag.entries === 0 && (
                                    <Menu.Item color="red" onClick={() => setDialog({ kind: 'delete', tag })}>
                                      {t('delete')}
                                    </Menu.Item>
                                  )}
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
      {dialog?.kind === 'edit' && <TagFormModal tag={dialog.tag} onClose={() => setDialog(null)} />}
      {dialog?.kind === 'merge' && <MergeModal tag={dialog.tag} onClose={() => setDialog(null)} />}
      {dialog?.kind === 'delete' && <DeleteTag tag={dialog.tag} onClose={() => setDialog(null)} />}
    </>
  );
}

function TagFormModal({ tag, onClose }: { tag: TagResponse | null; onClose: () => void }) {
  const { t } = useTranslation(['tags', 'common']);
  const { isAdmin } = useSession();
  const [name, setName] = useState(tag?.name ?? '');
  const [colour, setColour] = useState(tag?.colour ?? '');
  const create = useCreateTag();
  const update = useUpdateTag();
  const [error, setError] = useState<string | null>(null);
  const pending = create.isPending || update.isPending;
  const save = () => {
    const body = { name: name.trim(), colour: colour || null };
    if (!body.name) return setError(t('nameRequired'));
    if (body.name.includes(',')) return setError(t('noComma'));
    const done = {
      onSuccess: onClose,
      onError: (e: unknown) => setError(describeError(e)),
    };
    if (tag) update.mutate({ id: tag.id, body }, done);
    else create.mutate(body, done);
  };
  return (
    <Modal opened onClose={onClose} title={tag ? t('editTitle', { name: tag.name }) : t('newTag')}>
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
          maxLength={50}
          description={tag ? t('renameHint', { count: tag.entries }) : undefined}
          data-autofocus
        />
        {(isAdmin || !tag) && (
          <ColorInput
            label={t('colour')}
            placeholder={t('grey')}
            value={colour}
            onChange={setColour}
            format="hex"
            swatches={SWATCHES}
            withEyeDropper={false}
          />
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('common:cancel')}
          </Button>
          <Button onClick={save} loading={pending}>
            {t('save')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

function MergeModal({ tag, onClose }: { tag: TagResponse; onClose: () => void }) {
  const { t } = useTranslation(['tags', 'common']);
  const options = useTagOptions();
  const merge = useMergeTag();
  const [into, setInto] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const target = options.data?.find((o) => String(o.id) === into);
  return (
    <Modal opened onClose={onClose} title={t('mergeTitle', { name: tag.name })}>
      <Stack>
        <Text size="sm">{t('mergeText', { count: tag.entries, name: tag.name })}</Text>
        {error && (
          <Alert color="red" role="alert">
            {error}
          </Alert>
        )}
        <Select
          label={t('mergeInto')}
          placeholder={t('mergePlaceholder')}
          searchable
          data={(options.data ?? [])
            .filter((o) => o.id !== tag.id)
            .map((o) => ({ value: String(o.id), label: o.name }))}
          value={into}
          onChange={setInto}
          comboboxProps={{ withinPortal: true }}
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('common:cancel')}
          </Button>
          <Button
            color="red"
            disabled={!target}
            loading={merge.isPending}
            onClick={() =>
              target &&
              merge.mutate(
                { id: tag.id, into: target.id },
                {
                  onSuccess: (r) => {
                    notifications.show({
                      message: t('merged', {
                        name: tag.name,
                        into: r.tag.name,
                        count: r.moved + r.alreadyTagged,
                      }),
                    });
                    onClose();
                  },
                  onError: (e) => setError(describeError(e)),
                },
              )
            }
          >
            {target ? t('mergeIntoName', { name: target.name }) : t('merge')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

function DeleteTag({ tag, onClose }: { tag: TagResponse; onClose: () => void }) {
  const { t } = useTranslation('tags');
  const remove = useDeleteTag();
  return (
    <ConfirmModal
      opened
      title={t('deleteTitle', { name: tag.name })}
      confirmLabel={t('delete')}
      loading={remove.isPending}
      onClose={onClose}
      onConfirm={() =>
        remove.mutate(tag.id, {
          onSuccess: onClose,
          onError: (e) =>
            notifications.show({ color: 'red', title: t('notDeleted'), message: describeError(e) }),
        })
      }
    >
      {t('noEntries')}
    </ConfirmModal>
  );
}

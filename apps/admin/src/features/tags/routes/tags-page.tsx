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

import { ConfirmModal } from '@/components/confirm-modal';
import { ListFooter } from '@/components/list-footer';
import { SearchInput, StatusFilter } from '@/components/list-toolbar';
import { PageHeader } from '@/components/page-header';
import { EmptyState, QueryState } from '@/components/query-state';
import { useSearchState } from '@/hooks/use-search-state';
import { describeError } from '@/lib/api-client';
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
            message: archived ? `“${tag.name}” archived` : `“${tag.name}” can be used again`,
          }),
        onError: (e) => notifications.show({ color: 'red', title: 'Not changed', message: describeError(e) }),
      },
    );

  return (
    <>
      <PageHeader
        title="Tags"
        description={
          isAdmin
            ? 'Rename, colour, merge or archive the tags everyone puts on their time.'
            : 'The tags everyone puts on their time. Admins rename, merge and archive them.'
        }
        actions={
          mayCreate && (
            <Button
              leftSection={<IconPlus size={16} />}
              onClick={() => setDialog({ kind: 'edit', tag: null })}
            >
              New tag
            </Button>
          )
        }
      />
      <Group mb="md" gap="sm" wrap="wrap">
        <SearchInput
          value={search.get('q') ?? ''}
          onChange={(q) => search.set({ q })}
          placeholder="Tag name"
        />
        <StatusFilter
          value={status}
          onChange={(s) => search.set({ status: s === 'usable' ? undefined : s })}
          options={[
            { value: 'usable', label: 'In use' },
            { value: 'archived', label: 'Archived' },
            { value: 'all', label: 'All' },
          ]}
        />
      </Group>
      <Card withBorder padding={0}>
        <QueryState query={tags}>
          {(data) =>
            data.items.length === 0 ? (
              <EmptyState>
                {search.get('q') || status !== 'usable'
                  ? 'No tags match.'
                  : 'No tags yet. Add one here, or type a new tag on a time entry.'}
              </EmptyState>
            ) : (
              <>
                <Table.ScrollContainer minWidth={520} className="phone-cards">
                  <Table striped highlightOnHover aria-label="Tags">
                    <Table.Thead>
                      <Table.Tr>
                        <Table.Th>Tag</Table.Th>
                        <Table.Th>Entries</Table.Th>
                        <Table.Th>Status</Table.Th>
                        {isAdmin && (
                          <Table.Th>
                            <span className="visually-hidden">Actions</span>
                          </Table.Th>
                        )}
                      </Table.Tr>
                    </Table.Thead>
                    <Table.Tbody>
                      {data.items.map((t) => (
                        <Table.Tr key={t.id}>
                          <Table.Td data-label="Tag">
                            <Badge variant="light" color={t.colour ?? 'gray'} tt="none" size="lg" radius="sm">
                              {t.name}
                            </Badge>
                          </Table.Td>
                          <Table.Td data-label="Entries">{t.entries}</Table.Td>
                          <Table.Td data-label="Status">
                            <Badge variant="outline" color={t.archived ? 'gray' : 'teal'}>
                              {t.archived ? 'Archived' : 'In use'}
                            </Badge>
                          </Table.Td>
                          {isAdmin && (
                            <Table.Td>
                              <Menu position="bottom-end" withinPortal>
                                <Menu.Target>
                                  <ActionIcon variant="subtle" aria-label={`Actions for ${t.name}`}>
                                    <IconDots size={18} />
                                  </ActionIcon>
                                </Menu.Target>
                                <Menu.Dropdown>
                                  <Menu.Item onClick={() => setDialog({ kind: 'edit', tag: t })}>
                                    Rename or colour
                                  </Menu.Item>
                                  <Menu.Item onClick={() => setDialog({ kind: 'merge', tag: t })}>
                                    Merge into another tag
                                  </Menu.Item>
                                  <Menu.Item onClick={() => setArchived(t, !t.archived)}>
                                    {t.archived ? 'Use again' : 'Archive'}
                                  </Menu.Item>
                                  {t.entries === 0 && (
                                    <Menu.Item
                                      color="red"
                                      onClick={() => setDialog({ kind: 'delete', tag: t })}
                                    >
                                      Delete
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
                  noun={['tag', 'tags']}
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
  const { isAdmin } = useSession();
  const [name, setName] = useState(tag?.name ?? '');
  const [colour, setColour] = useState(tag?.colour ?? '');
  const create = useCreateTag();
  const update = useUpdateTag();
  const [error, setError] = useState<string | null>(null);
  const pending = create.isPending || update.isPending;
  const save = () => {
    const body = { name: name.trim(), colour: colour || null };
    if (!body.name) return setError('Give the tag a name');
    if (body.name.includes(',')) return setError('A tag name can’t contain a comma');
    const done = {
      onSuccess: onClose,
      onError: (e: unknown) => setError(describeError(e)),
    };
    if (tag) update.mutate({ id: tag.id, body }, done);
    else create.mutate(body, done);
  };
  return (
    <Modal opened onClose={onClose} title={tag ? `Edit “${tag.name}”` : 'New tag'}>
      <Stack>
        {error && (
          <Alert color="red" role="alert">
            {error}
          </Alert>
        )}
        <TextInput
          label="Name"
          value={name}
          onChange={(e) => setName(e.currentTarget.value)}
          maxLength={50}
          description={tag ? `Every entry with this tag (${tag.entries}) shows the new name.` : undefined}
          data-autofocus
        />
        {(isAdmin || !tag) && (
          <ColorInput
            label="Colour"
            placeholder="Grey"
            value={colour}
            onChange={setColour}
            format="hex"
            swatches={SWATCHES}
            withEyeDropper={false}
          />
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button onClick={save} loading={pending}>
            Save
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

function MergeModal({ tag, onClose }: { tag: TagResponse; onClose: () => void }) {
  const options = useTagOptions();
  const merge = useMergeTag();
  const [into, setInto] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const target = options.data?.find((t) => String(t.id) === into);
  return (
    <Modal opened onClose={onClose} title={`Merge “${tag.name}”`}>
      <Stack>
        <Text size="sm">
          The {tag.entries === 1 ? 'entry' : `${tag.entries} entries`} tagged “{tag.name}” get the tag you
          choose instead (an entry that has both keeps it once), then “{tag.name}” is deleted.
        </Text>
        {error && (
          <Alert color="red" role="alert">
            {error}
          </Alert>
        )}
        <Select
          label="Merge into"
          placeholder="Pick the tag to keep"
          searchable
          data={(options.data ?? [])
            .filter((t) => t.id !== tag.id)
            .map((t) => ({ value: String(t.id), label: t.name }))}
          value={into}
          onChange={setInto}
          comboboxProps={{ withinPortal: true }}
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
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
                      message: `“${tag.name}” merged into “${r.tag.name}” (${entries(r.moved + r.alreadyTagged)})`,
                    });
                    onClose();
                  },
                  onError: (e) => setError(describeError(e)),
                },
              )
            }
          >
            {target ? `Merge into “${target.name}”` : 'Merge'}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

const entries = (n: number) => (n === 1 ? '1 entry' : `${n} entries`);

function DeleteTag({ tag, onClose }: { tag: TagResponse; onClose: () => void }) {
  const remove = useDeleteTag();
  return (
    <ConfirmModal
      opened
      title={`Delete “${tag.name}”?`}
      confirmLabel="Delete"
      loading={remove.isPending}
      onClose={onClose}
      onConfirm={() =>
        remove.mutate(tag.id, {
          onSuccess: onClose,
          onError: (e) =>
            notifications.show({ color: 'red', title: 'Not deleted', message: describeError(e) }),
        })
      }
    >
      No entry has this tag.
    </ConfirmModal>
  );
}

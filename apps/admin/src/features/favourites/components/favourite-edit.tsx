import { Alert, Button, Group, Modal, Stack, TextInput } from '@mantine/core';
import type { FavouriteResponse } from '@timetracker/contracts';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import { TagPicker } from '@/components/tags';
import { describeError } from '@/lib/api-client';

import { useUpdateFavourite } from '../api/favourites';

/**
 * Changes a favourite's notes and tags. Tags are names until Save: a new one becomes a tag in
 * the same request, so a save that fails (an archived tag, only admins may add tags) adds none.
 */
export function FavouriteEditModal({
  favourite,
  onClose,
}: {
  favourite: FavouriteResponse | null;
  onClose: () => void;
}) {
  const { t } = useTranslation('favouriteEdit');
  return (
    <Modal opened={favourite !== null} onClose={onClose} title={t('title')}>
      {favourite && <EditForm key={favourite.id} favourite={favourite} onClose={onClose} />}
    </Modal>
  );
}

function EditForm({ favourite, onClose }: { favourite: FavouriteResponse; onClose: () => void }) {
  const { t } = useTranslation(['favouriteEdit', 'common']);
  const update = useUpdateFavourite();
  const [notes, setNotes] = useState(favourite.notes ?? '');
  const [tags, setTags] = useState(favourite.tags);
  const save = () =>
    update.mutate({ id: favourite.id, body: { notes: notes.trim() || null, tags } }, { onSuccess: onClose });
  return (
    <Stack gap="sm">
      {update.error && (
        <Alert color="red" title={t('notSaved')}>
          {describeError(update.error)}
        </Alert>
      )}
      <TextInput label={t('notes')} value={notes} onChange={(e) => setNotes(e.currentTarget.value)} />
      <TagPicker value={tags} onChange={setTags} />
      <Group justify="flex-end" gap="xs">
        <Button variant="default" onClick={onClose}>
          {t('common:cancel')}
        </Button>
        <Button onClick={save} loading={update.isPending}>
          {t('save')}
        </Button>
      </Group>
    </Stack>
  );
}

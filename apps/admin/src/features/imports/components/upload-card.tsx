import { Alert, Box, Button, Card, FileButton, Group, Stack, Text } from '@mantine/core';
import { IconUpload } from '@tabler/icons-react';
import type { ImportResponse } from '@timetracker/contracts';
import { useState, type DragEvent } from 'react';
import { useTranslation } from 'react-i18next';

import { ApiError, describeError } from '@/lib/api-client';
import { formatBytes } from '@/lib/format';

import { useUploadImport } from '../api/imports';

/** Drop a CSV here or pick one; it is uploaded at once and the import opens. */
export function UploadCard({
  maxBytes,
  onUploaded,
}: {
  maxBytes: number | null;
  onUploaded: (created: ImportResponse) => void;
}) {
  const { t } = useTranslation(['imports', 'common']);
  const upload = useUploadImport();
  const [dragging, setDragging] = useState(false);
  const [tooLarge, setTooLarge] = useState<string | null>(null);

  const send = (file: File | null) => {
    if (!file) return;
    setTooLarge(null);
    // Checked here too, so a person does not wait for 50 MB to travel to hear it is too much.
    if (maxBytes !== null && file.size > maxBytes) {
      setTooLarge(t('tooLarge', { size: formatBytes(file.size), max: formatBytes(maxBytes) }));
      return;
    }
    upload.mutate({ file }, { onSuccess: onUploaded });
  };
  const onDrop = (event: DragEvent) => {
    event.preventDefault();
    setDragging(false);
    send(event.dataTransfer.files[0] ?? null);
  };
  const error =
    tooLarge ??
    (upload.error
      ? upload.error instanceof ApiError && upload.error.status === 413
        ? t('tooLargeServer', { max: maxBytes === null ? '—' : formatBytes(maxBytes) })
        : describeError(upload.error)
      : null);

  return (
    <Card withBorder padding="md" component="section" aria-labelledby="import-upload">
      <Text fw={600} id="import-upload" mb="sm">
        {t('uploadTitle')}
      </Text>
      <Box
        data-testid="import-dropzone"
        onDragOver={(e) => {
          e.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={onDrop}
        p="lg"
        style={{
          border: `2px dashed var(--mantine-color-${dragging ? 'blue-6' : 'default-border'})`,
          borderRadius: 'var(--mantine-radius-md)',
          textAlign: 'center',
        }}
      >
        <Stack gap="xs" align="center">
          <IconUpload size={28} stroke={1.5} aria-hidden />
          <Text size="sm">{t('dropHere')}</Text>
          <FileButton onChange={send} accept=".csv,text/csv,text/plain">
            {(props) => (
              <Button {...props} loading={upload.isPending} variant="light">
                {t('chooseFile')}
              </Button>
            )}
          </FileButton>
          <Text size="xs" c="dimmed">
            {t('formatsHint', { max: maxBytes === null ? '—' : formatBytes(maxBytes) })}
          </Text>
        </Stack>
      </Box>
      {error && (
        <Alert color="red" mt="sm" role="alert" title={t('uploadFailed')}>
          {error}
        </Alert>
      )}
      {upload.isPending && (
        <Group mt="xs">
          <Text size="sm" c="dimmed" role="status">
            {t('uploading')}
          </Text>
        </Group>
      )}
    </Card>
  );
}

import { Alert, Button, Card, FileInput, Group, Image, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconPhoto } from '@tabler/icons-react';
import type { SettingsResponse } from '@timetracker/contracts';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';

import { describeError } from '@/lib/api-client';

import { useDeleteLogo, useUploadLogo } from '../api/settings';

const MAX_BYTES = 2 * 1024 * 1024; // the API's limit

export function LogoUpload({ settings }: { settings: SettingsResponse }) {
  const { t } = useTranslation('settings');
  const upload = useUploadLogo();
  const remove = useDeleteLogo();
  const [file, setFile] = useState<File | null>(null);
  const [preview, setPreview] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (!file) return setPreview(null);
    const url = URL.createObjectURL(file);
    setPreview(url);
    return () => URL.revokeObjectURL(url);
  }, [file]);

  // The logo keeps its address; the update time makes the browser fetch the new one.
  const current = settings.logoUrl ? `${settings.logoUrl}?v=${encodeURIComponent(settings.updatedAt)}` : null;
  const shown = preview ?? current;

  return (
    <Card withBorder padding="lg" component="section" aria-labelledby="settings-logo">
      <Title order={2} size="h4" id="settings-logo" mb="sm">
        {t('logo.title')}
      </Title>
      <Group align="flex-start" gap="lg" wrap="wrap">
        <Card withBorder w={180} h={120} p="xs" style={{ display: 'grid', placeItems: 'center' }}>
          {shown ? (
            <Image
              src={shown}
              alt={preview ? t('logo.preview') : t('logo.current')}
              fit="contain"
              mah={100}
              maw={160}
            />
          ) : (
            <Stack align="center" gap={2}>
              <IconPhoto size={28} aria-hidden />
              <Text size="xs" c="dimmed">
                {t('logo.none')}
              </Text>
            </Stack>
          )}
        </Card>
        <Stack gap="xs" style={{ flex: '1 1 16rem' }}>
          {error && (
            <Alert color="red" role="alert">
              {error}
            </Alert>
          )}
          <FileInput
            label={t('logo.image')}
            description={t('logo.hint')}
            accept="image/png,image/jpeg,image/webp,image/svg+xml"
            clearable
            value={file}
            onChange={(f) => {
              setError(f && f.size > MAX_BYTES ? t('logo.tooLarge') : null);
              setFile(f);
            }}
          />
          <Group gap="xs">
            <Button
              disabled={!file || (file?.size ?? 0) > MAX_BYTES}
              loading={upload.isPending}
              onClick={() =>
                file &&
                upload.mutate(file, {
                  onSuccess: () => {
                    setFile(null);
                    notifications.show({ color: 'teal', message: t('logo.uploaded') });
                  },
                  onError: (e) => setError(describeError(e)),
                })
              }
            >
              {t('logo.upload')}
            </Button>
            {settings.logoUrl && (
              <Button
                variant="subtle"
                color="red"
                loading={remove.isPending}
                onClick={() => remove.mutate(undefined, { onError: (e) => setError(describeError(e)) })}
              >
                {t('logo.remove')}
              </Button>
            )}
          </Group>
        </Stack>
      </Group>
    </Card>
  );
}

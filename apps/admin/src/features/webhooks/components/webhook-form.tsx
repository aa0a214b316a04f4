import { Alert, Button, Checkbox, SimpleGrid, Stack, TextInput } from '@mantine/core';
import { useForm } from '@mantine/form';
import {
  WEBHOOK_EVENT_TYPES,
  WebhookCreateSchema,
  type WebhookCreatedResponse,
  type WebhookEventType,
} from '@timetracker/contracts';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import type en from '@/i18n/locales/en.json';
import { applySubmitError, schemaErrors } from '@/lib/form';

import { useCreateWebhook } from '../api/webhooks';

/** The key of an event type's label: i18next reads dots as nesting. */
export const eventKey = (type: WebhookEventType) => `events.${type.replace('.', '_') as EventLabel}` as const;

type EventLabel = `${string}_${string}` & keyof typeof en.webhooks.events;

/** URL, description and the events to send; the answer (with its secret) goes to `onCreated`. */
export function WebhookForm({ onCreated }: { onCreated: (created: WebhookCreatedResponse) => void }) {
  const { t } = useTranslation(['webhooks', 'common']);
  const create = useCreateWebhook();
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm({
    initialValues: { url: '', description: '', events: [] as string[] },
    validate: (values) => schemaErrors(WebhookCreateSchema, values),
  });

  const submit = form.onSubmit((values) => {
    setFormError(null);
    create.mutate(values as never, {
      onSuccess: (created) => {
        onCreated(created);
        form.reset();
      },
      onError: (error) =>
        setFormError(
          applySubmitError(error, { setErrors: form.setErrors, fields: ['url', 'description', 'events'] }),
        ),
    });
  });

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="sm">
        {formError && (
          <Alert color="red" role="alert">
            {formError}
          </Alert>
        )}
        <TextInput
          label={t('url')}
          placeholder="https://hooks.example.com/timetracker"
          withAsterisk
          type="url"
          {...form.getInputProps('url')}
        />
        <TextInput label={t('descriptionLabel')} {...form.getInputProps('description')} />
        <Checkbox.Group label={t('eventsLabel')} withAsterisk {...form.getInputProps('events')}>
          <SimpleGrid cols={{ base: 1, sm: 2, md: 3 }} spacing="xs" mt="xs">
            {WEBHOOK_EVENT_TYPES.map((type) => (
              <Checkbox key={type} value={type} label={t(eventKey(type))} />
            ))}
          </SimpleGrid>
        </Checkbox.Group>
        <Button type="submit" loading={create.isPending} style={{ alignSelf: 'flex-start' }}>
          {t('create')}
        </Button>
      </Stack>
    </form>
  );
}

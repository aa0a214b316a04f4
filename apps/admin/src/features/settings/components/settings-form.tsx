import {
  Alert,
  Button,
  Card,
  Group,
  NumberInput,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  Switch,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { TimePicker } from '@mantine/dates';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import {
  EXPORT_DELIMITERS,
  ROUNDING_MINUTES,
  ROUNDING_MODES,
  type SettingsResponse,
  type SettingsUpdate,
  SettingsUpdateSchema,
  MAX_ENTRY_DURATION_BOUNDS,
} from '@timetracker/contracts';
import { type ReactNode, useMemo, useState } from 'react';

import { applySubmitError, clockProps, schemaErrors } from '@/lib/form';

import { useUpdateSettings } from '../api/settings';

type Values = Omit<SettingsResponse, 'companyLogoFilename' | 'logoUrl' | 'updatedAt'>;
const FIELDS = [
  'timezone',
  'currency',
  'roundingMinutes',
  'roundingMode',
  'singleActiveTimer',
  'overlapPolicy',
  'tagCreation',
  'allowSelfRegister',
  'idleTimeoutMinutes',
  'maxEntryDurationSeconds',
  'backupRetentionDays',
  'backupTime',
  'exportDelimiter',
  'allowAnalytics',
  'companyName',
  'companyAddress',
  'companyEmail',
  'companyPhone',
  'companyWebsite',
  'companyTaxId',
  'companyBankInfo',
  'invoicePrefix',
  'invoiceStartNumber',
  'invoiceTerms',
  'invoiceNotes',
] as const satisfies readonly (keyof Values)[];

const DELIMITER_LABELS: Record<string, string> = {
  ',': 'Comma (,)',
  ';': 'Semicolon (;)',
  '|': 'Pipe (|)',
  '\t': 'Tab',
};

/** The tax id and bank details come only to admins (this page's readers); '' keeps inputs controlled. */
function pick(settings: SettingsResponse): Values {
  return Object.fromEntries(FIELDS.map((f) => [f, settings[f] ?? ''])) as Values;
}

/** Only what changed is sent: the API changes exactly the fields it receives. */
function changes(values: Values, initial: Values): SettingsUpdate {
  return Object.fromEntries(
    FIELDS.filter((f) => values[f] !== initial[f]).map((f) => [f, values[f]]),
  ) as SettingsUpdate;
}

function Section({
  title,
  description,
  children,
}: {
  title: string;
  description?: string;
  children: ReactNode;
}) {
  const id = `settings-${title.toLowerCase().replaceAll(' ', '-')}`;
  return (
    <Card withBorder padding="lg" component="section" aria-labelledby={id}>
      <Title order={2} size="h4" id={id}>
        {title}
      </Title>
      {description && (
        <Text size="sm" c="dimmed" mb="sm">
          {description}
        </Text>
      )}
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md" mt="sm">
        {children}
      </SimpleGrid>
    </Card>
  );
}

export function SettingsForm({ settings }: { settings: SettingsResponse }) {
  const update = useUpdateSettings();
  const [initial, setInitial] = useState(() => pick(settings));
  const [formError, setFormError] = useState<string | null>(null);
  const timezones = useMemo(() => Intl.supportedValuesOf('timeZone').concat('UTC'), []);
  const currencies = useMemo(() => Intl.supportedValuesOf('currency'), []);
  const form = useForm<Values>({
    initialValues: initial,
    validate: (values) => {
      const diff = changes(values, initial);
      return Object.keys(diff).length === 0 ? {} : schemaErrors(SettingsUpdateSchema, diff);
    },
  });
  const dirty = Object.keys(changes(form.values, initial)).length > 0;

  const submit = form.onSubmit((values) => {
    setFormError(null);
    update.mutate(changes(values, initial), {
      onSuccess: (saved) => {
        const next = pick(saved);
        setInitial(next);
        form.setValues(next);
        form.resetDirty(next);
        notifications.show({ color: 'teal', message: 'Settings saved' });
      },
      onError: (error) =>
        setFormError(applySubmitError(error, { setErrors: form.setErrors, fields: FIELDS })),
    });
  });

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        {formError && (
          <Alert color="red" role="alert">
            {formError}
          </Alert>
        )}
        <Section title="Region" description="Day, week and month boundaries, and how money is shown.">
          <Select
            label="Time zone"
            searchable
            allowDeselect={false}
            data={timezones}
            {...form.getInputProps('timezone')}
          />
          <Select
            label="Currency"
            searchable
            allowDeselect={false}
            data={currencies}
            {...form.getInputProps('currency')}
          />
        </Section>
        <Section
          title="Time tracking"
          description="Changes apply to entries from now on; history is not rewritten."
        >
          <Select
            label="Round durations to"
            allowDeselect={false}
            data={ROUNDING_MINUTES.map((m) => ({
              value: String(m),
              label: m === 1 ? 'No rounding' : `${m} minutes`,
            }))}
            {...form.getInputProps('roundingMinutes')}
            value={String(form.values.roundingMinutes)}
            onChange={(v) => form.setFieldValue('roundingMinutes', Number(v))}
          />
          <div>
            <Text size="sm" fw={500} mb={4}>
              Rounding
            </Text>
            <SegmentedControl
              aria-label="Rounding mode"
              data={ROUNDING_MODES.map((m) => ({
                value: m,
                label: m === 'nearest' ? 'Nearest' : m === 'up' ? 'Up' : 'Down',
              }))}
              {...form.getInputProps('roundingMode')}
            />
          </div>
          <NumberInput
            label="Stop idle timers after (minutes)"
            description="0: never"
            min={0}
            max={1440}
            allowDecimal={false}
            {...form.getInputProps('idleTimeoutMinutes')}
          />
          <NumberInput
            label="Longest entry (hours)"
            description="Longer entries are refused when saved or stopped by hand"
            min={MAX_ENTRY_DURATION_BOUNDS.min / 3600}
            max={MAX_ENTRY_DURATION_BOUNDS.max / 3600}
            decimalScale={2}
            value={form.values.maxEntryDurationSeconds / 3600}
            onChange={(hours) =>
              form.setFieldValue('maxEntryDurationSeconds', Math.round(Number(hours) * 3600))
            }
            error={form.errors.maxEntryDurationSeconds}
          />
          <Switch
            mt="lg"
            label="One running timer per person"
            description="Starting a timer stops the running one"
            {...form.getInputProps('singleActiveTimer', { type: 'checkbox' })}
          />
          <Select
            label="Overlapping entries"
            description="When one person's entries overlap in time"
            allowDeselect={false}
            data={[
              { value: 'allow', label: 'Allow' },
              { value: 'warn', label: 'Warn (save, and say which entry)' },
              { value: 'refuse', label: 'Refuse' },
            ]}
            {...form.getInputProps('overlapPolicy')}
          />
          <Select
            label="New tags"
            description="Who may add a tag by typing a new name on an entry"
            allowDeselect={false}
            data={[
              { value: 'everyone', label: 'Everyone' },
              { value: 'admins', label: 'Only admins (others pick existing tags)' },
            ]}
            {...form.getInputProps('tagCreation')}
          />
        </Section>
        <Section title="Access and privacy">
          <Switch
            label="Anyone may sign up"
            {...form.getInputProps('allowSelfRegister', { type: 'checkbox' })}
          />
          <Switch
            label="Record usage counts"
            description="Kept on this server only; shown on the System page"
            {...form.getInputProps('allowAnalytics', { type: 'checkbox' })}
          />
        </Section>
        <Section title="Backups and export">
          <TimePicker
            label="Daily backup at"
            description="In the time zone above"
            {...clockProps(form.getInputProps('backupTime'))}
          />
          <NumberInput
            label="Keep backups for (days)"
            min={1}
            max={3650}
            allowDecimal={false}
            {...form.getInputProps('backupRetentionDays')}
          />
          <Select
            label="CSV delimiter"
            allowDeselect={false}
            data={EXPORT_DELIMITERS.map((d) => ({ value: d, label: DELIMITER_LABELS[d] ?? d }))}
            {...form.getInputProps('exportDelimiter')}
          />
        </Section>
        <Section title="Company" description="Printed on invoices.">
          <TextInput label="Name" withAsterisk {...form.getInputProps('companyName')} />
          <TextInput label="Email" type="email" {...form.getInputProps('companyEmail')} />
          <TextInput label="Phone" {...form.getInputProps('companyPhone')} />
          <TextInput label="Website" {...form.getInputProps('companyWebsite')} />
          <TextInput label="Tax id" {...form.getInputProps('companyTaxId')} />
          <Textarea label="Address" autosize minRows={2} {...form.getInputProps('companyAddress')} />
          <Textarea label="Bank details" autosize minRows={2} {...form.getInputProps('companyBankInfo')} />
        </Section>
        <Section title="Invoices">
          <TextInput
            label="Number prefix"
            description="Numbers are PREFIX-n"
            {...form.getInputProps('invoicePrefix')}
          />
          <NumberInput
            label="First number"
            min={1}
            allowDecimal={false}
            {...form.getInputProps('invoiceStartNumber')}
          />
          <Textarea label="Terms" autosize minRows={2} {...form.getInputProps('invoiceTerms')} />
          <Textarea label="Notes" autosize minRows={2} {...form.getInputProps('invoiceNotes')} />
        </Section>
        <Group
          justify="flex-end"
          pos="sticky"
          bottom={0}
          py="sm"
          // Above the inputs scrolling under it: a NumberInput's controls are positioned, and
          // without a stacking order of its own the bar was drawn beneath them.
          style={{
            zIndex: 'var(--mantine-z-index-app)',
            background: 'var(--mantine-color-body)',
            borderTop: '1px solid var(--mantine-color-default-border)',
          }}
        >
          <Button variant="default" disabled={!dirty} onClick={() => form.setValues(initial)}>
            Undo changes
          </Button>
          <Button type="submit" disabled={!dirty} loading={update.isPending}>
            Save settings
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

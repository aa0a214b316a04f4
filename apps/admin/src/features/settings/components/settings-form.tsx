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
import { useTranslation } from 'react-i18next';

import { applySubmitError, clockProps, schemaErrors } from '@/lib/form';

import { useUpdateSettings } from '../api/settings';
import { parseThresholds, thresholdsText } from './budget-thresholds';

// The budget thresholds are typed as text ("50, 80, 100") and sent as the list they make.
type Values = Omit<SettingsResponse, 'companyLogoFilename' | 'logoUrl' | 'updatedAt' | 'budgetThresholds'> & {
  budgetThresholds: string;
};
const FIELDS = [
  'timezone',
  'currency',
  'roundingMinutes',
  'roundingMode',
  'singleActiveTimer',
  'overlapPolicy',
  'tagCreation',
  'allowSelfRegister',
  'requireTwoFactor',
  'idleTimeoutMinutes',
  'maxEntryDurationSeconds',
  'backupRetentionDays',
  'backupTime',
  'exportDelimiter',
  'allowAnalytics',
  'ratesVisibleToAll',
  'calendarFeeds',
  'budgetThresholds',
  'budgetRefuseOver',
  'companyName',
  'companyAddress',
  'companyEmail',
  'emailFrom',
  'companyPhone',
  'companyWebsite',
  'companyTaxId',
  'companyBankInfo',
  'invoicePrefix',
  'invoiceStartNumber',
  'invoiceTerms',
  'invoiceNotes',
] as const satisfies readonly (keyof Values)[];

const DELIMITER_KEYS: Record<string, 'comma' | 'semicolon' | 'pipe' | 'tab'> = {
  ',': 'comma',
  ';': 'semicolon',
  '|': 'pipe',
  '\t': 'tab',
};

/** The tax id and bank details come only to admins (this page's readers); '' keeps inputs controlled. */
function pick(settings: SettingsResponse): Values {
  return {
    ...(Object.fromEntries(FIELDS.map((f) => [f, settings[f] ?? ''])) as Values),
    budgetThresholds: thresholdsText(settings.budgetThresholds),
  };
}

/** The thresholds as sent: the list when it reads, else the text (which the API would refuse). */
function sentThresholds(text: string): number[] | string {
  const parsed = parseThresholds(text);
  return 'values' in parsed ? parsed.values : text;
}

/** Only what changed is sent: the API changes exactly the fields it receives. */
function changes(values: Values, initial: Values): SettingsUpdate {
  return Object.fromEntries(
    FIELDS.filter((f) =>
      f === 'budgetThresholds'
        ? JSON.stringify(sentThresholds(values[f])) !== JSON.stringify(sentThresholds(initial[f]))
        : values[f] !== initial[f],
    ).map((f) => [f, f === 'budgetThresholds' ? sentThresholds(values[f]) : values[f]]),
  ) as SettingsUpdate;
}

/** A card of fields; `slug` makes its id (#settings-company), the same in every language. */
function Section({
  slug,
  title,
  description,
  children,
}: {
  slug: string;
  title: string;
  description?: string;
  children: ReactNode;
}) {
  const id = `settings-${slug}`;
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
  const { t } = useTranslation([
    'settings',
    'common',
    'teams',
    'budgetUi',
    'twoFactor',
    'passwordReset',
    'calendarFeed',
  ]);
  const update = useUpdateSettings();
  const [initial, setInitial] = useState(() => pick(settings));
  const [formError, setFormError] = useState<string | null>(null);
  const timezones = useMemo(() => Intl.supportedValuesOf('timeZone').concat('UTC'), []);
  const currencies = useMemo(() => Intl.supportedValuesOf('currency'), []);
  const form = useForm<Values>({
    initialValues: initial,
    validate: (values) => {
      const diff = changes(values, initial);
      if (Object.keys(diff).length === 0) return {};
      const thresholds = parseThresholds(values.budgetThresholds);
      // Our own words for the thresholds (the schema's refinement speaks English only).
      return {
        ...schemaErrors(SettingsUpdateSchema, diff),
        ...('error' in thresholds
          ? { budgetThresholds: t(`budgetUi:settings.errors.${thresholds.error}`) }
          : {}),
      };
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
        notifications.show({ color: 'teal', message: t('saved') });
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
        <Section slug="region" title={t('region.title')} description={t('region.description')}>
          <Select
            label={t('region.timezone')}
            searchable
            allowDeselect={false}
            data={timezones}
            {...form.getInputProps('timezone')}
          />
          <Select
            label={t('region.currency')}
            searchable
            allowDeselect={false}
            data={currencies}
            {...form.getInputProps('currency')}
          />
        </Section>
        <Section slug="time-tracking" title={t('tracking.title')} description={t('tracking.description')}>
          <Select
            label={t('tracking.roundTo')}
            allowDeselect={false}
            data={ROUNDING_MINUTES.map((m) => ({
              value: String(m),
              label: m === 1 ? t('tracking.noRounding') : t('tracking.minutes', { count: m }),
            }))}
            {...form.getInputProps('roundingMinutes')}
            value={String(form.values.roundingMinutes)}
            onChange={(v) => form.setFieldValue('roundingMinutes', Number(v))}
          />
          <div>
            <Text size="sm" fw={500} mb={4}>
              {t('tracking.rounding')}
            </Text>
            <SegmentedControl
              aria-label={t('tracking.roundingMode')}
              data={ROUNDING_MODES.map((m) => ({
                value: m,
                label: t(`tracking.mode.${m}`),
              }))}
              {...form.getInputProps('roundingMode')}
            />
          </div>
          <NumberInput
            label={t('tracking.idle')}
            description={t('tracking.idleHint')}
            min={0}
            max={1440}
            allowDecimal={false}
            {...form.getInputProps('idleTimeoutMinutes')}
          />
          <NumberInput
            label={t('tracking.longest')}
            description={t('tracking.longestHint')}
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
            label={t('tracking.singleTimer')}
            description={t('tracking.singleTimerHint')}
            {...form.getInputProps('singleActiveTimer', { type: 'checkbox' })}
          />
          <Select
            label={t('tracking.overlap')}
            description={t('tracking.overlapHint')}
            allowDeselect={false}
            data={[
              { value: 'allow', label: t('tracking.overlapAllow') },
              { value: 'warn', label: t('tracking.overlapWarn') },
              { value: 'refuse', label: t('tracking.overlapRefuse') },
            ]}
            {...form.getInputProps('overlapPolicy')}
          />
          <Select
            label={t('tracking.newTags')}
            description={t('tracking.newTagsHint')}
            allowDeselect={false}
            data={[
              { value: 'everyone', label: t('tracking.tagsEveryone') },
              { value: 'admins', label: t('tracking.tagsAdmins') },
            ]}
            {...form.getInputProps('tagCreation')}
          />
        </Section>
        <Section slug="access-and-privacy" title={t('access.title')}>
          <Switch
            label={t('access.selfRegister')}
            {...form.getInputProps('allowSelfRegister', { type: 'checkbox' })}
          />
          <Select
            label={t('twoFactor:settingLabel')}
            description={t('twoFactor:settingHelp')}
            allowDeselect={false}
            data={[
              { value: 'off', label: t('twoFactor:settingOff') },
              { value: 'admins', label: t('twoFactor:settingAdmins') },
              { value: 'everyone', label: t('twoFactor:settingEveryone') },
            ]}
            {...form.getInputProps('requireTwoFactor')}
          />
          <Switch
            label={t('access.analytics')}
            description={t('access.analyticsHint')}
            {...form.getInputProps('allowAnalytics', { type: 'checkbox' })}
          />
          <Switch
            label={t('teams:ratesVisibleToAll')}
            description={t('teams:ratesVisibleToAllHint')}
            {...form.getInputProps('ratesVisibleToAll', { type: 'checkbox' })}
          />
          <Switch
            label={t('calendarFeed:settingLabel')}
            description={t('calendarFeed:settingHint')}
            {...form.getInputProps('calendarFeeds', { type: 'checkbox' })}
          />
        </Section>
        <Section
          slug="budgets"
          title={t('budgetUi:settings.title')}
          description={t('budgetUi:settings.description')}
        >
          <TextInput
            label={t('budgetUi:settings.thresholds')}
            description={t('budgetUi:settings.thresholdsHint')}
            inputMode="numeric"
            {...form.getInputProps('budgetThresholds')}
          />
          <Switch
            mt="lg"
            label={t('budgetUi:settings.refuseOver')}
            description={t('budgetUi:settings.refuseOverHint')}
            {...form.getInputProps('budgetRefuseOver', { type: 'checkbox' })}
          />
        </Section>
        <Section slug="backups-and-export" title={t('backups.title')}>
          <TimePicker
            label={t('backups.time')}
            description={t('backups.timeHint')}
            {...clockProps(form.getInputProps('backupTime'))}
          />
          <NumberInput
            label={t('backups.retention')}
            min={1}
            max={3650}
            allowDecimal={false}
            {...form.getInputProps('backupRetentionDays')}
          />
          <Select
            label={t('backups.delimiter')}
            allowDeselect={false}
            data={EXPORT_DELIMITERS.map((d) => {
              const key = DELIMITER_KEYS[d];
              return { value: d, label: key ? t(`backups.delimiters.${key}`) : d };
            })}
            {...form.getInputProps('exportDelimiter')}
          />
        </Section>
        <Section slug="company" title={t('company.title')} description={t('company.description')}>
          <TextInput label={t('company.name')} withAsterisk {...form.getInputProps('companyName')} />
          <TextInput label={t('company.email')} type="email" {...form.getInputProps('companyEmail')} />
          <TextInput
            label={t('passwordReset:emailFrom')}
            description={t('passwordReset:emailFromHint')}
            placeholder="TimeTracker <tt@example.com>"
            {...form.getInputProps('emailFrom')}
          />
          <TextInput label={t('company.phone')} {...form.getInputProps('companyPhone')} />
          <TextInput label={t('company.website')} {...form.getInputProps('companyWebsite')} />
          <TextInput label={t('company.taxId')} {...form.getInputProps('companyTaxId')} />
          <Textarea
            label={t('company.address')}
            autosize
            minRows={2}
            {...form.getInputProps('companyAddress')}
          />
          <Textarea
            label={t('company.bank')}
            autosize
            minRows={2}
            {...form.getInputProps('companyBankInfo')}
          />
        </Section>
        <Section slug="invoices" title={t('invoices.title')}>
          <TextInput
            label={t('invoices.prefix')}
            description={t('invoices.prefixHint')}
            {...form.getInputProps('invoicePrefix')}
          />
          <NumberInput
            label={t('invoices.start')}
            min={1}
            allowDecimal={false}
            {...form.getInputProps('invoiceStartNumber')}
          />
          <Textarea
            label={t('invoices.terms')}
            autosize
            minRows={2}
            {...form.getInputProps('invoiceTerms')}
          />
          <Textarea
            label={t('invoices.notes')}
            autosize
            minRows={2}
            {...form.getInputProps('invoiceNotes')}
          />
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
            {t('undo')}
          </Button>
          <Button type="submit" disabled={!dirty} loading={update.isPending}>
            {t('save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

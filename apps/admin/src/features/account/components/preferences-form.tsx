import { Alert, Button, Card, Group, NumberInput, Select, SimpleGrid, Text, Title } from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import {
  DATE_FORMATS,
  type PreferencesResponse,
  type PreferencesUpdate,
  PreferencesUpdateSchema,
} from '@timetracker/contracts';
import { useMemo, useState } from 'react';

import { dayjs } from '@/lib/dates';
import { applySubmitError, schemaErrors } from '@/lib/form';
import { useSettingsQuery } from '@/lib/settings';

import { useUpdatePreferences } from '../api/account';

const COMPANY_ZONE = '';
const BROWSER_LANGUAGE = '';
const LANGUAGE_NAMES = [
  { value: BROWSER_LANGUAGE, label: 'Same as my browser' },
  { value: 'en', label: 'English' },
  { value: 'de', label: 'Deutsch' },
  { value: 'fr', label: 'Français' },
  { value: 'it', label: 'Italiano' },
  { value: 'es', label: 'Español' },
];
const WEEK_STARTS = [
  { value: 'monday', label: 'Monday' },
  { value: 'sunday', label: 'Sunday' },
  { value: 'saturday', label: 'Saturday' },
];
const CLOCKS = [
  { value: '24h', label: '24-hour (14:30)' },
  { value: '12h', label: '12-hour (2:30 PM)' },
];
const SAMPLE_DAY = '2026-03-31';

interface Values {
  timezone: string;
  language: string;
  weekStart: string;
  clock: string;
  dateFormat: string;
  weeklyTargetHours: number | string;
}

function toValues(p: PreferencesResponse): Values {
  return {
    timezone: p.timezone ?? COMPANY_ZONE,
    language: p.language ?? BROWSER_LANGUAGE,
    weekStart: p.weekStart,
    clock: p.clock,
    dateFormat: p.dateFormat,
    weeklyTargetHours: p.weeklyTargetSeconds === null ? '' : p.weeklyTargetSeconds / 3600,
  };
}

function toBody(v: Values): PreferencesUpdate {
  const hours = v.weeklyTargetHours === '' ? null : Number(v.weeklyTargetHours);
  return {
    timezone: v.timezone === COMPANY_ZONE ? null : v.timezone,
    language: v.language === BROWSER_LANGUAGE ? null : (v.language as PreferencesUpdate['language']),
    weekStart: v.weekStart as PreferencesUpdate['weekStart'],
    clock: v.clock as PreferencesUpdate['clock'],
    dateFormat: v.dateFormat as PreferencesUpdate['dateFormat'],
    weeklyTargetSeconds: hours === null ? null : Math.round(hours * 3600),
  };
}

/** Time zone, language, week start, clock, date format and weekly target of the signed-in person. */
export function PreferencesForm({ preferences }: { preferences: PreferencesResponse }) {
  const settings = useSettingsQuery();
  const update = useUpdatePreferences();
  const [formError, setFormError] = useState<string | null>(null);
  const companyZone = settings.data?.timezone ?? 'UTC';
  const zones = useMemo(
    () => [
      { value: COMPANY_ZONE, label: `Company time zone (${companyZone})` },
      ...Intl.supportedValuesOf('timeZone')
        .concat('UTC')
        .map((z) => ({ value: z, label: z.replaceAll('_', ' ') })),
    ],
    [companyZone],
  );
  const form = useForm<Values>({
    initialValues: toValues(preferences),
    validate: (values) =>
      schemaErrors(PreferencesUpdateSchema, toBody(values), { weeklyTargetSeconds: 'weeklyTargetHours' }),
  });

  const submit = form.onSubmit((values) => {
    setFormError(null);
    update.mutate(toBody(values), {
      onSuccess: (saved) => {
        form.setInitialValues(toValues(saved));
        form.setValues(toValues(saved));
        notifications.show({ color: 'teal', message: 'Preferences saved' });
      },
      onError: (error) =>
        setFormError(
          applySubmitError(
            error,
            { setErrors: form.setErrors, fields: Object.keys(form.values) },
            { weeklyTargetSeconds: 'weeklyTargetHours' },
          ),
        ),
    });
  });

  return (
    <Card withBorder padding="lg" component="section" aria-labelledby="account-preferences">
      <Title order={2} size="h4" id="account-preferences">
        Preferences
      </Title>
      <Text size="sm" c="dimmed" mb="sm">
        How your days, dates and times are shown. Your time zone decides where your days and weeks start in
        totals, reports and exports.
      </Text>
      <form onSubmit={submit} noValidate>
        {formError && (
          <Alert color="red" role="alert" mb="sm">
            {formError}
          </Alert>
        )}
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
          <Select
            label="Time zone"
            searchable
            allowDeselect={false}
            data={zones}
            {...form.getInputProps('timezone')}
          />
          <Select
            label="Language"
            description="Used as translations become available"
            allowDeselect={false}
            data={LANGUAGE_NAMES}
            {...form.getInputProps('language')}
          />
          <Select
            label="Weeks start on"
            allowDeselect={false}
            data={WEEK_STARTS}
            {...form.getInputProps('weekStart')}
          />
          <Select label="Clock" allowDeselect={false} data={CLOCKS} {...form.getInputProps('clock')} />
          <Select
            label="Date format"
            allowDeselect={false}
            data={DATE_FORMATS.map((f) => ({
              value: f,
              label: f === 'auto' ? 'As my language writes dates' : dayjs(SAMPLE_DAY).format(f),
            }))}
            {...form.getInputProps('dateFormat')}
          />
          <NumberInput
            label="Weekly target (hours)"
            description="Leave empty for no target"
            min={0}
            max={168}
            step={0.5}
            decimalScale={2}
            {...form.getInputProps('weeklyTargetHours')}
          />
        </SimpleGrid>
        <Group justify="flex-end" mt="md">
          <Button type="submit" loading={update.isPending} disabled={!form.isDirty()}>
            Save preferences
          </Button>
        </Group>
      </form>
    </Card>
  );
}

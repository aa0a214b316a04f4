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
import { useTranslation } from 'react-i18next';

import { LANGUAGE_NAMES, LANGUAGES } from '@/i18n/i18n';
import { dayjs } from '@/lib/dates';
import { applySubmitError, schemaErrors } from '@/lib/form';
import { useSettingsQuery } from '@/lib/settings';

import { useUpdatePreferences } from '../api/account';

const COMPANY_ZONE = '';
const BROWSER_LANGUAGE = '';
const WEEK_STARTS = ['monday', 'sunday', 'saturday'] as const;
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
  const { t } = useTranslation('account');
  const settings = useSettingsQuery();
  const update = useUpdatePreferences();
  const [formError, setFormError] = useState<string | null>(null);
  const companyZone = settings.data?.timezone ?? 'UTC';
  const zones = useMemo(
    () => [
      { value: COMPANY_ZONE, label: t('companyZone', { zone: companyZone }) },
      ...Intl.supportedValuesOf('timeZone')
        .concat('UTC')
        .map((z) => ({ value: z, label: z.replaceAll('_', ' ') })),
    ],
    [companyZone, t],
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
        notifications.show({ color: 'teal', message: t('preferencesSaved') });
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
        {t('preferencesTitle')}
      </Title>
      <Text size="sm" c="dimmed" mb="sm">
        {t('preferencesIntro')}
      </Text>
      <form onSubmit={submit} noValidate>
        {formError && (
          <Alert color="red" role="alert" mb="sm">
            {formError}
          </Alert>
        )}
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
          <Select
            label={t('timezone')}
            searchable
            allowDeselect={false}
            data={zones}
            {...form.getInputProps('timezone')}
          />
          <Select
            label={t('language')}
            description={t('languageHint')}
            allowDeselect={false}
            data={[
              { value: BROWSER_LANGUAGE, label: t('browserLanguage') },
              ...LANGUAGES.map((l) => ({ value: l, label: LANGUAGE_NAMES[l] })),
            ]}
            {...form.getInputProps('language')}
          />
          <Select
            label={t('weekStart')}
            allowDeselect={false}
            data={WEEK_STARTS.map((d) => ({ value: d, label: t(d) }))}
            {...form.getInputProps('weekStart')}
          />
          <Select
            label={t('clock')}
            allowDeselect={false}
            data={[
              { value: '24h', label: t('clock24') },
              { value: '12h', label: t('clock12') },
            ]}
            {...form.getInputProps('clock')}
          />
          <Select
            label={t('dateFormat')}
            allowDeselect={false}
            data={DATE_FORMATS.map((f) => ({
              value: f,
              label: f === 'auto' ? t('dateFormatAuto') : dayjs(SAMPLE_DAY).format(f),
            }))}
            {...form.getInputProps('dateFormat')}
          />
          <NumberInput
            label={t('weeklyTarget')}
            description={t('weeklyTargetHint')}
            min={0}
            max={168}
            step={0.5}
            decimalScale={2}
            {...form.getInputProps('weeklyTargetHours')}
          />
        </SimpleGrid>
        <Group justify="flex-end" mt="md">
          <Button type="submit" loading={update.isPending} disabled={!form.isDirty()}>
            {t('savePreferences')}
          </Button>
        </Group>
      </form>
    </Card>
  );
}

import { ActionIcon, Button, Group, Select, Stack, Text, TextInput } from '@mantine/core';
import type { UseFormReturnType } from '@mantine/form';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';

import { useTeamOptions } from '@/lib/lookups';

import type { SsoFormValues } from './sso-form';

type Form = UseFormReturnType<SsoFormValues>;
const ROLES = ['admin', 'manager', 'accountant', 'user'] as const;

/** Group → role rows; the strongest role of a user's groups wins. */
export function RoleRows({ form, readOnly }: { form: Form; readOnly: boolean }) {
  const { t } = useTranslation(['ssoSettings', 'users']);
  const rows = form.values.roleMapping;
  return (
    <Stack gap="xs">
      <Text size="sm" fw={500}>
        {t('roleMapping')}
      </Text>
      {rows.length === 0 && (
        <Text size="sm" c="dimmed">
          {t('noRoleRows')}
        </Text>
      )}
      {rows.map((_, i) => (
        <Group key={i} gap="xs" align="flex-start" wrap="nowrap" data-testid="role-row">
          <TextInput
            aria-label={t('groupOfRow', { n: i + 1 })}
            placeholder={t('groupPlaceholder')}
            style={{ flex: 1, minWidth: 0 }}
            disabled={readOnly}
            {...form.getInputProps(`roleMapping.${i}.group`)}
          />
          <Select
            aria-label={t('roleOfRow', { n: i + 1 })}
            data={ROLES.map((r) => ({ value: r, label: t(`users:roles.${r}`) }))}
            allowDeselect={false}
            w={150}
            disabled={readOnly}
            {...form.getInputProps(`roleMapping.${i}.role`)}
          />
          {!readOnly && (
            <ActionIcon
              variant="subtle"
              color="red"
              size="lg"
              aria-label={t('removeRow', { n: i + 1 })}
              onClick={() => form.removeListItem('roleMapping', i)}
            >
              <IconTrash size={16} aria-hidden />
            </ActionIcon>
          )}
        </Group>
      ))}
      {!readOnly && (
        <Button
          variant="subtle"
          size="xs"
          leftSection={<IconPlus size={14} aria-hidden />}
          onClick={() => form.insertListItem('roleMapping', { group: '', role: 'user' })}
          style={{ alignSelf: 'flex-start' }}
        >
          {t('addRoleRow')}
        </Button>
      )}
    </Stack>
  );
}

/** Group → team rows; SSO adds and removes only the memberships it granted. */
export function TeamRows({ form, readOnly }: { form: Form; readOnly: boolean }) {
  const { t } = useTranslation('ssoSettings');
  const teams = useTeamOptions();
  const rows = form.values.teamMapping;
  const options = (teams.data ?? []).map((team) => ({ value: String(team.id), label: team.name }));
  return (
    <Stack gap="xs">
      <Text size="sm" fw={500}>
        {t('teamMapping')}
      </Text>
      <Text size="xs" c="dimmed">
        {readOnly ? t('teamMappingNotByEnv') : t('teamMappingHelp')}
      </Text>
      {!readOnly && rows.length === 0 && (
        <Text size="sm" c="dimmed">
          {teams.data?.length === 0 ? t('noTeams') : t('noTeamRows')}
        </Text>
      )}
      {rows.map((_, i) => (
        <Group key={i} gap="xs" align="flex-start" wrap="nowrap" data-testid="team-row">
          <TextInput
            aria-label={t('teamGroupOfRow', { n: i + 1 })}
            placeholder={t('groupPlaceholder')}
            style={{ flex: 1, minWidth: 0 }}
            disabled={readOnly}
            {...form.getInputProps(`teamMapping.${i}.group`)}
          />
          <Select
            aria-label={t('teamOfRow', { n: i + 1 })}
            placeholder={t('pickTeam')}
            data={options}
            searchable
            allowDeselect={false}
            w={170}
            disabled={readOnly}
            {...form.getInputProps(`teamMapping.${i}.teamId`)}
          />
          {!readOnly && (
            <ActionIcon
              variant="subtle"
              color="red"
              size="lg"
              aria-label={t('removeTeamRow', { n: i + 1 })}
              onClick={() => form.removeListItem('teamMapping', i)}
            >
              <IconTrash size={16} aria-hidden />
            </ActionIcon>
          )}
        </Group>
      ))}
      {!readOnly && (
        <Button
          variant="subtle"
          size="xs"
          leftSection={<IconPlus size={14} aria-hidden />}
          onClick={() => form.insertListItem('teamMapping', { group: '', teamId: null })}
          disabled={teams.data?.length === 0}
          style={{ alignSelf: 'flex-start' }}
        >
          {t('addTeamRow')}
        </Button>
      )}
    </Stack>
  );
}

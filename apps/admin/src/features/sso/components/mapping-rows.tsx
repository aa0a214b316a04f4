import { ActionIcon, Button, Group, Select, Stack, Text, TextInput } from '@mantine/core';
import type { UseFormReturnType } from '@mantine/form';
import { IconPlus, IconTrash } from '@tabler/icons-react';
import type { ReactNode } from 'react';
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
        <GroupRow
          key={i}
          form={form}
          list="roleMapping"
          index={i}
          readOnly={readOnly}
          groupLabel={t('groupOfRow', { n: i + 1 })}
          removeLabel={t('removeRow', { n: i + 1 })}
        >
          <Select
            aria-label={t('roleOfRow', { n: i + 1 })}
            data={ROLES.map((r) => ({ value: r, label: t(`users:roles.${r}`) }))}
            allowDeselect={false}
            w={150}
            disabled={readOnly}
            {...form.getInputProps(`roleMapping.${i}.role`)}
          />
        </GroupRow>
      ))}
      {!readOnly && (
        <AddRowButton onClick={() => form.insertListItem('roleMapping', { group: '', role: 'user' })}>
          {t('addRoleRow')}
        </AddRowButton>
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
        <GroupRow
          key={i}
          form={form}
          list="teamMapping"
          index={i}
          readOnly={readOnly}
          groupLabel={t('teamGroupOfRow', { n: i + 1 })}
          removeLabel={t('removeTeamRow', { n: i + 1 })}
        >
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
        </GroupRow>
      ))}
      {!readOnly && (
        <AddRowButton
          onClick={() => form.insertListItem('teamMapping', { group: '', teamId: null })}
          disabled={teams.data?.length === 0}
        >
          {t('addTeamRow')}
        </AddRowButton>
      )}
    </Stack>
  );
}

/** One mapping row: the group's name, what it maps to (`children`), and a remove button. */
function GroupRow({
  form,
  list,
  index,
  readOnly,
  groupLabel,
  removeLabel,
  children,
}: {
  form: Form;
  list: 'roleMapping' | 'teamMapping';
  index: number;
  readOnly: boolean;
  groupLabel: string;
  removeLabel: string;
  children: ReactNode;
}) {
  const { t } = useTranslation('ssoSettings');
  return (
    <Group
      gap="xs"
      align="flex-start"
      wrap="nowrap"
      data-testid={list === 'roleMapping' ? 'role-row' : 'team-row'}
    >
      <TextInput
        aria-label={groupLabel}
        placeholder={t('groupPlaceholder')}
        style={{ flex: 1, minWidth: 0 }}
        disabled={readOnly}
        {...form.getInputProps(`${list}.${index}.group`)}
      />
      {children}
      {!readOnly && (
        <ActionIcon
          variant="subtle"
          color="red"
          size="lg"
          aria-label={removeLabel}
          onClick={() => form.removeListItem(list, index)}
        >
          <IconTrash size={16} aria-hidden />
        </ActionIcon>
      )}
    </Group>
  );
}

function AddRowButton({
  onClick,
  disabled,
  children,
}: {
  onClick: () => void;
  disabled?: boolean;
  children: ReactNode;
}) {
  return (
    <Button
      variant="subtle"
      size="xs"
      leftSection={<IconPlus size={14} aria-hidden />}
      onClick={onClick}
      disabled={disabled}
      style={{ alignSelf: 'flex-start' }}
    >
      {children}
    </Button>
  );
}

import {
  Alert,
  Badge,
  Button,
  Card,
  Checkbox,
  Code,
  CopyButton,
  Group,
  PasswordInput,
  Radio,
  SimpleGrid,
  Stack,
  Switch,
  Text,
  TextInput,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import {
  SsoConfigUpdateSchema,
  type SsoConfigResponse,
  type SsoConfigUpdate,
  type SsoLinkBy,
} from '@timetracker/contracts';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import { applySubmitError, schemaErrors } from '@/lib/form';

import { useSaveSsoConfig } from '../api/sso';
import { useEnvNote } from './env-note';
import { RoleRows, TeamRows } from './mapping-rows';
import { ProviderCheck } from './provider-check';

export interface SsoFormValues {
  enabled: boolean;
  issuer: string;
  clientId: string;
  /** A replacement for the stored secret; empty keeps it. */
  newSecret: string;
  removeSecret: boolean;
  scopes: string;
  autoCreate: boolean;
  linkBy: SsoLinkBy;
  groupsClaim: string;
  roleMapping: SsoConfigResponse['roleMapping'];
  /** Select values are strings. */
  teamMapping: { group: string; teamId: string | null }[];
  ssoOnly: boolean;
}

const LINK_BY: SsoLinkBy[] = ['email', 'username', 'none'];
const FIELDS = ['enabled', 'issuer', 'clientId', 'newSecret', 'scopes', 'groupsClaim', 'ssoOnly'];

function valuesOf(c: SsoConfigResponse): SsoFormValues {
  return {
    enabled: c.enabled,
    issuer: c.issuer,
    clientId: c.clientId,
    newSecret: '',
    removeSecret: false,
    scopes: c.scopes,
    autoCreate: c.autoCreate,
    linkBy: c.linkBy,
    groupsClaim: c.groupsClaim,
    roleMapping: c.roleMapping.map((r) => ({ ...r })),
    teamMapping: c.teamMapping.map((r) => ({ group: r.group, teamId: String(r.teamId) })),
    ssoOnly: c.ssoOnly,
  };
}

function bodyOf(v: SsoFormValues): SsoConfigUpdate {
  const { newSecret, removeSecret, teamMapping, ...rest } = v;
  return {
    ...rest,
    ...(removeSecret ? { clientSecret: '' } : newSecret !== '' ? { clientSecret: newSecret } : {}),
    // An unpicked team is 0, which the schema refuses on that row.
    teamMapping: teamMapping.map((r) => ({ group: r.group, teamId: r.teamId ? Number(r.teamId) : 0 })),
  };
}

export function SsoForm({ config }: { config: SsoConfigResponse }) {
  const { t } = useTranslation('ssoSettings');
  const readOnly = config.source === 'env';
  const envNote = useEnvNote(readOnly);
  const save = useSaveSsoConfig();
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm<SsoFormValues>({
    initialValues: valuesOf(config),
    validate: (values) => schemaErrors(SsoConfigUpdateSchema, bodyOf(values), { clientSecret: 'newSecret' }),
  });
  const v = form.values;

  const submit = form.onSubmit((values) => {
    setFormError(null);
    save.mutate(bodyOf(values), {
      onSuccess: (saved) => {
        form.setValues(valuesOf(saved));
        form.resetDirty(valuesOf(saved));
        notifications.show({ color: 'teal', message: t('saved') });
      },
      onError: (error) =>
        setFormError(
          applySubmitError(
            error,
            { setErrors: form.setErrors, fields: FIELDS },
            { clientSecret: 'newSecret' },
          ),
        ),
    });
  });

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        {readOnly && (
          <Alert color="blue" title={t('fromEnvTitle')}>
            {t('fromEnv')}
          </Alert>
        )}
        {!readOnly && !config.enabled && config.issuer === '' && (
          <Alert color="gray" title={t('notSetUpTitle')}>
            {t('notSetUp')}
          </Alert>
        )}
        {formError && (
          <Alert color="red" role="alert">
            {formError}
          </Alert>
        )}

        <Card withBorder padding="md" component="section" aria-labelledby="sso-provider">
          <Stack gap="sm">
            <Text fw={600} id="sso-provider">
              {t('provider')}
            </Text>
            <Switch
              label={t('enabled')}
              description={envNote('enabled')}
              disabled={readOnly}
              {...form.getInputProps('enabled', { type: 'checkbox' })}
            />
            <TextInput
              label={t('issuer')}
              description={envNote('issuer') ?? t('issuerHelp')}
              placeholder="https://id.example.com/realms/acme"
              type="url"
              disabled={readOnly}
              {...form.getInputProps('issuer')}
            />
            <ProviderCheck issuer={v.issuer} />
            <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm">
              <TextInput
                label={t('clientId')}
                description={envNote('clientId')}
                disabled={readOnly}
                {...form.getInputProps('clientId')}
              />
              <Stack gap={4}>
                <Group gap="xs">
                  <Text size="sm" fw={500}>
                    {t('clientSecret')}
                  </Text>
                  <Badge
                    variant="light"
                    color={config.clientSecretSet ? 'teal' : 'gray'}
                    data-testid="secret-status"
                  >
                    {config.clientSecretSet ? t('secretSet') : t('secretNotSet')}
                  </Badge>
                </Group>
                {readOnly ? (
                  <Text size="xs" c="dimmed">
                    {envNote('clientSecret')}
                  </Text>
                ) : (
                  <>
                    <PasswordInput
                      aria-label={t('newSecret')}
                      placeholder={config.clientSecretSet ? t('newSecretKeep') : t('newSecret')}
                      autoComplete="new-password"
                      disabled={v.removeSecret}
                      {...form.getInputProps('newSecret')}
                    />
                    {config.clientSecretSet && (
                      <Checkbox
                        size="xs"
                        label={t('removeSecret')}
                        {...form.getInputProps('removeSecret', { type: 'checkbox' })}
                      />
                    )}
                  </>
                )}
              </Stack>
            </SimpleGrid>
            <TextInput
              label={t('scopes')}
              description={envNote('scopes') ?? t('scopesHelp')}
              disabled={readOnly}
              {...form.getInputProps('scopes')}
            />
            <Stack gap={4}>
              <Text size="sm" fw={500}>
                {t('redirectUri')}
              </Text>
              <Text size="xs" c="dimmed">
                {t('redirectUriHelp')}
              </Text>
              <Group gap="xs" wrap="nowrap">
                <Code
                  block
                  style={{ flex: 1, minWidth: 0, whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}
                  data-testid="redirect-uri"
                >
                  {config.redirectUri}
                </Code>
                <CopyButton value={config.redirectUri}>
                  {({ copied, copy }) => (
                    <Button size="xs" variant="light" onClick={copy}>
                      {copied ? t('copied') : t('copy')}
                    </Button>
                  )}
                </CopyButton>
              </Group>
            </Stack>
          </Stack>
        </Card>

        <Card withBorder padding="md" component="section" aria-labelledby="sso-accounts">
          <Stack gap="sm">
            <Text fw={600} id="sso-accounts">
              {t('accounts')}
            </Text>
            <Radio.Group
              label={t('linkBy')}
              description={envNote('linkBy')}
              {...form.getInputProps('linkBy')}
            >
              <Stack gap="xs" mt="xs">
                {LINK_BY.map((rule) => (
                  <Radio
                    key={rule}
                    value={rule}
                    label={t(`linkByOption.${rule}`)}
                    description={t(`linkByHelp.${rule}`)}
                    disabled={readOnly}
                  />
                ))}
              </Stack>
            </Radio.Group>
            <Switch
              label={t('autoCreate')}
              description={envNote('autoCreate') ?? t('autoCreateHelp')}
              disabled={readOnly}
              {...form.getInputProps('autoCreate', { type: 'checkbox' })}
            />
            <Alert color="gray" title={t('ruleInForce')} data-testid="rule-in-force">
              {t(`rule.${v.linkBy}`)} {v.autoCreate ? t('rule.create') : t('rule.noCreate')}
            </Alert>
          </Stack>
        </Card>

        <Card withBorder padding="md" component="section" aria-labelledby="sso-groups">
          <Stack gap="sm">
            <Text fw={600} id="sso-groups">
              {t('groups')}
            </Text>
            <TextInput
              label={t('groupsClaim')}
              description={envNote('groupsClaim') ?? t('groupsClaimHelp')}
              placeholder="groups"
              disabled={readOnly}
              {...form.getInputProps('groupsClaim')}
            />
            {readOnly && (
              <Text size="xs" c="dimmed">
                {envNote('roleMapping')}
              </Text>
            )}
            <RoleRows form={form} readOnly={readOnly} />
            <TeamRows form={form} readOnly={readOnly} />
          </Stack>
        </Card>

        <Card withBorder padding="md" component="section" aria-labelledby="sso-only">
          <Stack gap="sm">
            <Text fw={600} id="sso-only">
              {t('ssoOnlyTitle')}
            </Text>
            <Switch
              label={t('ssoOnly')}
              description={envNote('ssoOnly')}
              disabled={readOnly}
              {...form.getInputProps('ssoOnly', { type: 'checkbox' })}
            />
            <Alert color={v.ssoOnly ? 'orange' : 'gray'} title={t('breakGlassTitle')}>
              {t('breakGlass', { username: config.breakGlassUsername })}
            </Alert>
          </Stack>
        </Card>

        {!readOnly && (
          <Button type="submit" loading={save.isPending} style={{ alignSelf: 'flex-start' }}>
            {t('save')}
          </Button>
        )}
      </Stack>
    </form>
  );
}

import {
  Alert,
  Button,
  Group,
  Modal,
  PasswordInput,
  SegmentedControl,
  Stack,
  Switch,
  Text,
  TextInput,
} from '@mantine/core';
import { useForm } from '@mantine/form';
import { notifications } from '@mantine/notifications';
import {
  UserCreateSchema,
  type UserResponse,
  UserSetPasswordSchema,
  UserUpdateSchema,
} from '@timetracker/contracts';

type Role = UserResponse['role'];
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

import { applySubmitError, schemaErrors } from '@/lib/form';

import { useCreateUser, useSetPassword, useUpdateUser } from '../api/users';

export function CreateUserModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const { t } = useTranslation(['users', 'common']);
  return (
    <Modal opened={opened} onClose={onClose} title={t('newUser')}>
      {opened && <CreateUserForm onDone={onClose} />}
    </Modal>
  );
}

function CreateUserForm({ onDone }: { onDone: () => void }) {
  const { t } = useTranslation(['users', 'common', 'passwordReset']);
  const create = useCreateUser();
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm({
    initialValues: { username: '', password: '', email: '', role: 'user' as Role, isActive: true },
    validate: (values) =>
      schemaErrors(UserCreateSchema, {
        ...values,
        password: values.password || undefined,
        email: values.email.trim() || undefined,
      }),
  });
  const submit = form.onSubmit((values) => {
    setFormError(null);
    create.mutate(
      { ...values, password: values.password || undefined, email: values.email.trim() || undefined },
      {
        onSuccess: (user) => {
          notifications.show({ color: 'teal', message: t('created', { name: user.username }) });
          onDone();
        },
        onError: (error) =>
          setFormError(
            applySubmitError(error, {
              setErrors: form.setErrors,
              fields: ['username', 'password', 'email', 'role', 'isActive'],
            }),
          ),
      },
    );
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
          label={t('username')}
          withAsterisk
          autoComplete="off"
          {...form.getInputProps('username')}
        />
        <TextInput
          label={t('passwordReset:email')}
          description={t('passwordReset:emailHint')}
          type="email"
          autoComplete="off"
          {...form.getInputProps('email')}
        />
        <PasswordInput
          label={t('password')}
          description={t('passwordHint')}
          autoComplete="new-password"
          {...form.getInputProps('password')}
        />
        <div>
          <Text size="sm" fw={500} mb={4}>
            {t('role')}
          </Text>
          <SegmentedControl
            aria-label={t('role')}
            data={[
              { value: 'user', label: t('roles.user') },
              { value: 'manager', label: t('roles.manager') },
              { value: 'accountant', label: t('roles.accountant') },
              { value: 'admin', label: t('roles.admin') },
            ]}
            {...form.getInputProps('role')}
          />
        </div>
        <Switch label={t('common:active')} {...form.getInputProps('isActive', { type: 'checkbox' })} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>
            {t('common:cancel')}
          </Button>
          <Button type="submit" loading={create.isPending}>
            {t('create')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

export function EditUserModal({ user, onClose }: { user: UserResponse | null; onClose: () => void }) {
  const { t } = useTranslation(['users', 'common']);
  return (
    <Modal
      opened={user !== null}
      onClose={onClose}
      title={user ? t('common:editName', { name: user.username }) : ''}
    >
      {user && <EditUserForm user={user} onDone={onClose} />}
    </Modal>
  );
}

function EditUserForm({ user, onDone }: { user: UserResponse; onDone: () => void }) {
  const { t } = useTranslation(['users', 'common', 'passwordReset']);
  const update = useUpdateUser();
  const setPassword = useSetPassword();
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm({
    initialValues: { role: user.role, isActive: user.isActive, email: user.email ?? '' },
    validate: (values) =>
      schemaErrors(UserUpdateSchema, { ...values, email: values.email.trim() === '' ? null : values.email }),
  });
  const passwordForm = useForm({
    initialValues: { password: '' },
    validate: (values) => schemaErrors(UserSetPasswordSchema, values),
  });

  const submit = form.onSubmit((values) => {
    setFormError(null);
    update.mutate(
      { id: user.id, body: { ...values, email: values.email.trim() === '' ? null : values.email.trim() } },
      {
        onSuccess: () => {
          notifications.show({ color: 'teal', message: t('saved', { name: user.username }) });
          onDone();
        },
        onError: (error) =>
          setFormError(
            applySubmitError(error, { setErrors: form.setErrors, fields: ['role', 'isActive', 'email'] }),
          ),
      },
    );
  });
  const submitPassword = passwordForm.onSubmit((values) => {
    setPassword.mutate(
      { id: user.id, password: values.password },
      {
        onSuccess: () => {
          notifications.show({
            color: 'teal',
            message: t('passwordSet', { name: user.username }),
          });
          passwordForm.reset();
        },
        onError: (error) => {
          const rest = applySubmitError(error, { setErrors: passwordForm.setErrors, fields: ['password'] });
          if (rest) passwordForm.setFieldError('password', rest);
        },
      },
    );
  });

  return (
    <Stack gap="lg">
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          {formError && (
            <Alert color="red" role="alert">
              {formError}
            </Alert>
          )}
          <TextInput
            label={t('passwordReset:email')}
            type="email"
            autoComplete="off"
            {...form.getInputProps('email')}
          />
          <div>
            <Text size="sm" fw={500} mb={4}>
              {t('role')}
            </Text>
            <SegmentedControl
              aria-label={t('role')}
              data={[
                { value: 'user', label: t('roles.user') },
                { value: 'manager', label: t('roles.manager') },
                { value: 'accountant', label: t('roles.accountant') },
                { value: 'admin', label: t('roles.admin') },
              ]}
              {...form.getInputProps('role')}
            />
          </div>
          <Switch label={t('activeCanSignIn')} {...form.getInputProps('isActive', { type: 'checkbox' })} />
          <Group justify="flex-end">
            <Button type="submit" loading={update.isPending}>
              {t('save')}
            </Button>
          </Group>
        </Stack>
      </form>
      <form onSubmit={submitPassword} noValidate>
        <Stack gap="sm">
          <PasswordInput
            label={t('newPassword')}
            description={t('signsOut')}
            autoComplete="new-password"
            {...passwordForm.getInputProps('password')}
          />
          <Group justify="flex-end">
            <Button type="submit" variant="light" loading={setPassword.isPending}>
              {t('setPassword')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Stack>
  );
}

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
import { UserCreateSchema, type UserResponse, UserSetPasswordSchema } from '@timetracker/contracts';
import { useState } from 'react';

import { applySubmitError, schemaErrors } from '@/lib/form';

import { useCreateUser, useSetPassword, useUpdateUser } from '../api/users';

export function CreateUserModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  return (
    <Modal opened={opened} onClose={onClose} title="New user">
      {opened && <CreateUserForm onDone={onClose} />}
    </Modal>
  );
}

function CreateUserForm({ onDone }: { onDone: () => void }) {
  const create = useCreateUser();
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm({
    initialValues: { username: '', password: '', role: 'user' as 'user' | 'admin', isActive: true },
    validate: (values) =>
      schemaErrors(UserCreateSchema, { ...values, password: values.password || undefined }),
  });
  const submit = form.onSubmit((values) => {
    setFormError(null);
    create.mutate(
      { ...values, password: values.password || undefined },
      {
        onSuccess: (user) => {
          notifications.show({ color: 'teal', message: `User ${user.username} created` });
          onDone();
        },
        onError: (error) =>
          setFormError(
            applySubmitError(error, {
              setErrors: form.setErrors,
              fields: ['username', 'password', 'role', 'isActive'],
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
        <TextInput label="Username" withAsterisk autoComplete="off" {...form.getInputProps('username')} />
        <PasswordInput
          label="Password"
          description="At least 10 characters, not containing the username. Empty: they cannot sign in until one is set."
          autoComplete="new-password"
          {...form.getInputProps('password')}
        />
        <div>
          <Text size="sm" fw={500} mb={4}>
            Role
          </Text>
          <SegmentedControl
            aria-label="Role"
            data={[
              { value: 'user', label: 'User' },
              { value: 'admin', label: 'Admin' },
            ]}
            {...form.getInputProps('role')}
          />
        </div>
        <Switch label="Active" {...form.getInputProps('isActive', { type: 'checkbox' })} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>
            Cancel
          </Button>
          <Button type="submit" loading={create.isPending}>
            Create user
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

export function EditUserModal({ user, onClose }: { user: UserResponse | null; onClose: () => void }) {
  return (
    <Modal opened={user !== null} onClose={onClose} title={user ? `Edit ${user.username}` : ''}>
      {user && <EditUserForm user={user} onDone={onClose} />}
    </Modal>
  );
}

function EditUserForm({ user, onDone }: { user: UserResponse; onDone: () => void }) {
  const update = useUpdateUser();
  const setPassword = useSetPassword();
  const [formError, setFormError] = useState<string | null>(null);
  const form = useForm({ initialValues: { role: user.role, isActive: user.isActive } });
  const passwordForm = useForm({
    initialValues: { password: '' },
    validate: (values) => schemaErrors(UserSetPasswordSchema, values),
  });

  const submit = form.onSubmit((values) => {
    setFormError(null);
    update.mutate(
      { id: user.id, body: values },
      {
        onSuccess: () => {
          notifications.show({ color: 'teal', message: `${user.username} saved` });
          onDone();
        },
        onError: (error) =>
          setFormError(applySubmitError(error, { setErrors: form.setErrors, fields: ['role', 'isActive'] })),
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
            message: `New password set for ${user.username}; their sessions and API tokens were ended`,
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
          <div>
            <Text size="sm" fw={500} mb={4}>
              Role
            </Text>
            <SegmentedControl
              aria-label="Role"
              data={[
                { value: 'user', label: 'User' },
                { value: 'admin', label: 'Admin' },
              ]}
              {...form.getInputProps('role')}
            />
          </div>
          <Switch label="Active (can sign in)" {...form.getInputProps('isActive', { type: 'checkbox' })} />
          <Group justify="flex-end">
            <Button type="submit" loading={update.isPending}>
              Save
            </Button>
          </Group>
        </Stack>
      </form>
      <form onSubmit={submitPassword} noValidate>
        <Stack gap="sm">
          <PasswordInput
            label="Set a new password"
            description="Signs the user out everywhere"
            autoComplete="new-password"
            {...passwordForm.getInputProps('password')}
          />
          <Group justify="flex-end">
            <Button type="submit" variant="light" loading={setPassword.isPending}>
              Set password
            </Button>
          </Group>
        </Stack>
      </form>
    </Stack>
  );
}

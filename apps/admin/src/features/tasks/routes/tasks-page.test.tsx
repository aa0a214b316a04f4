import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { TaskResponse } from '@timetracker/contracts';
import { describe, expect, it } from 'vitest';

import { mockApi, plainUser, signedInRoutes } from '@/test/mock-api';
import { renderApp } from '@/test/render';

function task(id: number, name: string, createdBy: number, assignedTo: number | null): TaskResponse {
  return {
    id,
    projectId: 3,
    projectName: 'General',
    name,
    description: null,
    status: 'pending',
    priority: 'medium',
    assignedTo,
    assigneeUsername: assignedTo === null ? null : 'someone',
    createdBy,
    dueDate: null,
    estimatedHours: null,
    actualHours: null,
    startedAt: null,
    completedAt: null,
    createdAt: '2026-01-01T00:00:00Z',
    updatedAt: '2026-01-01T00:00:00Z',
  };
}

// plainUser is id 2; an admin (id 1) created the others.
const tasks = [task(1, 'Mine', 2, null), task(2, 'Assigned to me', 1, 2), task(3, 'Not mine', 1, 5)];

describe('tasks for a plain user', () => {
  it('offers only the actions the API allows: all on their own, the status when assigned, none else', async () => {
    const { calls } = mockApi({
      ...signedInRoutes(plainUser),
      'GET /api/v1/tasks': () => ({ items: tasks, total: 3, page: 1, pageSize: 25 }),
      'PATCH /api/v1/tasks/2': ({ body }) => ({ ...tasks[1], ...(body as object) }),
    });
    renderApp('/tasks');
    const table = await screen.findByRole('table', { name: 'Tasks' });
    const row = (name: string) => within(within(table).getByText(name).closest('tr') as HTMLElement);

    expect(row('Mine').getByRole('button', { name: 'Edit Mine' })).toBeInTheDocument();
    expect(row('Mine').getByRole('button', { name: 'Delete Mine' })).toBeInTheDocument();
    expect(row('Not mine').queryAllByRole('button')).toHaveLength(0);
    expect(row('Assigned to me').queryByRole('button', { name: /Delete/ })).toBeNull();

    const user = userEvent.setup();
    await user.click(row('Assigned to me').getByRole('button', { name: 'Change status of Assigned to me' }));
    const dialog = await screen.findByRole('dialog', { name: 'Change status of Assigned to me' });
    expect(within(dialog).getByLabelText(/^Name/)).toBeDisabled();
    expect(within(dialog).getByRole('textbox', { name: 'Status' })).toBeEnabled();
    await user.click(within(dialog).getByRole('button', { name: 'Save' }));
    await expect.poll(() => calls.find((c) => c.method === 'PATCH')?.body).toEqual({ status: 'pending' });
  });
});

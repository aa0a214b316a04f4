import {
  ClientCreateSchema,
  InvoiceItemCreateSchema,
  LoginSchema,
  TimeEntryCreateSchema,
} from '@timetracker/contracts';
import { describe, expect, it, vi } from 'vitest';

import { ApiError } from './api-client';
import { applySubmitError, schemaErrors } from './form';

describe('schemaErrors', () => {
  it('keys the contract’s messages by field, as the API would report them', () => {
    const errors = schemaErrors(TimeEntryCreateSchema, {
      projectId: 3,
      startTime: '2026-03-02T10:00:00Z',
      endTime: '2026-03-02T09:00:00Z',
    });
    expect(errors).toEqual({ endTime: 'can’t be before the start' });
  });

  it('renames paths to the form’s fields and keeps the first message of each', () => {
    const errors = schemaErrors(
      ClientCreateSchema,
      { name: '', defaultHourlyRate: '1.234' },
      { defaultHourlyRate: 'rate' },
    );
    expect(Object.keys(errors).sort()).toEqual(['name', 'rate']);
  });

  it('puts zod’s generic wording in plain words, keeping the contract’s own messages', () => {
    expect(schemaErrors(LoginSchema, { username: '', password: 'x'.repeat(201) })).toEqual({
      username: 'Required',
      password: 'At most 200 characters',
    });
    expect(schemaErrors(ClientCreateSchema, { name: 'Acme', email: 'nope' })).toEqual({
      email: 'Enter an email address such as name@example.com',
    });
    expect(schemaErrors(TimeEntryCreateSchema, { projectId: undefined })).toMatchObject({
      projectId: 'Required',
    });
    const line = schemaErrors(InvoiceItemCreateSchema, { description: 'x', quantity: '0', unitPrice: '1' });
    expect(line).toEqual({ quantity: 'must be more than zero' });
  });

  it('is empty for a valid body', () => {
    expect(schemaErrors(ClientCreateSchema, { name: 'Acme' })).toEqual({});
  });
});

describe('applySubmitError', () => {
  const problem = (body: object, status = 400) => new ApiError(`${status}`, status, { status, ...body });

  it('rewrites the API’s generic zod wording too', () => {
    const setErrors = vi.fn();
    applySubmitError(
      problem({
        detail: 'The request is invalid',
        errors: [
          { path: 'name', message: 'Too small: expected string to have >=1 characters' },
          { path: 'rate', message: 'Invalid input: expected number, received string' },
          { path: 'note', message: 'a rule of the contract' },
        ],
      }),
      { setErrors, fields: ['name', 'rate', 'note'] },
    );
    expect(setErrors).toHaveBeenCalledWith({
      name: 'Required',
      rate: 'Enter a number',
      note: 'a rule of the contract',
    });
  });

  it('puts field errors on the form and returns nothing more when all found a field', () => {
    const setErrors = vi.fn();
    const rest = applySubmitError(
      problem({ detail: 'The request is invalid', errors: [{ path: 'email', message: 'bad address' }] }),
      { setErrors, fields: ['name', 'email'] },
    );
    expect(setErrors).toHaveBeenCalledWith({ email: 'bad address' });
    expect(rest).toBeNull();
  });

  it('returns the detail, and errors on fields the form lacks, for showing above the form', () => {
    const setErrors = vi.fn();
    const rest = applySubmitError(
      problem({ detail: 'The request is invalid', errors: [{ path: 'userId', message: 'Unknown field' }] }),
      { setErrors, fields: ['name'] },
    );
    expect(rest).toBe('The request is invalid — userId: Unknown field');
  });

  it('maps renamed paths (from/to of a range onto one picker)', () => {
    const setErrors = vi.fn();
    applySubmitError(
      problem({ errors: [{ path: 'to', message: 'at most 366 days' }] }),
      { setErrors, fields: ['range'] },
      { to: 'range' },
    );
    expect(setErrors).toHaveBeenCalledWith({ range: 'at most 366 days' });
  });

  it('describes a conflict or a network failure', () => {
    expect(
      applySubmitError(problem({ detail: 'Already exists' }, 409), { setErrors: vi.fn(), fields: [] }),
    ).toBe('Already exists');
    expect(
      applySubmitError(new ApiError('Cannot reach the API (Failed to fetch)', 0), {
        setErrors: vi.fn(),
        fields: [],
      }),
    ).toBe('Cannot reach the API (Failed to fetch)');
  });
});

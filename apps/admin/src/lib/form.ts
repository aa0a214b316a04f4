import type { z } from 'zod';

import { ApiError, describeError } from './api-client';
import { displayPreferences } from './display';
import { friendlyIssue, friendlyServerMessage } from './form-messages';

export type FieldErrors = Record<string, string>;

/**
 * Validates what a form would send with the contract's schema (the API validates with the same
 * one), keyed by the form's field names: `rename` maps API paths to fields where they differ.
 */
export function schemaErrors(
  schema: z.ZodType,
  body: unknown,
  rename: Record<string, string> = {},
): FieldErrors {
  // zod's generic wording ("Too small: expected string…") in plain words; a contract's own
  // messages win over this map.
  const result = schema.safeParse(body, { error: friendlyIssue });
  if (result.success) return {};
  const errors: FieldErrors = {};
  for (const issue of result.error.issues) {
    const path = issue.path.map(String).join('.');
    const field = rename[path] ?? path;
    errors[field] ??= issue.message;
  }
  return errors;
}

export interface SubmitErrorTarget {
  setErrors: (errors: FieldErrors) => void;
  /** Fields the form has, so an error on anything else is shown as a general message. */
  fields: readonly string[];
}

/**
 * Puts a 400's field errors next to their fields and returns what is left to show above the
 * form (a 409's detail, an error on a field the form does not have, a network failure).
 */
export function applySubmitError(
  error: unknown,
  target: SubmitErrorTarget,
  rename: Record<string, string> = {},
): string | null {
  if (!(error instanceof ApiError)) return describeError(error);
  const onFields: FieldErrors = {};
  const elsewhere: string[] = [];
  for (const [path, message] of Object.entries(error.fieldErrors)) {
    const field = rename[path] ?? path;
    const text = friendlyServerMessage(message);
    if (target.fields.includes(field)) onFields[field] = text;
    else elsewhere.push(path ? `${path}: ${text}` : text);
  }
  target.setErrors(onFields);
  if (Object.keys(onFields).length > 0 && elsewhere.length === 0) return null;
  return [error.problem?.detail ?? error.message, ...elsewhere].join(' — ');
}

/**
 * A wall-clock field ("HH:mm") as Mantine's TimePicker wants it: in the person's clock (12 or
 * 24 hours, never the browser locale's: a native time input showed "02:00 AM" beside the app's
 * 24-hour times), and without the seconds the picker adds to what it reports.
 */
export function clockProps<T extends { value?: unknown; onChange: (value: string) => void }>(props: T) {
  return {
    ...props,
    format: displayPreferences().clock,
    value: typeof props.value === 'string' ? props.value : '',
    onChange: (value: string) => props.onChange(value.slice(0, 5)),
  };
}

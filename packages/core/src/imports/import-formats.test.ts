import { describe, expect, it } from 'vitest';
import { resolveColumns } from './import-formats';

describe('the columns of a generic CSV', () => {
  const headers = ['Began', 'Finished', 'email', 'Tags', 'Notes'];

  it('are matched by the field’s own name, and a mapping picks others', () => {
    expect(resolveColumns('generic', headers, { columns: { start: 'Began', end: 'Finished' } })).toEqual({
      start: 'Began',
      end: 'Finished',
      email: 'email',
      tags: 'Tags',
      description: 'Notes',
    });
  });

  it('leave out a field mapped to null, though a header has its name', () => {
    expect(resolveColumns('generic', headers, { columns: { tags: null, description: null } })).toEqual({
      email: 'email',
    });
  });

  it('ignore a mapping to a header the file does not have', () => {
    expect(resolveColumns('generic', headers, { columns: { start: 'Started' } })).toEqual({
      email: 'email',
      tags: 'Tags',
      description: 'Notes',
    });
  });
});

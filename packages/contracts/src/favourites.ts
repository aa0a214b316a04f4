import { z } from 'zod';
import { IdParamSchema, IdSchema, InstantResponseSchema, text } from './common/input';
import { TagsSchema } from './time-entries';

// Favourites: project/task/notes/tags combinations a user pins to start a timer in one click.

const id = IdSchema;
const isoDateTime = InstantResponseSchema;

/** The strip shows this many at most (Alt+Shift+1..9 starts the first nine). */
export const MAX_FAVOURITES = 50;

export const FavouriteResponseSchema = z.object({
  id: z.number().int(),
  projectId: z.number().int(),
  projectName: z.string(),
  clientName: z.string().nullable(),
  taskId: z.number().int().nullable(),
  taskName: z.string().nullable(),
  notes: z.string().nullable(),
  tags: z.array(z.string()),
  billable: z.boolean().nullable().describe("null = the project's billable flag"),
  position: z.number().int().describe('1 = first in the strip'),
  createdAt: isoDateTime,
});

export const FavouriteCreateSchema = z.strictObject({
  projectId: id,
  taskId: id.nullable().optional().describe('Must belong to the project'),
  notes: text().max(5000).nullable().optional(),
  tags: TagsSchema.optional(),
  billable: z.boolean().nullable().optional().describe("null or absent = the project's billable flag"),
  position: z.number().int().min(1).max(MAX_FAVOURITES).optional().describe('Default: last'),
});

export const FavouriteUpdateSchema = z
  .strictObject({
    projectId: id.optional(),
    taskId: id.nullable().optional(),
    notes: text().max(5000).nullable().optional(),
    tags: TagsSchema.optional(),
    billable: z.boolean().nullable().optional(),
    position: z.number().int().min(1).max(MAX_FAVOURITES).optional().describe('Moves it; the others shift'),
  })
  .refine((v) => Object.keys(v).length > 0, 'nothing to change');

export const FavouriteOrderSchema = z
  .strictObject({
    ids: z
      .array(id)
      .min(1)
      .max(MAX_FAVOURITES)
      .refine((ids) => new Set(ids).size === ids.length, 'each favourite once')
      .describe(
        'Your favourites in the order wanted (1 = first); those left out (hidden ones, say) follow in their order',
      ),
  })
  .describe('The order of your favourites in the strip');

export const FavouriteIdParamSchema = IdParamSchema;
export const FavouriteListResponseSchema = z.object({
  items: z
    .array(FavouriteResponseSchema)
    .describe('In strip order; those whose project is archived are hidden'),
});

export type FavouriteResponse = z.infer<typeof FavouriteResponseSchema>;
export type FavouriteCreate = z.infer<typeof FavouriteCreateSchema>;
export type FavouriteUpdate = z.infer<typeof FavouriteUpdateSchema>;
export type FavouriteOrder = z.infer<typeof FavouriteOrderSchema>;

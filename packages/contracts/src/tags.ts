import { z } from 'zod';
import { IdParamSchema, IdSchema, InstantResponseSchema, text } from './common/input';
import { pageOf, PageQuerySchema } from './common/pagination';

const queryBool = z.enum(['true', 'false']).transform((v) => v === 'true');

export const TagSchema = text()
  .trim()
  .min(1)
  .max(50)
  .regex(/^[^,]+$/, 'must not contain a comma');

export const TAG_MODES = ['any', 'all'] as const;
export type TagMode = (typeof TAG_MODES)[number];

/** `#rrggbb`, lower case (the dashboard's colour picker writes it so). */
export const TagColourSchema = text()
  .regex(/^#[0-9a-fA-F]{6}$/, 'a colour like #1c7ed6')
  .transform((v) => v.toLowerCase());

export const TagResponseSchema = z.object({
  id: z.number().int(),
  name: z.string(),
  colour: z.string().nullable().describe('#rrggbb; null for the default grey'),
  archived: z.boolean().describe('Stays on the entries that have it; cannot be put on another'),
  entries: z.number().int().describe('Entries that carry the tag'),
  createdAt: InstantResponseSchema,
});

export const TagListQuerySchema = PageQuerySchema.extend({
  search: text().max(50).optional().describe('Part of the name, any case; names that start with it first'),
  archived: queryBool.optional().describe('Only archived (true) or only usable (false) tags; default both'),
}).strict();

export const TagCreateSchema = z.strictObject({
  name: TagSchema,
  colour: TagColourSchema.nullable().optional(),
});

export const TagUpdateSchema = z.strictObject({
  name: TagSchema.optional().describe('Renames the tag on every entry that has it (admins)'),
  colour: TagColourSchema.nullable().optional().describe('Admins'),
  archived: z.boolean().optional().describe('Admins'),
});

export const TagMergeSchema = z.strictObject({
  into: IdSchema.describe('The tag that stays: entries with either tag end with one link to it'),
});

export const TagMergeResponseSchema = z.object({
  tag: TagResponseSchema.describe('The tag that stayed'),
  moved: z.number().int().describe('Entries that got the tag in place of the merged one'),
  alreadyTagged: z.number().int().describe('Entries that had both: they keep one link'),
});

export const TagIdParamSchema = IdParamSchema;
export const TagPageResponseSchema = pageOf(TagResponseSchema);

/**
 * Tag names in a query string: `tags=a,b` or repeated `tags=a&tags=b`, trimmed, empties dropped.
 * With `tagMode` any (default) an entry carrying one of them matches, with all only one carrying
 * every one; names match ignoring case.
 */
export const TagNamesQuerySchema = z
  .union([text().max(1000), z.array(text().max(1000)).max(50)])
  .transform((v) =>
    (Array.isArray(v) ? v : [v])
      .flatMap((s) => s.split(','))
      .map((t) => t.trim())
      .filter(Boolean),
  )
  .describe('Tag names, comma-separated or repeated; see tagMode');

export const TagModeQuerySchema = z
  .enum(TAG_MODES)
  .optional()
  .describe('any (default): entries with at least one of the tags; all: entries with every one');

export type TagResponse = z.infer<typeof TagResponseSchema>;
export type TagCreate = z.infer<typeof TagCreateSchema>;
export type TagUpdate = z.infer<typeof TagUpdateSchema>;
export type TagListQuery = z.infer<typeof TagListQuerySchema>;
export type TagMerge = z.infer<typeof TagMergeSchema>;
export type TagMergeResponse = z.infer<typeof TagMergeResponseSchema>;

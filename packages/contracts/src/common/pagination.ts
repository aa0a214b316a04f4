import { z } from 'zod';

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 500;

/** `page`, `pageSize` and `sort` as every list endpoint takes them (query strings, so coerced). */
export const PageQuerySchema = z.object({
  page: z.coerce.number().int().min(1).max(1_000_000).default(1).describe('1-based page number'),
  pageSize: z.coerce
    .number()
    .int()
    .min(1)
    .max(MAX_PAGE_SIZE)
    .default(DEFAULT_PAGE_SIZE)
    .describe(`Items per page (max ${MAX_PAGE_SIZE})`),
});

/** A sort parameter limited to the given fields; `-field` sorts descending. */
export function sortParam<const F extends readonly [string, ...string[]]>(fields: F, fallback: string) {
  const values = fields.flatMap((f) => [f, `-${f}`]) as [string, ...string[]];
  return z
    .enum(values)
    .default(fallback)
    .describe(`Sort field, prefixed with - for descending: ${fields.join(', ')}`);
}

export function pageOf<T extends z.ZodType>(item: T) {
  return z.object({
    items: z.array(item),
    total: z.number().int().nonnegative().describe('Items matching the filters, all pages'),
    page: z.number().int().min(1),
    pageSize: z.number().int().min(1),
  });
}

export type PageQuery = z.infer<typeof PageQuerySchema>;

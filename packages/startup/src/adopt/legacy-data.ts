import type { Client } from 'pg';

export interface LegacyDataResult {
  settingsRowsRemoved: number;
  clientsCreated: number;
  projectsLinked: number;
  entriesLinked: number;
  /** Ids listed in invoice_items.time_entry_ids that no longer exist or were listed twice. */
  unresolvedEntryIds: string[];
  tasksRenamedStatus: number;
}

/**
 * The legacy shapes that need their data converted, run after the columns exist and before
 * the baseline's constraints are added.
 */
export async function convertLegacyData(client: Client): Promise<LegacyDataResult> {
  // The original init script could insert the settings row more than once; the lowest id is the one in force.
  const removed = await client.query(`DELETE FROM settings WHERE id > (SELECT min(id) FROM settings)`);
  await client.query(`UPDATE settings SET id = 1 WHERE id <> 1`);

  // Free-text projects.client becomes a row in clients (names matched after trimming), numbered
  // in the order the projects first named them.
  const clients = await client.query(
    `INSERT INTO clients (name)
     SELECT btrim(client) FROM projects
      WHERE client_id IS NULL AND client IS NOT NULL AND btrim(client) <> ''
      GROUP BY btrim(client)
      ORDER BY min(id)
     ON CONFLICT (name) DO NOTHING`,
  );
  const linked = await client.query(
    `UPDATE projects p SET client_id = c.id
       FROM clients c
      WHERE p.client_id IS NULL AND c.name = btrim(p.client)`,
  );

  // Comma-separated invoice_items.time_entry_ids become the real link time_entries.invoice_item_id.
  // An entry listed on several lines is linked to the first one (lowest id) and reported.
  const listed = await client.query<{ item_id: number; token: string; entry_id: number | null }>(
    `SELECT ii.id AS item_id, btrim(tok) AS token, te.id AS entry_id
       FROM invoice_items ii
       CROSS JOIN LATERAL unnest(string_to_array(ii.time_entry_ids, ',')) AS tok
       LEFT JOIN time_entries te ON btrim(tok) ~ '^[0-9]{1,9}$' AND te.id = btrim(tok)::int
      WHERE ii.time_entry_ids IS NOT NULL AND btrim(tok) <> ''
      ORDER BY ii.id`,
  );
  const unresolved: string[] = [];
  const firstItemOf = new Map<number, number>();
  for (const row of listed.rows) {
    if (row.entry_id === null) unresolved.push(`item ${row.item_id}: "${row.token}" (no such entry)`);
    else if (firstItemOf.has(row.entry_id))
      unresolved.push(`item ${row.item_id}: entry ${row.entry_id} already billed`);
    else firstItemOf.set(row.entry_id, row.item_id);
  }
  let entriesLinked = 0;
  if (firstItemOf.size > 0) {
    const res = await client.query(
      `UPDATE time_entries te SET invoice_item_id = l.item_id
         FROM unnest($1::int[], $2::int[]) AS l(entry_id, item_id)
        WHERE te.id = l.entry_id AND te.invoice_item_id IS NULL`,
      [[...firstItemOf.keys()], [...firstItemOf.values()]],
    );
    entriesLinked = res.rowCount ?? 0;
  }

  // The ORM-era vocabulary said 'todo' where ours (and the first app's) says 'pending'.
  const tasks = await client.query(`UPDATE tasks SET status = 'pending' WHERE status = 'todo'`);

  return {
    settingsRowsRemoved: removed.rowCount ?? 0,
    clientsCreated: clients.rowCount ?? 0,
    projectsLinked: linked.rowCount ?? 0,
    entriesLinked,
    unresolvedEntryIds: unresolved,
    tasksRenamedStatus: tasks.rowCount ?? 0,
  };
}

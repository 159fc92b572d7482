/**
 * SQLite through Prisma refuses a statement with more than 999 parameters (P2029). Where a query must name rows by id
 * and no materialised-path range fits, it runs once per chunk of ids.
 */
export const MAX_IDS_PER_QUERY = 500;

export async function inChunks<T, R>(ids: readonly T[], query: (chunk: T[]) => Promise<R[]>): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < ids.length; i += MAX_IDS_PER_QUERY)
    out.push(...(await query(ids.slice(i, i + MAX_IDS_PER_QUERY))));
  return out;
}

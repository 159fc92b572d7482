/**
 * Reading by a long list of ids or codes without one statement per item and without passing SQLite's 999 bound
 * parameters (or PostgreSQL's 65,535): the list goes in slices, one statement each.
 */

/** Items bound per statement, leaving room for the statement's other parameters. */
export const ITEMS_PER_QUERY = 500;

export async function inChunks<T, R>(
  items: readonly T[],
  read: (chunk: T[]) => Promise<R[]>,
  size = ITEMS_PER_QUERY,
): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < items.length; i += size) for (const r of await read(items.slice(i, i + size))) out.push(r);
  return out;
}

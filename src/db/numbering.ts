/**
 * Numbers people read (announcement 12, consultation GY3) are the largest one so far plus one, taken inside the
 * transaction that stores the row. One SQLite file has one writer at a time; on PostgreSQL two processes may take the
 * same number at once, and the unique key refuses the second: that transaction is run again and takes the next one.
 */
export const UNIQUE_CLASH = "P2002";

export async function withNextNumber<T>(store: () => Promise<T>, attempts = 8): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await store();
    } catch (err) {
      if ((err as { code?: string }).code !== UNIQUE_CLASH || attempt >= attempts) throw err;
    }
  }
}

/**
 * A conversation step's writes, made once (issue 25.6). The engine writes a step's end after the step's own
 * transaction; a process killed between the two handles the same answer again after a restart, against the step it
 * never left. The step's transaction records its result under the stored step's key (`ctx.stepKey`), so the second
 * handling finds it and answers with the opinion or consultation already stored instead of storing another.
 */

import { UNIQUE_CLASH } from "../db/numbering.js";
import type { Db } from "../db/types.js";
import type { Prisma } from "../generated/prisma/client.js";

export type Tx = Prisma.TransactionClient;

/** Runs `write` in one transaction with the record of its result under `key`; a key already recorded gives that. */
export async function writtenOnce<T>(db: Db, key: string | undefined, write: (tx: Tx) => Promise<T>): Promise<T> {
  if (!key) return db.$transaction(write);
  const earlier = await recorded<T>(db, key);
  if (earlier) return earlier.outcome;
  try {
    return await db.$transaction(async (tx) => {
      const result = await write(tx);
      await tx.stepOutcome.create({ data: { key, outcome: JSON.stringify(result ?? null) } });
      return result;
    });
  } catch (err) {
    // Another handling of the same step committed first; any other clash (a number taken) is the caller's.
    const clash = (err as { code?: string }).code === UNIQUE_CLASH;
    const first = clash ? await recorded<T>(db, key) : undefined;
    if (!first) throw err;
    return first.outcome;
  }
}

/**
 * For work of several transactions (a deadline with its units and periods): runs it unless `key` is recorded, then
 * records it. Not one transaction: a kill in the one statement between the work and its record still repeats it.
 */
export async function doneOnce<T>(db: Db, key: string | undefined, run: () => Promise<T>): Promise<T> {
  if (!key) return run();
  const earlier = await recorded<T>(db, key);
  if (earlier) return earlier.outcome;
  const result = await run();
  await db.stepOutcome.upsert({
    where: { key },
    create: { key, outcome: JSON.stringify(result ?? null) },
    update: {},
  });
  return result;
}

async function recorded<T>(db: Db, key: string): Promise<{ outcome: T } | undefined> {
  const row = await db.stepOutcome.findUnique({ where: { key } });
  return row ? { outcome: JSON.parse(row.outcome) as T } : undefined;
}

/** Forgets outcomes older than a week: no update is handled again that late. */
export async function pruneStepOutcomes(db: Db, now: Date): Promise<number> {
  const { count } = await db.stepOutcome.deleteMany({
    where: { createdAt: { lt: new Date(now.getTime() - 7 * 86_400_000) } },
  });
  return count;
}

import type { Db } from "../db/client.js";
import { Prisma } from "../db/client.js";

/** True the first time an update id is seen on a platform; false for a redelivery. */
export async function firstTimeSeen(db: Db, platform: string, updateId: string): Promise<boolean> {
  try {
    await db.processedUpdate.create({ data: { platform, updateId } });
    return true;
  } catch (err) {
    if (err instanceof Prisma.PrismaClientKnownRequestError && err.code === "P2002") return false;
    throw err;
  }
}

/** Forget update ids older than a week (platforms never redeliver that late). */
export async function pruneProcessedUpdates(db: Db, now: Date): Promise<number> {
  const { count } = await db.processedUpdate.deleteMany({ where: { at: { lt: new Date(now.getTime() - 7 * 86_400_000) } } });
  return count;
}

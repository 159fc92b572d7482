import { type Db, sqlTime } from "../db/client.js";
import type { HotStorage } from "../db/hot-store.js";

/** True the first time an update id is seen on a platform; false for a redelivery (one statement on the hot path). */
export function firstTimeSeen(hot: HotStorage, platform: string, updateId: string, now = new Date()): Promise<boolean> {
  return hot.markUpdate(platform, updateId, sqlTime(now));
}

/** Forget update ids older than a week (platforms never redeliver that late). */
export async function pruneProcessedUpdates(db: Db, now: Date): Promise<number> {
  const { count } = await db.processedUpdate.deleteMany({
    where: { at: { lt: new Date(now.getTime() - 7 * 86_400_000) } },
  });
  return count;
}

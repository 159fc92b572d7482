/**
 * #25.6: BENCH_REPLAY_KILLS (50) SIGKILLs of a real bot process at random moments around the window between the core's
 * commit of an opinion ("Gửi" of /gopy) and the sending of its replies, each followed by a restart on the same database
 * (test/helpers/replay-rig.ts). The process pauses BENCH_REPLAY_PAUSE_MS (100) after the core handled the press, so
 * the window has a width; each kill lands uniformly 0–BENCH_REPLAY_SPREAD_MS (300) after the press was stored (a fixed
 * seed): before the core, during its writes, in the pause, while the replies are recorded and sent, or after. Counts
 * members left without "Cảm ơn bạn!" (target 0), told twice, and opinions stored twice.
 */
import { closeDatabase, openDatabase } from "../src/db/client.js";
import { atReview, killAtSend, replayRig } from "../test/helpers/replay-rig.js";
import { BENCH_ENGINE, benchSchema } from "./bench-db.js";
import { report, tempDir } from "./util.js";

const KILLS = Number(process.env.BENCH_REPLAY_KILLS ?? 50);
const PAUSE_MS = Number(process.env.BENCH_REPLAY_PAUSE_MS ?? 100);
const SPREAD_MS = Number(process.env.BENCH_REPLAY_SPREAD_MS ?? 300);

/** mulberry32: the same kill moments every run. */
function seeded(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export async function benchReplay(): Promise<void> {
  const schema = BENCH_ENGINE === "postgresql" ? await benchSchema("replay") : undefined;
  if (BENCH_ENGINE === "postgresql" && !schema) return;
  const url = schema ? `${schema.url}&connection_limit=3` : `file:${tempDir("bench-replay-")}/bench.db`;
  const db = await openDatabase(url);
  const rig = await replayRig(db, url, PAUSE_MS);
  const random = seeded(25_6);
  let unanswered = 0;
  let twice = 0;
  let doubled = 0;
  try {
    const members = Array.from({ length: KILLS }, (_, i) => 8000 + i);
    const presses = await Promise.all(members.map((m) => atReview(rig, m)));
    for (const [i, member] of members.entries()) {
      const afterMs = Math.floor(random() * SPREAD_MS);
      const o = await killAtSend(rig, member, presses[i]!, { afterMs });
      if (o.thanks === 0) unanswered++;
      if (o.thanks > 1) twice++;
      if (o.opinions > 1) doubled++;
      console.log(`replay: kill ${i + 1} at ${afterMs} ms: thanks=${o.thanks} opinions=${o.opinions}`);
    }
  } finally {
    await rig.close();
    await closeDatabase(db);
    await schema?.drop();
  }
  report(
    "replay",
    { engine: BENCH_ENGINE, kills: KILLS, unanswered, toldTwice: twice, storedTwice: doubled },
    "0 members without an answer",
    unanswered === 0,
  );
}

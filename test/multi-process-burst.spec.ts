/**
 * #33's burst with a crash, small enough for CI: an announcement went to 30 groups, ten members of each press "Đã
 * nhận", and the presses are posted to three real bot processes on one PostgreSQL schema in turn (as a load balancer
 * would) while one of them is SIGKILLed after 30% of the presses. A press the dead process no longer answers is posted
 * to a live one, as Telegram delivers it again. The fake Bot API enforces Telegram's limits. Whatever the dead process
 * had stored and not handled is taken over by a live one once its heartbeat is stale. Skipped, saying why, when no
 * PostgreSQL answers.
 */
import { describe, expect, it } from "vitest";
import { FakeClock } from "../src/clock.js";
import { testApp } from "./helpers/app.js";
import type { BotProcess } from "./helpers/bot-processes.js";
import { postgresOrSkip } from "./helpers/postgres.js";
import { groupOf, presses, seedPresses } from "./helpers/presses.js";
import { processRig } from "./helpers/process-rig.js";

const server = await postgresOrSkip("the burst with a kill (three bot processes on one database)");
const GROUPS = 30;
const PER_GROUP = 10;
/** Requests in flight at once (Telegram keeps up to 40 open; fewer here, for CI's two cores). */
const IN_FLIGHT = 10;

/** Posts `update` to the process whose turn it is, or to the next live one if that one does not take it. */
async function post(processes: BotProcess[], turn: number, update: object): Promise<void> {
  for (let i = 0; i < processes.length * 20; i++) {
    const p = processes[(turn + i) % processes.length]!;
    if (p.child.exitCode !== null || p.child.signalCode !== null) continue;
    if ((await p.post(update).catch(() => 0)) === 200) return;
  }
  throw new Error(`no process took update ${(update as { update_id: number }).update_id}`);
}

/** Polls until `done()` holds (bounded by `timeoutMs`; the test's own timeout is the real bound). */
async function until(done: () => Promise<boolean> | boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await done())) {
    if (Date.now() > deadline) throw new Error(`still waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe.skipIf(!server)("a burst of presses to three processes, one SIGKILLed at 30%", () => {
  let announcementId = 0;
  const rig = processRig(server!, {
    count: 3,
    connectionLimit: 5,
    app: (db) => testApp({ db, clock: new FakeClock(new Date()), units: false }),
    async seed({ db, app }) {
      announcementId = await seedPresses(db, app, GROUPS, PER_GROUP);
    },
  });

  it("records every press once and answers every member once", async () => {
    const all = presses(GROUPS, PER_GROUP, announcementId);
    const killAt = Math.floor(all.length * 0.3);
    let next = 0;
    const lane = async () => {
      while (next < all.length) {
        const i = next++;
        if (i === killAt) {
          rig.processes[0]!.kill();
          await rig.processes[0]!.exited;
        }
        await post(rig.processes, i, all[i]!);
      }
    };
    await Promise.all(Array.from({ length: IN_FLIGHT }, lane));

    // Each press stored once and handled (its answer out), those the dead process held by another process.
    const ids = all.map((u) => String((u as { update_id: number }).update_id));
    const handled = () => rig.db.inboxUpdate.count({ where: { updateId: { in: ids }, handledAt: { not: null } } });
    await until(async () => (await handled()) === all.length, 50_000, "every press handled");
    expect(await rig.db.inboxUpdate.count({ where: { updateId: { in: ids } } })).toBe(all.length);
    const tookOver = rig.processes
      .slice(1)
      .map((p) => p.output().includes("handled the updates a stop left unhandled"));
    expect(tookOver).toContain(true);
    // Recorded once: one acknowledgement per unit, whoever pressed first.
    const acks = await rig.db.acknowledgement.findMany({ where: { announcementId } });
    expect(acks).toHaveLength(GROUPS);
    expect(new Set(acks.map((a) => a.unitId)).size).toBe(GROUPS);

    // Every member answered in their group: "received" for the first press, "already" for the other nine. Only an
    // answer the killed process sent just before dying, not yet marked handled, may go out again from its recorded
    // replies (Telegram's sendMessage has no idempotency key): at most the one in flight at the kill.
    const answers = (unit: number) => rig.api.received.filter((r) => r.chat === String(groupOf(unit)));
    const units = Array.from({ length: GROUPS }, (_, i) => 22 + i);
    expect(units.filter((u) => answers(u).length < PER_GROUP)).toEqual([]);
    const extra = units.reduce((n, u) => n + answers(u).length - PER_GROUP, 0);
    expect(extra).toBeLessThanOrEqual(1);
    for (const u of units)
      expect(answers(u).every((r) => r.text.startsWith("Đã ghi nhận") || r.text.includes("đã xác nhận trước đó"))).toBe(
        true,
      );
    // Within Telegram's limits: the shared pace keeps the three processes at 30 a second together, but a send that a
    // loaded process makes late can land in the same second as the 30th; the fake answers it 429 and it goes again
    // after retry_after (the broadcast spec measures the same). Seen: 0 and 1 in a run.
    expect(rig.api.rejected).toBeLessThanOrEqual(5);
    console.log(`${all.length} presses, a kill at 30%: ${extra} answer(s) twice, ${rig.api.rejected} answered 429`);
  }, 90_000);
});

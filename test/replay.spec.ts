/**
 * A bot process SIGKILLed after a "Gửi" of /gopy stored the opinion and before the replies were recorded or sent
 * (#25.6): started again, it sends the answer that step gave ("Cảm ơn bạn!"), once, and the opinion is stored once.
 * The conversation's last write carries the update's replies to its inbox row in the same transaction, so the restart
 * sends them instead of handling the press against a conversation that has already ended. Real processes
 * (test/helpers/replay-rig.ts) on the run's engine; bench/replay.ts kills 50 times.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closeAll, freshDb } from "./helpers/db.js";
import { atReview, killAtSend, type ReplayRig, replayRig } from "./helpers/replay-rig.js";

/** Long enough that the kill lands inside it, whatever the machine's load. */
const PAUSE_MS = 60_000;

describe("a bot process killed between the opinion's commit and its replies", () => {
  let rig: ReplayRig;
  beforeAll(async () => {
    const { db, url } = await freshDb();
    rig = await replayRig(db, url, PAUSE_MS);
  }, 120_000);
  afterAll(async () => {
    await rig?.close();
    await closeAll();
  });

  it("tells the member 'Cảm ơn bạn!' once after the restart, the opinion stored once", async () => {
    const press = await atReview(rig, 701);
    const outcome = await killAtSend(rig, 701, press, "in-pause");
    expect(outcome).toEqual({ thanks: 1, opinions: 1 });
    expect(rig.bot.output()).toContain("sent the replies of an update handled before a stop");
  }, 240_000);

  it("answers every member whose press a kill cut short at other moments around the window", async () => {
    // Before the core handled the press, while it did, and after (a pause of 60 s: these all land before it ends).
    for (const [i, afterMs] of [0, 15, 40, 120].entries()) {
      const member = 710 + i;
      const press = await atReview(rig, member);
      const outcome = await killAtSend(rig, member, press, { afterMs });
      expect(outcome, `killed ${afterMs} ms after the press was stored`).toEqual({ thanks: 1, opinions: 1 });
    }
  }, 600_000);
});

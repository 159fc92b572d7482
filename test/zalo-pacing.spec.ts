/**
 * ZALO_SEND_INTERVAL_MS is a minimum between any two messages the Zalo account sends: after an idle spell, after a
 * rest for Zalo's 221, and between the parts of a long text. Wired as main.ts wires it (one SharedPacer for replies
 * and the outbox, a PacedSender around zca-js's real classes), on a fake clock that the server stamps sends with.
 */
import { afterAll, describe, expect, it } from "vitest";
import { PacedSender } from "../src/scheduler/paced-sender.js";
import { Pacer, SharedPacer } from "../src/scheduler/pacer.js";
import { testApp } from "./helpers/app.js";
import { closeAll } from "./helpers/db.js";
import { type ZaloRig, zaloRig } from "./helpers/zalo.js";

const rigs: ZaloRig[] = [];
afterAll(async () => {
  for (const r of rigs) await r.close().catch(() => undefined);
  await closeAll();
});

const INTERVAL = 1500;
const MEMBER = { uid: "2002", name: "Anh Páo" };

/** Gaps between consecutive moments (sorted). */
const gaps = (at: number[]) => at.slice(1).map((t, i) => t - at[i]!);

async function pacedRig() {
  const app = await testApp();
  // Fake time: a sleep moves the clock at once, so the pacer's waits are measured exactly and the test is quick.
  const time = {
    now: () => app.clock.now().getTime(),
    sleep: async (ms: number) => {
      app.clock.advance(ms);
      await new Promise((r) => setImmediate(r));
    },
  };
  const pacer = new SharedPacer({ perSecond: 1000, perChatPerMinute: 20, minIntervalMs: INTERVAL }, time);
  let paced: PacedSender | undefined;
  const rig = await zaloRig(app, {
    restMs: 60_000,
    time,
    sendIntervalMs: INTERVAL,
    wrapSender: (s) => {
      paced = new PacedSender(s, pacer, { timeoutMs: 5000 });
      return paced;
    },
  });
  rigs.push(rig);
  rig.server.clock = time.now;
  return { app, rig, server: rig.server, paced: paced!, clock: app.clock };
}

describe("ZALO_SEND_INTERVAL_MS", () => {
  it("is kept between the first two replies after an idle spell and after a rest for 221, and between parts", async () => {
    const { rig, server, paced, clock } = await pacedRig();
    await rig.group("8880001", [{ ...MEMBER, text: "/trogiup" }]);
    clock.advance(60_000); // idle
    await server.pushGroup("8880002", [{ ...MEMBER, text: "/trogiup" }]);
    await server.pushGroup("8880003", [{ ...MEMBER, text: "/trogiup" }]);
    await rig.settle(2);
    expect(server.sent).toHaveLength(3);
    // Zalo says "too many requests" once: the account rests, then the next two replies keep the interval.
    server.failures.push({ path: /\/(quote|sendmsg)$/, code: 221, message: "Vượt quá số request cho phép", times: 1 });
    await server.pushGroup("8880004", [{ ...MEMBER, text: "/trogiup" }]);
    await server.pushGroup("8880005", [{ ...MEMBER, text: "/trogiup" }]);
    await rig.settle(2);
    expect(server.sent).toHaveLength(5);
    // A text longer than 2,000 characters goes out as two messages: those are two sends too.
    const long = Array.from({ length: 80 }, (_, i) => `Dòng ${i + 1}: ${"nội dung ".repeat(4)}`).join("\n");
    await paced.send({ chatId: "8880001", reply: { kind: "text", text: long } });
    expect(server.sent).toHaveLength(7);
    const seen = gaps(server.sent.map((s) => s.at).sort((a, b) => a - b));
    expect(Math.min(...seen)).toBeGreaterThanOrEqual(INTERVAL);
  });

  it("the pacer alone never hands out two slots closer than the interval, idle or rested", () => {
    const pacer = new Pacer({ perSecond: 1000, perChatPerMinute: 20, minIntervalMs: INTERVAL });
    let now = 1_000_000;
    const slots: number[] = [];
    const take = () => {
      now += pacer.globalDelay(now);
      pacer.record(String(slots.length), now);
      slots.push(now);
    };
    take();
    now += 60_000; // idle
    take();
    take();
    pacer.pause(now + 60_000); // 221: rest a minute
    take();
    take();
    expect(Math.min(...gaps(slots))).toBeGreaterThanOrEqual(INTERVAL);
  });
});

/**
 * A real bot process (src/main.ts, Telegram webhook, test/helpers/bot-processes.ts) killed while a member's "Gửi" of
 * /gopy is being handled, and started again on the same database: used by test/replay.spec.ts and bench/replay.ts.
 * The process pauses after the core handled a button press (TEST_PAUSE_AFTER_COMMIT_MS: the opinion stored, its
 * conversation ended) and before the adapter records and sends the replies, so a kill can land there on purpose.
 * SQLite (one process on the file; the restart replays at once) or PostgreSQL (the restart takes the dead process's
 * rows over once they are stale, about 15 s).
 */

import type { App } from "../../src/app.js";
import { FakeClock } from "../../src/clock.js";
import type { Db } from "../../src/db/client.js";
import { giveRole, testApp } from "./app.js";
import {
  type BotProcess,
  callbackUpdate,
  messageUpdate,
  startBotProcess,
  waitForMessages,
  waitHandled,
} from "./bot-processes.js";
import { type FakeBotApi, startFakeBotApi } from "./fake-bot-api.js";

export const PAUSE_LINE = "paused after the core's writes (test)";
export const THANKS = "Cảm ơn bạn!";

export interface ReplayRig {
  db: Db;
  app: App;
  api: FakeBotApi;
  bot: BotProcess;
  /** A process on the database again after a kill (replaying what the dead one left; a replay does not pause). */
  restart(): Promise<void>;
  close(): Promise<void>;
}

/** Seeds an open consultation over LC, starts the fake Bot API and one bot process pausing `pauseMs` after a press. */
export async function replayRig(db: Db, databaseUrl: string, pauseMs: number): Promise<ReplayRig> {
  const app = await testApp({ db, clock: new FakeClock(new Date()) });
  await giveRole(app, "9100", "Cán bộ tỉnh", "staff", "LC");
  const staff = await app.services.people.resolve("telegram", "9100", "Cán bộ tỉnh");
  const opened = await app.services.consultations.open(staff, {
    title: "Góp ý dự thảo văn kiện",
    items: ["Dự thảo Báo cáo chính trị", "Dự thảo Báo cáo kinh tế - xã hội"],
    rootUnitCode: "LC",
    closesAt: new Date(Date.now() + 30 * 86_400_000),
  });
  if (!opened.ok) throw new Error("the consultation did not open");
  const api = await startFakeBotApi();
  const start = () =>
    startBotProcess(0, { databaseUrl, apiRoot: api.url, env: { TEST_PAUSE_AFTER_COMMIT_MS: String(pauseMs) } });
  const rig: ReplayRig = {
    db,
    app,
    api,
    bot: await start(),
    async restart() {
      rig.bot = await start();
    },
    async close() {
      if (rig.bot.child.exitCode === null && rig.bot.child.signalCode === null) {
        rig.bot.child.kill("SIGTERM");
        await rig.bot.exited;
      }
      await api.close();
    },
  };
  return rig;
}

/** Posts an update and waits until it is handled (its replies out); returns what went to the member meanwhile. */
async function step(rig: ReplayRig, member: number, update: object) {
  const before = rig.api.received.filter((r) => r.chat === String(member)).length;
  if ((await rig.bot.post(update)) !== 200) throw new Error("the webhook refused an update");
  await waitHandled(rig.db, update);
  return rig.api.received.filter((r) => r.chat === String(member)).slice(before);
}

/**
 * A member of LC-TD-01 typed through /gopy up to its review (typed answers: no pause); returns the "Gửi" press, not
 * yet posted.
 */
export async function atReview(rig: ReplayRig, member: number): Promise<object> {
  await giveRole(rig.app, String(member), `Đoàn viên ${member}`, "member", "LC-TD-01");
  await step(rig, member, messageUpdate(member, "/gopy"));
  await step(rig, member, messageUpdate(member, "1"));
  await step(rig, member, messageUpdate(member, "2"));
  const review = await step(rig, member, messageUpdate(member, `Ý kiến bổ sung của đoàn viên ${member}.`));
  const send = review.at(-1)?.buttons[0];
  if (send?.text !== "Gửi" || !send.data) throw new Error(`no review: ${JSON.stringify(review)}`);
  return callbackUpdate(member, send.data);
}

/** When the kill lands: in the pause (once its log line is out), or a number of ms after the press was stored. */
export type KillAt = "in-pause" | { afterMs: number };

export interface KillOutcome {
  /** "Cảm ơn bạn!" messages the member got for the press, before and after the restart. */
  thanks: number;
  /** Opinions stored for the member. */
  opinions: number;
}

/** Posts the press, SIGKILLs the process at `at`, starts it again and waits until the press is handled. */
export async function killAtSend(rig: ReplayRig, member: number, press: object, at: KillAt): Promise<KillOutcome> {
  const mine = () => rig.api.received.filter((r) => r.chat === String(member));
  const before = mine().length;
  const updateId = (press as { update_id: number }).update_id;
  if ((await rig.bot.post(press)) !== 200) throw new Error("the webhook refused the press");
  if (at === "in-pause") await pauseOf(rig.bot, updateId);
  else await new Promise((r) => setTimeout(r, at.afterMs));
  rig.bot.kill();
  await rig.bot.exited;
  await rig.restart();
  await waitHandled(rig.db, press, 90_000);
  // The replies went out before the row was marked handled: all of them are at the fake by now.
  await waitForMessages(rig.api.received, member, before + 1, 30_000).catch(() => undefined);
  const person = await rig.app.services.people.resolve("telegram", String(member), `Đoàn viên ${member}`);
  return {
    thanks: mine()
      .slice(before)
      .filter((r) => r.text.startsWith(THANKS)).length,
    opinions: await rig.db.opinion.count({ where: { personId: person.personId } }),
  };
}

/** Waits until the process logged its pause for this update. */
async function pauseOf(bot: BotProcess, updateId: number): Promise<void> {
  const deadline = Date.now() + 60_000;
  const paused = () =>
    bot
      .output()
      .split("\n")
      .some((line) => line.includes(PAUSE_LINE) && line.includes(`"updateId":${updateId}`));
  while (!paused()) {
    if (Date.now() > deadline) throw new Error(`no pause for update ${updateId}:\n${bot.output().slice(-3000)}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

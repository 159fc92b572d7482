/**
 * One reminder goes out once, whatever triggers it: the bot's clock jumping forward while a chat's messages are being
 * sent (the playground's clock button), two clock moves at once with the minute's own run between them, and two
 * processes on one database (the last is in reminders.spec.ts).
 */
import { afterAll, describe, expect, it, vi } from "vitest";
import { FakeClock } from "../src/clock.js";
import { readDatePhrase } from "../src/domain/dates/phrases.js";
import type { Outgoing } from "../src/platforms/port.js";
import { advanceToNextPost } from "../src/scheduler/advance.js";
import { OutboxWorker } from "../src/scheduler/outbox-worker.js";
import { Scheduler } from "../src/scheduler/reminders.js";
import type { OutboxService } from "../src/services/outbox.js";
import { giveRole, testApp } from "./helpers/app.js";
import { closeAll } from "./helpers/db.js";
import { FakeSender } from "./helpers/fake-sender.js";

afterAll(closeAll);

const at = (local: string) => new Date(`${local}+07:00`);
const DAY_MS = 86_400_000;

/** A sender whose first send waits until the test lets it go (a slow send the clock jumps over). */
class HeldSender extends FakeSender {
  private release?: () => void;
  readonly holding: Promise<void>;
  private holdingNow?: () => void;
  constructor() {
    super("telegram");
    this.holding = new Promise((r) => {
      this.holdingNow = r;
    });
  }
  private held = false;
  override async send(out: Outgoing): Promise<{ messageId: string }> {
    if (!this.held) {
      this.held = true;
      await new Promise<void>((r) => {
        this.release = r;
        this.holdingNow?.();
      });
    }
    return super.send(out);
  }
  letGo(): void {
    this.release?.();
  }
}

/** The outbox, telling the test each time a claim has been made. */
function watched(outbox: OutboxService): { outbox: OutboxService; nextClaim: () => Promise<void> } {
  let waiting: (() => void)[] = [];
  const spy = Object.create(outbox) as OutboxService;
  spy.claim = async (...args: Parameters<OutboxService["claim"]>) => {
    const rows = await outbox.claim(...args);
    const done = waiting;
    waiting = [];
    for (const w of done) w();
    return rows;
  };
  return { outbox: spy, nextClaim: () => new Promise<void>((r) => waiting.push(r)) };
}

describe("a reminder is sent once", () => {
  it("when the bot's clock jumps days ahead while a chat's messages are being sent", async () => {
    const clock = new FakeClock(at("2026-03-02T09:00:00"));
    const app = await testApp({ clock, units: false });
    await app.services.outbox.enqueue(
      ["a", "b", "c"].map((k) => ({
        key: `rem-test:${k}`,
        platform: "telegram",
        platformChatId: "-7",
        kind: "reminder" as const,
        reply: { kind: "text" as const, text: `nhắc ${k}` },
      })),
    );
    const sender = new HeldSender();
    const { outbox, nextClaim } = watched(app.services.outbox);
    const worker = new OutboxWorker({
      outbox,
      senders: { telegram: sender },
      pacing: { telegram: { perSecond: 1000, perChatPerMinute: 1000 } },
      clock,
      logger: app.logger,
    });
    worker.start(5);
    await sender.holding;
    // The playground's button moves the clock a week ahead while the first message is on its way; the worker claims
    // again meanwhile. The rows it holds must not look abandoned to it.
    clock.advance(7 * DAY_MS);
    await nextClaim();
    await nextClaim();
    sender.letGo();
    await vi.waitFor(async () => expect(await app.services.outbox.counts()).toEqual({ sent: 3 }), {
      timeout: 10_000,
      interval: 20,
    });
    await worker.stop();
    expect(sender.sent.map((o) => (o.reply as { text: string }).text)).toEqual(["nhắc a", "nhắc b", "nhắc c"]);
  });

  it("when two clock moves and the minute's own run happen at once", async () => {
    const clock = new FakeClock(at("2026-03-02T09:00:00"));
    const app = await testApp({ clock });
    for (const code of ["LC-PT", "LC-TD"]) {
      const unit = await app.db.unit.findUniqueOrThrow({ where: { code } });
      await app.db.chat.create({
        data: { platform: "telegram", platformChatId: `chat-${code}`, kind: "group", unitId: unit.id },
      });
    }
    await giveRole(app, "1", "Cán bộ tỉnh", "staff", "LC");
    const staff = await app.services.people.resolve("telegram", "1", "Cán bộ tỉnh");
    const lc = await app.db.unit.findUniqueOrThrow({ where: { code: "LC" } });
    const owing = await app.db.unit.findMany({ where: { code: { in: ["LC-PT", "LC-TD"] } } });
    for (const phrase of ["chậm nhất ngày 20/3/2025", "chậm nhất ngày 10/3/2026"])
      await app.services.deadlines.create(staff, {
        what: `Báo cáo ${phrase}`,
        phrase,
        spec: readDatePhrase(phrase)!.spec,
        owingUnitIds: owing.map((u) => u.id),
        rootUnitId: lc.id,
      });
    const scheduler = new Scheduler(app);
    const press = () => advanceToNextPost(app, scheduler, (t) => clock.set(t));
    await Promise.all([press(), scheduler.tick(), press(), scheduler.tick()]);
    await Promise.all([press(), press()]);
    const sender = new FakeSender();
    await new OutboxWorker({
      outbox: app.services.outbox,
      senders: { telegram: sender },
      pacing: { telegram: { perSecond: 1000, perChatPerMinute: 1000 } },
      clock,
      logger: app.logger,
      time: { now: () => clock.now().getTime(), sleep: async () => undefined },
    }).drain();
    const texts = sender.sent.map((o) => `${o.chatId} ${(o.reply as { text: string }).text}`);
    expect(texts.length).toBeGreaterThan(0);
    expect(new Set(texts).size).toBe(texts.length);
  });
});

/**
 * Sends what the outbox holds. Each platform runs on its own: its own claims, its own lanes (one per chat, in queue
 * order), its sends paced by the platform account's shared pacer (interactive replies go first) and each bounded by a
 * time limit, so a stalled send holds up neither another chat nor another platform. A 429 rests the account as long
 * as it asks; transient faults (5xx, an answer that is not JSON, a timeout, a reset connection) are retried with
 * backoff; only final refusals (blocked, rejected) and running out of attempts fail a row, and `onFailed` tells staff.
 *
 * Crash safety: rows are claimed under a short lease the worker renews while it works; at start a worker frees at
 * once the rows of a dead process on the same host (its id names host and pid), so a restart resumes immediately.
 * A row's outcome (sent, due again later, failed) is written until the database takes it: the worker tracks the row
 * meanwhile, and renews the lease of tracked rows only; a row it lost track of goes back to the queue once its lease
 * lapses, instead of being held (and renewed) as long as the process lives.
 */
import crypto from "node:crypto";
import os from "node:os";
import type { Clock } from "../clock.js";
import { FaultLog, storageFault } from "../db/faults.js";
import type { Logger } from "../logger.js";
import { type PlatformSender, sendFollowingMove } from "../platforms/port.js";
import { type ClaimedMessage, DEFAULT_LEASE_MS, type OutboxService } from "../services/outbox.js";
import { asSendError, PacedSender } from "./paced-sender.js";
import { type PaceTime, type Pacing, realTime, SharedPacer } from "./pacer.js";

export interface WorkerOptions {
  outbox: OutboxService;
  /** A PacedSender shares its account's pacer with interactive replies; a bare sender gets a pacer from `pacing`. */
  senders: Partial<Record<string, PlatformSender | PacedSender>>;
  pacing?: Partial<Record<string, Pacing>>;
  clock: Clock;
  logger: Logger;
  /** Called once for a message that will never be delivered (blocked chat, rejected, out of attempts). */
  onFailed?: (message: ClaimedMessage, failure: string) => Promise<void>;
  /**
   * The platform said a chat moved to a new id (a Telegram group upgraded to a supergroup): its records, this row's
   * among them, follow it (ChatService.migrate) before the message is sent there.
   */
  onMoved?: (platform: string, from: string, to: string) => Promise<unknown>;
  /**
   * Told which messages were handled (at most once a second, and whenever the worker runs out of work), so an
   * announcement's sender hears when all of it is through.
   */
  onSettled?: (messages: ClaimedMessage[]) => Promise<void>;
  maxAttempts?: number;
  /** Chats served at once per platform. */
  concurrency?: number;
  batch?: number;
  workerId?: string;
  leaseMs?: number;
  /** Time limit of one send (bare senders only; a PacedSender brings its own). */
  sendTimeoutMs?: number;
  /** Wall time for pacing (tests hand in a fake that advances instantly). */
  time?: PaceTime;
  /** Whether the worker that wrote this id still runs: false frees its rows at once (default: same host, pid gone). */
  isAlive?: (workerId: string) => boolean;
  /** First wait before writing a row's outcome again when the database refused it (doubling, at most 10 s). */
  outcomeRetryMs?: number;
}

const DEFAULT_PACING: Pacing = { perSecond: 30, perChatPerMinute: 20 };

/** A worker id that says where it runs: host/pid/random. */
export function workerIdOfThisProcess(): string {
  return `${os.hostname()}/${process.pid}/${crypto.randomUUID().slice(0, 8)}`;
}

/** True unless the id names a process of this host that no longer exists. */
export function processAlive(workerId: string): boolean {
  const [host, pidText] = workerId.split("/");
  const pid = Number(pidText);
  if (host !== os.hostname() || !Number.isInteger(pid) || pid <= 0) return true;
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
}

type Outcome = "done" | "deferred";

export class OutboxWorker {
  readonly id: string;
  private readonly paced = new Map<string, PacedSender>();
  private readonly leaseMs: number;
  private readonly loops: Promise<void>[] = [];
  private renewTimer?: NodeJS.Timeout;
  private wake?: () => void;
  private stopped = false;
  private faults?: FaultLog;
  private settled: ClaimedMessage[] = [];
  private settledAt = 0;
  /**
   * Outages seen so far (an outcome the database did not take), and whether one is going on. A row claimed before
   * the last outage is sent only once the worker has made sure it still holds it: sends need no database, so during
   * a long cut the worker went on sending rows whose "sent" it could not write; their leases ran out, and after the
   * cut another process took them and sent them again (bench/faults.ts).
   */
  private outages = 0;
  private outcomesFailing = false;
  /**
   * Rows claimed by this worker whose outcome is not written yet (the only ones whose lease it renews), each with the
   * number of outages seen when it was claimed.
   */
  private readonly tracked = new Map<number, number>();
  private readonly sleepers = new Set<() => void>();

  constructor(private readonly o: WorkerOptions) {
    this.id = o.workerId ?? workerIdOfThisProcess();
    this.leaseMs = o.leaseMs ?? DEFAULT_LEASE_MS;
    for (const [platform, sender] of Object.entries(o.senders)) {
      if (!sender) continue;
      this.paced.set(
        platform,
        sender instanceof PacedSender
          ? sender
          : new PacedSender(sender, new SharedPacer(o.pacing?.[platform] ?? DEFAULT_PACING, o.time ?? realTime), {
              timeoutMs: o.sendTimeoutMs,
              logger: o.logger,
            }),
      );
    }
  }

  /** Frees the rows that workers of dead processes still hold. Returns how many. */
  async recoverDead(): Promise<number> {
    const alive = this.o.isAlive ?? processAlive;
    let freed = 0;
    for (const holder of await this.o.outbox.holders()) {
      if (holder === this.id || alive(holder)) continue;
      const n = await this.o.outbox.release(holder);
      if (n) this.o.logger.info({ worker: holder, rows: n }, "took over the outbox rows of a worker that died");
      freed += n;
    }
    return freed;
  }

  /** One round on every platform at once: claim a batch each and send it. Returns how many rows were handled. */
  async runOnce(): Promise<number> {
    const counts = await Promise.all([...this.paced.keys()].map((p) => this.roundOf(p)));
    return counts.reduce((a, b) => a + b, 0);
  }

  /** Sends until nothing is due, waiting out a 429's rest when one is under way (tests). */
  async drain(maxRounds = 10_000): Promise<void> {
    await this.recoverDead();
    for (let i = 0; i < maxRounds && !this.stopped; i++) {
      if ((await this.runOnce()) > 0) continue;
      const pacers = [...this.paced.values()].map((p) => p.pacer);
      const rest = Math.max(0, ...pacers.map((p) => p.pacer.restingFor(p.time.now())));
      if (!rest) return;
      const before = pacers[0]!.time.now();
      await pacers[0]!.time.sleep(rest);
      if (pacers[0]!.time.now() === before) return; // a frozen test clock: nothing will come due
    }
  }

  /** Runs until stopped: one independent loop per platform, leases renewed every third of their length. */
  start(intervalMs = 1000): void {
    this.renewTimer = setInterval(() => {
      this.o.outbox
        .renew(this.id, this.o.clock.now(), [...this.tracked.keys()], this.leaseMs)
        .catch((err) => this.failed(err, "renewing outbox leases failed"));
    }, this.leaseMs / 3);
    const begin = this.recoverDead().catch((err) => this.o.logger.error({ err }, "outbox recovery failed"));
    for (const platform of this.paced.keys()) this.loops.push(begin.then(() => this.loop(platform, intervalMs)));
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.wake?.();
    for (const wake of this.sleepers) wake();
    await Promise.all(this.loops);
    if (this.renewTimer) clearInterval(this.renewTimer);
  }

  /** The account's paced sender (interactive replies of an adapter may share it). */
  senderOf(platform: string): PacedSender | undefined {
    return this.paced.get(platform);
  }

  private async roundOf(platform: string): Promise<number> {
    const claimed = await this.claim(platform, this.o.batch ?? 50);
    const lanes = lanesOf(claimed);
    const workers = Array.from({ length: Math.min(this.o.concurrency ?? 8, lanes.length) }, async () => {
      for (let lane = lanes.shift(); lane; lane = lanes.shift()) await this.runLane(lane);
    });
    await Promise.all(workers);
    this.settled.push(...claimed);
    await this.flushSettled();
    return claimed.length;
  }

  /** Hands the handled messages to `onSettled`: at most once a second while busy, and always once idle. */
  private async flushSettled(idle = true): Promise<void> {
    const now = Date.now();
    if (!this.settled.length || (!idle && now - this.settledAt < 1000)) return;
    const batch = this.settled;
    this.settled = [];
    this.settledAt = now;
    await this.o.onSettled?.(batch).catch((err) => {
      // The database did not answer: told again at the next flush, so an announcement's summary is not skipped.
      if (storageFault(err)) this.settled.unshift(...batch);
      this.failed(err, "settled hook failed");
    });
  }

  /** A storage fault (a full or read-only disk) is logged once a minute, not on every attempt. */
  private failed(err: unknown, what: string, platform?: string): void {
    const kind = storageFault(err);
    if (!kind) return void this.o.logger.error({ err, platform }, what);
    this.faults ??= new FaultLog(this.o.logger, this.o.clock);
    this.faults.report(kind, err);
  }

  private async claim(platform: string, limit: number): Promise<ClaimedMessage[]> {
    const rows = await this.o.outbox.claim(this.id, this.o.clock.now(), limit, this.leaseMs, [platform]);
    for (const m of rows) this.tracked.set(m.id, this.outages);
    return rows;
  }

  /**
   * Writes a row's outcome, again and again until the database takes it (or the worker stops: then the row's lease
   * lapses and another worker, or this one's restart, takes it over). The row stays tracked, so its lease is renewed.
   */
  private async settle(id: number, write: () => Promise<void>): Promise<void> {
    let wait = this.o.outcomeRetryMs ?? 500;
    for (;;) {
      try {
        await write();
        this.tracked.delete(id);
        this.outcomesFailing = false;
        return;
      } catch (err) {
        if (storageFault(err) && !this.outcomesFailing) {
          this.outcomesFailing = true;
          this.outages++;
        }
        this.failed(err, "an outbox row's outcome could not be written; trying again");
        if (this.stopped) return;
        await this.sleep(wait);
        wait = Math.min(wait * 2, 10_000);
      }
    }
  }

  /** A real timer that `stop` cuts short. */
  private sleep(ms: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        this.sleepers.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, ms);
      this.sleepers.add(wake);
    });
  }

  /** A pipeline rather than rounds: as soon as a chat's lane finishes, more rows are claimed for the free lanes. */
  private async loop(platform: string, intervalMs: number): Promise<void> {
    const maxLanes = this.o.concurrency ?? 32;
    const active = new Set<Promise<void>>();
    while (!this.stopped) {
      let claimed = 0;
      try {
        if (active.size < maxLanes) {
          const rows = await this.claim(platform, Math.min(this.o.batch ?? 50, maxLanes - active.size));
          claimed = rows.length;
          for (const lane of lanesOf(rows)) {
            const task: Promise<void> = this.runLane(lane)
              .then(() => void this.settled.push(...lane))
              .catch((err) => this.failed(err, "an outbox lane failed", platform))
              .finally(() => active.delete(task));
            active.add(task);
          }
        }
      } catch (err) {
        this.failed(err, "claiming outbox rows failed", platform);
      }
      await this.flushSettled(claimed === 0 && active.size === 0);
      if (claimed === 0 && active.size === 0) await this.pause(intervalMs);
      else if (claimed === 0 || active.size >= maxLanes) await Promise.race([...active, this.pause(intervalMs)]);
    }
    await Promise.all(active);
  }

  private pause(ms: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }

  /** A chat's rows in queue order; when the chat must wait, the rest of its lane waits with it. */
  private async runLane(lane: ClaimedMessage[]): Promise<void> {
    try {
      for (const [i, m] of lane.entries()) {
        const chat = m.platformChatId;
        const outcome = await this.deliver(m);
        // The chat moved while this row was sent: the rest of its lane goes to the new id too.
        for (const rest of lane.slice(i + 1)) if (rest.platformChatId === chat) rest.platformChatId = m.platformChatId;
        if (outcome === "deferred") {
          for (const rest of lane.slice(i + 1))
            await this.settle(rest.id, () => this.o.outbox.retryLater(rest.id, this.o.clock.now(), null, false));
          return;
        }
      }
    } finally {
      // Whatever was not written by now is no longer this worker's: its lease lapses and the row is freed.
      for (const m of lane) this.tracked.delete(m.id);
    }
  }

  private async deliver(m: ClaimedMessage): Promise<Outcome> {
    const { outbox, clock } = this.o;
    const sender = this.paced.get(m.platform)!;
    const chatWait = sender.pacer.chatDelay(m.platformChatId);
    if (chatWait > 0) {
      await this.settle(m.id, () => outbox.retryLater(m.id, new Date(clock.now().getTime() + chatWait), null, false));
      return "deferred";
    }
    let sent: { messageId: string };
    try {
      await this.stillMine(m);
      sent = await sendFollowingMove(
        outbox.toOutgoing(m),
        (out) => sender.sendOnce(out, "bulk", () => this.stillMine(m)),
        async (from, to) => {
          await this.o.onMoved?.(m.platform, from, to);
          m.platformChatId = to;
        },
      );
    } catch (err) {
      if (!(err instanceof NoLongerHeld)) return this.afterFailure(m, err);
      this.tracked.delete(m.id);
      return "done";
    }
    await this.settle(m.id, () => outbox.markSent(m.id, sent.messageId, clock.now()));
    return "done";
  }

  /**
   * Whether a row may go out: after an outage since it was claimed, only if this worker still holds it. Asked
   * before the row waits for its pace slot (so no slot is spent waiting for the database), and again after the wait
   * only if an outage came meanwhile: many lanes wait for slots at once. True when it asked the database (the send
   * then takes a new slot).
   */
  private async stillMine(m: ClaimedMessage): Promise<boolean> {
    const outageSinceClaim = this.outcomesFailing || (this.tracked.get(m.id) ?? this.outages) < this.outages;
    if (!outageSinceClaim) return false;
    if (!(await this.stillHeld(m))) throw new NoLongerHeld();
    return true;
  }

  /**
   * Whether this worker still holds the row, its lease extended, asked once the database answers again: false when
   * its lease ran out during the outage and another worker took it (or this one is stopping).
   */
  private async stillHeld(m: ClaimedMessage): Promise<boolean> {
    for (let wait = 250; !this.stopped; wait = Math.min(wait * 2, 2_000)) {
      try {
        const held = await this.o.outbox.hold(this.id, this.o.clock.now(), m.id, this.leaseMs);
        this.outcomesFailing = false;
        if (held) this.tracked.set(m.id, this.outages);
        return held;
      } catch (err) {
        if (!storageFault(err)) throw err;
        await this.sleep(wait);
      }
    }
    return false;
  }

  /** A send that failed: due again later (a 429's rest, a transient fault's backoff), or given up. */
  private async afterFailure(m: ClaimedMessage, err: unknown): Promise<Outcome> {
    const { outbox, clock, logger } = this.o;
    const sender = this.paced.get(m.platform)!;
    const e = asSendError(err);
    const now = clock.now().getTime();
    if (e.failure === "rate-limited") {
      // Due when the account's rest ends (the pacer holds every send until then, whatever time passed meanwhile).
      const wait = sender.pacer.pacer.restingFor(sender.time.now());
      const error = `429: retry after ${e.retryAfterSec ?? 1}s`;
      await this.settle(m.id, () => outbox.retryLater(m.id, new Date(now + wait), error, false));
      logger.warn({ chat: m.platformChatId, retryAfter: e.retryAfterSec }, "rate limited; waiting as asked");
      return "deferred";
    }
    if (e.failure === "transient" && m.attempts < (this.o.maxAttempts ?? 10)) {
      const backoff = Math.min(300, 2 ** m.attempts) * 1000;
      await this.settle(m.id, () => outbox.retryLater(m.id, new Date(now + backoff), e.message));
      logger.info({ chat: m.platformChatId, attempt: m.attempts, err: e }, "send failed; will retry");
      return "deferred";
    }
    await this.settle(m.id, () => outbox.markFailed(m.id, `${e.failure}: ${e.message}`));
    logger.warn({ chat: m.platformChatId, kind: e.failure, err: e }, "message given up");
    await this.o.onFailed?.(m, e.failure).catch((err2) => logger.error({ err: err2 }, "failure hook failed"));
    return "done";
  }
}

/** A row this worker no longer holds (another took it during an outage): not sent here. */
class NoLongerHeld extends Error {}

function lanesOf(rows: ClaimedMessage[]): ClaimedMessage[][] {
  const byChat = new Map<string, ClaimedMessage[]>();
  for (const m of rows) {
    const k = `${m.platform}:${m.platformChatId}`;
    byChat.set(k, [...(byChat.get(k) ?? []), m]);
  }
  return [...byChat.values()].map((lane) => lane.sort((a, b) => a.id - b.id));
}

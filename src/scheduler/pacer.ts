/**
 * Pacing of one platform account. Every send of the account (interactive replies, the outbox, reminders) takes a slot
 * from the same SharedPacer, so together they keep to the platform's limits: at most N sends in any second, at most M
 * a minute into one group, at most one a second into one private chat (and no per-minute limit there), and at least
 * `minIntervalMs` between two sends (Zalo). Interactive replies are handed their slot before waiting bulk sends. With
 * several processes on one PostgreSQL database, each slot is also reserved from the account's shared timeline
 * (AccountPace), so all of them together keep to the account's rate.
 */
export interface Pacing {
  perSecond: number;
  perChatPerMinute: number;
  /** Private chats: at most one message in this many milliseconds (Telegram: 1,000). 0: no limit. */
  privateChatIntervalMs?: number;
  /** Between any two sends of the account (Zalo's ZALO_SEND_INTERVAL_MS). 0: none. */
  minIntervalMs?: number;
}

/**
 * How much later than `1000 / perSecond` the evenly spaced sends follow each other, spread over a second: 35 ms apart
 * at Telegram's 30 a second, so 31 sends span 1,050 ms and a request late by up to 50 ms is no burst (with 40, the
 * burst bench met a 429).
 */
const EVEN_SPREAD_MARGIN_MS = 50;
/** Beyond the one-second gap into a private chat (a request can reach the platform late by this much). */
export const PRIVATE_MARGIN_MS = 200;

export type Priority = "interactive" | "bulk";
export type ChatKindOf = (chatId: string) => "group" | "private";

/** Wall time for pacing; tests hand in a fake that advances instantly. */
export interface PaceTime {
  now(): number;
  sleep(ms: number): Promise<void>;
}

export const realTime: PaceTime = {
  now: () => Date.now(),
  sleep: (ms) => new Promise<void>((r) => setTimeout(r, ms)),
};

/** Telegram: group chat ids are negative, private chat ids (the user's id) positive. */
export const telegramChatKind: ChatKindOf = (chatId) => (chatId.startsWith("-") ? "group" : "private");

/** Sliding-window bookkeeping: how long until the account, or one chat, may receive the next message. */
export class Pacer {
  private readonly recent: number[] = [];
  private readonly perChat = new Map<string, number[]>();
  private pausedUntil = 0;
  private nextAt = -Infinity;

  constructor(
    readonly pacing: Pacing,
    private readonly marginMs = 50,
    private readonly kindOf: ChatKindOf = () => "group",
  ) {}

  /** Milliseconds to wait before the next send may start (0: now). */
  globalDelay(now: number): number {
    while (this.recent.length && this.recent[0]! <= now - 1000) this.recent.shift();
    const windowWait = this.recent.length >= this.pacing.perSecond ? this.recent[0]! + 1000 + this.marginMs - now : 0;
    // Sends are spread evenly (a little slower than the limit) rather than let out in bursts: requests reach the
    // platform with some jitter, and a burst can land 31 requests inside one second of its clock.
    const intervalWait = this.nextAt - now;
    // Whole milliseconds: a clock of whole milliseconds (Date) never reaches a fractional wait.
    return Math.ceil(Math.max(windowWait, intervalWait, this.pausedUntil - now, 0));
  }

  /** Milliseconds between two sends of the account when they are spread evenly. */
  spacing(): number {
    return Math.max(this.pacing.minIntervalMs ?? 0, (1000 + EVEN_SPREAD_MARGIN_MS) / this.pacing.perSecond);
  }

  /** Milliseconds until this chat may receive another message (0: now). */
  chatDelay(chat: string, now: number): number {
    const list = this.perChat.get(chat);
    if (!list) return 0;
    while (list.length && list[0]! <= now - 60_000) list.shift();
    if (!list.length) {
      this.perChat.delete(chat);
      return 0;
    }
    // A private chat follows the private rule alone (one a second) when there is one; a group the per-minute rule.
    const gap = this.pacing.privateChatIntervalMs ?? 0;
    const privateRule = gap > 0 && this.kindOf(chat) === "private";
    const full = !privateRule && list.length >= this.pacing.perChatPerMinute;
    const minute = full ? list[0]! + 60_000 + this.marginMs - now : 0;
    const single = privateRule ? list[list.length - 1]! + gap + PRIVATE_MARGIN_MS - now : 0;
    return Math.ceil(Math.max(minute, single, 0));
  }

  record(chat: string, now: number): void {
    this.recent.push(now);
    // The next slot keeps to the planned timeline, so a timer that woke late (a busy machine wakes every timer a few
    // milliseconds late, which alone cost a fifth of the rate) is made up; but never closer than half a slot, as
    // bunched requests arriving with jitter are what the platform counts as a burst. A minimum interval (Zalo's) is a
    // floor between any two sends: after an idle spell or a rest the timeline is behind, and half a slot would do.
    const spacing = this.spacing();
    const floor = Math.max(spacing / 2, this.pacing.minIntervalMs ?? 0);
    this.nextAt = Math.max(this.nextAt + spacing, now + floor);
    const list = this.perChat.get(chat) ?? [];
    list.push(now);
    this.perChat.set(chat, list);
  }

  /** After a 429 the platform is rested as long as it asked. */
  pause(untilMs: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, untilMs);
  }

  /** Milliseconds the account still rests after a 429 (0: not resting). */
  restingFor(now: number): number {
    return Math.max(0, this.pausedUntil - now);
  }
}

/**
 * An account's send slots shared by every process that sends for it (PostgreSQL: db/send-pace-pg.ts). Telegram counts
 * a bot's messages, not a process's: three processes each keeping to 30 a second would send 90. One process alone
 * needs none.
 */
export interface AccountPace {
  /**
   * Reserves the account's next `count` send slots (default 1), `spacingMs` apart, the first at or after `now` and
   * `spacingMs` after the slot reserved before it (by any process); resolves to how long to wait for the first. Never
   * rejects: when the shared timeline cannot be reached, 0 (the process's own pacing still holds).
   */
  reserve(now: number, spacingMs: number, count?: number): Promise<number>;
  /** Rests the account in every process until `untilMs` (a 429 seen by any of them). */
  pause(untilMs: number): Promise<void>;
}

/**
 * Slots reserved from the shared timeline in one statement at most: under load a round trip per send was a tenth of a
 * process's statements; a waiter arriving meanwhile (an interactive reply behind bulk sends) waits at most this many
 * slots (a quarter of a second at Telegram's 30 a second).
 */
const SHARED_BATCH = 8;

interface Waiter {
  chat: string;
  priority: Priority;
  resolve: () => void;
}

/** One per platform account: hands out send slots in order, interactive replies first. */
export class SharedPacer {
  readonly pacer: Pacer;
  private readonly waiting: Waiter[] = [];
  private pumping = false;
  /** When the stopped pump starts again by itself (every waiting chat had a gap to wait out). */
  private resumeAt: number | undefined;

  constructor(
    pacing: Pacing,
    readonly time: PaceTime = realTime,
    kindOf: ChatKindOf = () => "group",
    /** The account's timeline shared with other processes (PostgreSQL); without one, this process paces alone. */
    private readonly shared?: AccountPace,
  ) {
    this.pacer = new Pacer(pacing, 50, kindOf);
  }

  /** Resolves when this chat may be sent to now; the slot is recorded as used. */
  acquire(chat: string, priority: Priority): Promise<void> {
    return new Promise<void>((resolve) => {
      this.waiting.push({ chat, priority, resolve });
      if (!this.pumping) void this.pump();
    });
  }

  chatDelay(chat: string): number {
    return this.pacer.chatDelay(chat, this.time.now());
  }

  pause(untilMs: number): void {
    this.pacer.pause(untilMs);
    // Best effort: this process's pacer is paused already; the other processes learn of the pause at their next 429.
    void this.shared?.pause(untilMs).catch(() => undefined);
  }

  /** How many sends wait for a slot (interactive ones first). */
  get queued(): number {
    return this.waiting.length;
  }

  /** Starts the pump again once `ms` have passed since `since`, unless it already runs or is due to start sooner. */
  private resumeAfter(ms: number, since: number): void {
    const at = since + ms;
    if (this.resumeAt !== undefined && this.resumeAt <= at) return;
    this.resumeAt = at;
    void this.time.sleep(ms).then(() => {
      if (this.resumeAt === at) this.resumeAt = undefined;
      // A clock that did not move across the wait (a test's frozen clock) counts it as done instead of spinning.
      if (!this.pumping && this.waiting.length) void this.pump(this.time.now() === since);
    });
  }

  private async pump(frozen = false): Promise<void> {
    this.pumping = true;
    try {
      while (this.waiting.length) {
        const now = this.time.now();
        const global = frozen ? 0 : this.pacer.globalDelay(now);
        if (global > 0) {
          await this.time.sleep(global);
          frozen = this.time.now() === now;
          continue;
        }
        const next = this.pick(now, frozen);
        if (!next) {
          // Every waiting chat still has its gap (a private chat's second, a group's minute) to wait: the pump stops
          // and starts again when the soonest is free, or at once when a send for another chat arrives, which must
          // not wait out the gap of someone else's chat.
          const soonest = Math.min(...this.waiting.map((w) => this.pacer.chatDelay(w.chat, now)));
          this.resumeAfter(Math.max(1, soonest), now);
          return;
        }
        frozen = false;
        const batch = this.shared ? this.readyWith(next, now) : [next];
        for (const w of batch) this.waiting.splice(this.waiting.indexOf(w), 1);
        // The shared slots last, so each send goes out at its slot's moment whatever this process waited for before.
        const spacing = this.pacer.spacing();
        const first = this.shared ? await this.shared.reserve(now, spacing, batch.length) : 0;
        for (const [i, w] of batch.entries()) {
          // A spacing apart inside the reserved span. This process's own limits still hold (a late timer must not
          // bunch the batch into one second; a 429 met meanwhile rests the rest of it too): a slot taken late is
          // never too early.
          const due = now + first + i * spacing;
          const wait = Math.max(due - this.time.now(), this.pacer.globalDelay(this.time.now()));
          if (wait > 0) await this.time.sleep(Math.ceil(wait));
          this.pacer.record(w.chat, first > 0 || i > 0 ? this.time.now() : now);
          w.resolve();
        }
      }
    } finally {
      this.pumping = false;
    }
  }

  /**
   * With a shared timeline, the slots of the sends that may go now are reserved together, one statement for up to
   * `SHARED_BATCH`: `next` and the waiters of its priority after it whose chats are free (each chat once).
   */
  private readyWith(next: Waiter, now: number): Waiter[] {
    const batch = [next];
    const chats = new Set([next.chat]);
    for (const w of this.waiting) {
      if (batch.length >= SHARED_BATCH) break;
      if (w === next || w.priority !== next.priority || chats.has(w.chat)) continue;
      if (this.pacer.chatDelay(w.chat, now) > 0) continue;
      batch.push(w);
      chats.add(w.chat);
    }
    return batch;
  }

  /** The first interactive waiter whose chat is free, else the first bulk one. */
  private pick(now: number, anyChat: boolean): Waiter | undefined {
    let bulk: Waiter | undefined;
    for (const w of this.waiting) {
      if (!anyChat && this.pacer.chatDelay(w.chat, now) > 0) continue;
      if (w.priority === "interactive") return w;
      bulk ??= w;
    }
    return bulk;
  }
}

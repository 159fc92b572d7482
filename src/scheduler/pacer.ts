/** Sliding-window pacing: at most N sends in any second overall, and M in any minute into one chat. */
export interface Pacing {
  perSecond: number;
  perChatPerMinute: number;
}

export class Pacer {
  private readonly recent: number[] = [];
  private readonly perChat = new Map<string, number[]>();
  private pausedUntil = 0;

  constructor(
    readonly pacing: Pacing,
    private readonly marginMs = 50,
  ) {}

  /** Milliseconds to wait before the next send may start (0: now). */
  globalDelay(now: number): number {
    while (this.recent.length && this.recent[0]! <= now - 1000) this.recent.shift();
    const windowWait = this.recent.length >= this.pacing.perSecond ? this.recent[0]! + 1000 + this.marginMs - now : 0;
    return Math.max(windowWait, this.pausedUntil - now, 0);
  }

  /** Milliseconds until this chat may receive another message (0: now). */
  chatDelay(chat: string, now: number): number {
    const list = this.perChat.get(chat);
    if (!list) return 0;
    while (list.length && list[0]! <= now - 60_000) list.shift();
    if (!list.length) this.perChat.delete(chat);
    return list.length >= this.pacing.perChatPerMinute ? list[0]! + 60_000 + this.marginMs - now : 0;
  }

  record(chat: string, now: number): void {
    this.recent.push(now);
    const list = this.perChat.get(chat) ?? [];
    list.push(now);
    this.perChat.set(chat, list);
  }

  /** After a 429 the platform is rested as long as it asked. */
  pause(untilMs: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, untilMs);
  }
}

/**
 * The scheduler's clockwork: a call at the start of every minute, and a once-a-day job at a local time. node-cron did
 * this before, but it reads the time through Intl.DateTimeFormat at every match (about 8 MB of ICU data kept resident
 * for an idle bot); here the local time comes from localParts, which needs no Intl in a zone of fixed offset.
 */
import { localParts } from "../domain/dates/due.js";

const MINUTE = 60_000;

/**
 * Calls `fn` at the start (second 0) of every minute of the system clock, as cron's "* * * * *" does; returns the
 * function that stops it. A minute the process slept through is not made up; a timer that wakes before the minute has
 * turned (the system clock was set back a little) waits for it, so no minute is called twice.
 */
export function everyMinute(fn: (at: Date) => void): () => void {
  let last = Math.floor(Date.now() / MINUTE);
  let timer: NodeJS.Timeout | undefined;
  const arm = () => {
    timer = setTimeout(fire, Math.max(0, (last + 1) * MINUTE - Date.now()));
  };
  const fire = () => {
    const now = Date.now();
    const minute = Math.floor(now / MINUTE);
    try {
      if (minute > last) {
        last = minute;
        fn(new Date(now));
      }
    } finally {
      arm();
    }
  };
  arm();
  return () => clearTimeout(timer);
}

/**
 * A once-a-day job at a local time (HH:MM): due at the first minute at or after that time on each local day. The
 * process runs the job when it starts, so a start after the time counts as that day's run; a start before it runs
 * again at the time, as cron would.
 */
export class DailyAt {
  private lastDay = "";

  constructor(
    private readonly time: string,
    private readonly timezone: string,
    startedAt: Date,
  ) {
    const started = this.reached(startedAt);
    if (started) this.lastDay = started;
  }

  /** Whether the job is due at this minute; once it has said so, not again until the next local day. */
  due(at: Date): boolean {
    const day = this.reached(at);
    if (!day || day === this.lastDay) return false;
    this.lastDay = day;
    return true;
  }

  /** The local day when its time has been reached at `at`, else undefined. */
  private reached(at: Date): string | undefined {
    const p = localParts(at, this.timezone);
    const [hh, mm] = this.time.split(":").map(Number) as [number, number];
    return p.hour * 60 + p.minute >= hh * 60 + mm ? `${p.year}-${p.month}-${p.day}` : undefined;
  }
}

/**
 * One pacer per platform account across processes: the account's send timeline lives in one PostgreSQL row
 * (SendPace: the earliest moment of its next send). Each send reserves its slot with a single upsert that moves the
 * row on by one spacing and returns the slot it took, so slots of all processes are a spacing apart however many
 * processes send (in whole milliseconds: each process carries the fraction to its next reservation, so two slots may
 * come up to a millisecond closer), and a slot is never handed out twice (the row lock orders the upserts). A 429 seen
 * by one process moves the row to the end of the rest it asked for, which every other process then waits out too.
 *
 * This is a token bucket with room for one token (the generic cell-rate algorithm): sends are spread evenly rather
 * than let out in bursts, as the process's own Pacer does. Each process holds at most one reservation at a time (its
 * SharedPacer hands out slots one by one), so nobody waits more than a spacing per other process beyond the rate.
 * Times are each host's milliseconds since 1970: hosts must keep their clocks in step (NTP), as skew between two
 * hosts moves their sends closer together by as much.
 */
import type pg from "pg";
import type { Logger } from "../logger.js";
import type { AccountPace } from "../scheduler/pacer.js";
import { pgPool } from "./pg-pool.js";

const SQL = {
  reserve: `INSERT INTO "SendPace" ("account", "nextAt") VALUES ($1, $2::bigint + $3::bigint)
    ON CONFLICT ("account") DO UPDATE SET "nextAt" = GREATEST("SendPace"."nextAt", $2::bigint) + $3::bigint
    RETURNING "nextAt" - $3::bigint AS "slot"`,
  pause: `INSERT INTO "SendPace" ("account", "nextAt") VALUES ($1, $2::bigint)
    ON CONFLICT ("account") DO UPDATE SET "nextAt" = GREATEST("SendPace"."nextAt", $2::bigint)`,
};

export interface SendPaceOptions {
  logger?: Logger;
  /** A failure is logged at most once in this many milliseconds of wall time. */
  logEveryMs?: number;
}

export class PostgresSendPace implements AccountPace {
  private readonly pool: pg.Pool;
  private loggedAt = -Infinity;
  /** The part of a millisecond this process's reservations took beyond the whole ones the row moved on by. */
  private carried = 0;

  /** `account` names the platform account, e.g. "telegram:<bot id>" (never the token). */
  constructor(
    databaseUrl: string,
    readonly account: string,
    private readonly o: SendPaceOptions = {},
  ) {
    // Fast commits make a reservation about 0.1 ms instead of 3. A server crash may forget the last reservations, so
    // a few sends around it may come closer than the spacing (a 429 that might cause is waited out).
    this.pool = pgPool(databaseUrl, { max: 2, fastCommit: true });
  }

  async reserve(now: number, spacingMs: number, count = 1): Promise<number> {
    // The row counts whole milliseconds; the fraction of this reservation's span is carried to the process's next
    // one. Rounded up instead, 1,000 a second (1.05 ms apart) went out at 500.
    const span = spacingMs * count + this.carried;
    const whole = Math.floor(span);
    this.carried = span - whole;
    try {
      // Prepared once per connection: it runs for every few sends.
      const res = await this.pool.query<{ slot: string }>({
        name: "pace-reserve",
        text: SQL.reserve,
        values: [this.account, Math.floor(now), whole],
      });
      return Math.max(0, Number(res.rows[0]!.slot) - now);
    } catch (err) {
      this.failed(err);
      return 0;
    }
  }

  async pause(untilMs: number): Promise<void> {
    await this.pool.query(SQL.pause, [this.account, Math.ceil(untilMs)]).catch((err) => this.failed(err));
  }

  /** Without the database each process keeps to its own pacing (the platform may then answer 429, which is waited). */
  private failed(err: unknown): void {
    const now = Date.now();
    if (now - this.loggedAt < (this.o.logEveryMs ?? 60_000)) return;
    this.loggedAt = now;
    this.o.logger?.warn(
      { account: this.account, err },
      "the shared send pace cannot be reached: this process paces on its own until it can",
    );
  }

  close(): Promise<void> {
    return this.pool.end();
  }
}

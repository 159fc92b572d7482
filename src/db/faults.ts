/**
 * Storage faults: which errors mean "the database cannot be written right now" (a full disk, a read-only or vanished
 * file, a lock held too long, a PostgreSQL server that does not answer), so the bot answers people with a short "try
 * again later" instead of a generic error, logs each kind at most once a minute, and simply works again when storage
 * is back (both engines report these per statement, and pools reconnect, so the next update tries afresh).
 */
import fs from "node:fs";
import type { Clock } from "../clock.js";
import type { Logger } from "../logger.js";

export type StorageFaultKind = "full" | "read-only" | "busy" | "gone" | "io" | "unreachable";

/** Thrown when the database file was deleted or replaced while the bot runs (see StorageWatch). */
export class StorageGoneError extends Error {
  readonly code = "SQLITE_GONE";
  constructor(file: string, rescue?: string) {
    super(
      `the database file ${file} was deleted or replaced while the bot was running` +
        (rescue ? `; the data the bot still holds is being copied to ${rescue}` : ""),
    );
    this.name = "StorageGoneError";
  }
}

/**
 * The codes an error carries: SQLite's result code or PostgreSQL's SQLSTATE (`pg` and better-sqlite3 put it in
 * `code`; Prisma's driver adapters in `meta.driverAdapterError.cause`, with a `kind` such as DatabaseNotReachable),
 * Prisma's own (P1001…) and Node's socket codes (ECONNREFUSED…).
 */
function codesOf(err: unknown): string[] {
  const codes: string[] = [];
  for (let e = err, depth = 0; e && typeof e === "object" && depth < 5; depth++) {
    const o = e as { code?: unknown; cause?: unknown; meta?: { driverAdapterError?: { cause?: unknown } } };
    if (typeof o.code === "string") codes.push(o.code);
    const inner = o.meta?.driverAdapterError?.cause as { originalCode?: unknown; kind?: unknown } | undefined;
    if (inner && typeof inner.originalCode === "string") codes.push(inner.originalCode);
    if (inner && typeof inner.kind === "string") codes.push(inner.kind);
    e = o.cause;
  }
  return codes;
}

/** PostgreSQL or its connection: the server is down, restarting, unreachable, or closed the connection. */
const UNREACHABLE = new Set([
  "ECONNREFUSED",
  "ENOTFOUND",
  "ECONNRESET",
  "ETIMEDOUT",
  "EPIPE",
  "DatabaseNotReachable",
  "ConnectionClosed",
  "P1001",
  "P1017",
]);
/** Waits PostgreSQL asks a caller to retry: a deadlock, a serialisation conflict, a lock not available. */
const PG_RETRY = new Set(["40001", "40P01", "55P03", "TransactionWriteConflict"]);

function postgresFault(code: string): StorageFaultKind | undefined {
  if (UNREACHABLE.has(code) || code.startsWith("08") || code.startsWith("57P0")) return "unreachable";
  if (PG_RETRY.has(code) || code === "53300" || code === "TooManyConnections" || code === "P2024") return "busy";
  // Prisma's "Transaction API error": a transaction whose connection a cut broke (or that outlived its time), closed
  // under the query; the next attempt runs on a fresh connection, so the person is told to try again.
  if (code === "P2028") return "busy";
  if (code === "53100") return "full";
  if (code === "25006") return "read-only";
  if (code === "58030") return "io";
  return undefined;
}

/** What kind of storage fault an error is, or undefined when it is something else (a bug, bad input). */
export function storageFault(err: unknown): StorageFaultKind | undefined {
  for (const code of codesOf(err)) {
    if (code === "SQLITE_GONE") return "gone";
    if (code === "SQLITE_FULL") return "full";
    if (code.startsWith("SQLITE_READONLY") || code === "SQLITE_CANTOPEN" || code === "SQLITE_PERM") return "read-only";
    if (code.startsWith("SQLITE_BUSY") || code.startsWith("SQLITE_LOCKED") || code === "P1008") return "busy";
    if (code.startsWith("SQLITE_IOERR") || code === "SQLITE_CORRUPT" || code === "SQLITE_NOTADB") return "io";
    const pg = postgresFault(code);
    if (pg) return pg;
  }
  const message = err instanceof Error ? err.message : "";
  if (/database or disk is full/.test(message)) return "full";
  if (/attempt to write a readonly database/.test(message)) return "read-only";
  if (/database is locked|SocketTimeout/.test(message)) return "busy";
  if (/disk I\/O error/.test(message)) return "io";
  // pg's own words for a connection that is gone: closed, refused, or broken by a cut and handed out again by a pool.
  const gone = /Connection terminated|connect ECONNREFUSED|timeout exceeded when trying to connect|is not queryable/;
  if (gone.test(message)) return "unreachable";
  return undefined;
}

/**
 * Lock errors a write may simply retry: another connection holds the lock, our read snapshot went stale (SQLite), or
 * PostgreSQL chose this transaction as a deadlock's or a serialisation conflict's victim.
 */
export function isBusy(err: unknown): boolean {
  return codesOf(err).some(
    (c) => c.startsWith("SQLITE_BUSY") || c.startsWith("SQLITE_LOCKED") || c === "P1008" || PG_RETRY.has(c),
  );
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Runs `fn` again while it fails with a lock error (SQLITE_BUSY, SQLITE_BUSY_SNAPSHOT), waiting a little longer each
 * time (never blocking the event loop); other errors, and a lock that outlasts `maxMs`, are thrown.
 */
export async function retryBusy<T>(fn: () => Promise<T>, maxMs = 10_000): Promise<T> {
  const started = Date.now();
  for (let attempt = 0; ; attempt++) {
    try {
      return await fn();
    } catch (err) {
      if (!isBusy(err) || Date.now() - started > maxMs) throw err;
      await sleep(Math.min(50, 1 + attempt * 2) + Math.random() * 5);
    }
  }
}

/** Logs each kind of storage fault at most once per interval (a full disk must not write a line per update). */
export class FaultLog {
  private readonly last = new Map<StorageFaultKind, number>();
  private readonly suppressed = new Map<StorageFaultKind, number>();

  constructor(
    private readonly logger: Logger,
    private readonly clock: Clock,
    private readonly intervalMs = 60_000,
  ) {}

  report(kind: StorageFaultKind, err: unknown): void {
    const now = this.clock.now().getTime();
    const last = this.last.get(kind);
    if (last !== undefined && now - last < this.intervalMs) {
      this.suppressed.set(kind, (this.suppressed.get(kind) ?? 0) + 1);
      return;
    }
    const suppressed = this.suppressed.get(kind) ?? 0;
    this.last.set(kind, now);
    this.suppressed.set(kind, 0);
    this.logger.error(
      { kind, err, since: suppressed },
      `storage fault (${kind}): people are told to try again later; ${HINTS[kind]}`,
    );
  }
}

const HINTS: Record<StorageFaultKind, string> = {
  full: "the disk is full: free some space, the bot carries on by itself",
  "read-only": "the database cannot be written: check the file system and the file's permissions",
  busy: "the database stayed locked: another process holds a long write",
  gone: "the database file was deleted or replaced: stop the bot, put the copy named above (or a backup) in its place, and start it again",
  io: "the disk reported an I/O error: check the disk",
  unreachable:
    "the PostgreSQL server does not answer: check that it runs and is reachable; the bot reconnects by itself",
};

/**
 * Notices when the database file is deleted or replaced under a running bot (SQLite keeps writing to the unlinked file,
 * so nothing would fail and every change would be lost at the next restart). One stat() per update: microseconds.
 */
export class StorageWatch {
  private readonly ino: number;

  constructor(private readonly file: string) {
    this.ino = fs.statSync(file).ino;
  }

  /** Throws StorageGoneError when the file is no longer the one the bot opened. */
  check(): void {
    let ino: number | undefined;
    try {
      ino = fs.statSync(this.file).ino;
    } catch {
      ino = undefined;
    }
    if (ino !== this.ino) throw new StorageGoneError(this.file);
  }
}

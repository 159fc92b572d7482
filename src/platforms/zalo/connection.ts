/**
 * The Zalo socket, kept alive: a drop (1006) reconnects with backoff (1, 2, 4, 8 s) and then asks Zalo for the
 * messages missed since the last frame the bot received; a socket that stays open but answers no ping is closed and
 * reconnected; a take-over by another Zalo Web session (3000/3003) or a refused session (HTTP 401) stops Zalo and
 * says so once instead of fighting or retrying forever.
 */
import { type Message, ThreadType } from "zca-js";
import type { Logger } from "../../logger.js";
import type { ZaloApi, ZaloTime } from "./sender.js";

export type SessionLoss = "refused" | "duplicate";
export type ZaloState = "stopped" | "listening" | "reconnecting" | "duplicate-session" | "session-refused";

export interface ZaloConnectionOptions {
  listener: ZaloApi["listener"];
  logger: Logger;
  time: ZaloTime;
  /** A WebSocket ping goes out this often; a socket that answered nothing since the last one is closed. */
  heartbeatMs?: number;
  reconnect?: { baseMs: number; maxMs: number };
  /** Messages Zalo kept while the socket was down (only those written since the gap began). */
  onMissed: (message: Message) => void;
  /** The session was taken over or refused: Zalo has stopped (logged already). */
  onSessionLost: (reason: SessionLoss) => void;
}

/** Close codes from zca-js's CloseReason: another session took over, or the account was kicked. */
const DUPLICATE_CONNECTION = 3000;
const KICK_CONNECTION = 3003;
const NEW_LOGIN = "Run `npm run zalo:login` and scan a new QR code with the Zalo app, then restart the bot.";
/** Slack for the difference between Zalo's clock and ours; what was already handled is dropped by the core. */
const CLOCK_SLACK_MS = 5000;

/** The bits of ws's WebSocket the watch uses (zca-js keeps it in `listener.ws`). */
interface Socket {
  ping(): void;
  terminate(): void;
  on(event: "pong" | "message", fn: () => void): void;
}

export class ZaloConnection {
  private current: ZaloState = "stopped";
  private attempts = 0;
  private timer?: NodeJS.Timeout;
  private heartbeat?: NodeJS.Timeout;
  private refusedBySocket = false;
  /**
   * When the bot last received a frame (a message or a pong). A socket can stay open while nothing reaches the bot (a
   * dead NAT mapping): what members wrote since this moment may be missing, not only since the close was noticed.
   */
  private lastHeard: number;
  /** The start of the gap to ask Zalo for after the next reconnect (unset once asked). */
  private gapSince?: number;
  /** Missed messages written from this moment on are handled (older ones were answered, or are too old to answer). */
  private missedSince: number;

  constructor(private readonly o: ZaloConnectionOptions) {
    this.lastHeard = o.time.now();
    this.missedSince = this.lastHeard;
    const l = o.listener;
    l.on("old_messages", (messages: Message[]) => {
      for (const m of messages) if (Number(m.data.ts) >= this.missedSince - CLOCK_SLACK_MS) o.onMissed(m);
    });
    l.on("connected", () => this.connected());
    // Every close, whether zca-js retries by itself (its close_and_retry_codes) or leaves it to the watch here.
    l.on("disconnected", () => {
      this.stopHeartbeat();
      if (this.running) this.gapSince ??= this.lastHeard;
    });
    l.on("closed", (code: number) => {
      this.stopHeartbeat();
      if (!this.running) return;
      if (this.refusedBySocket) return this.stopFor("refused", code);
      if (code === DUPLICATE_CONNECTION || code === KICK_CONNECTION) return this.stopFor("duplicate", code);
      this.reconnect();
    });
    l.on("error", (err: unknown) => {
      const message = String((err as Error)?.message ?? err);
      if (/\b401\b/.test(message)) this.refusedBySocket = true;
      o.logger.warn({ err }, "Zalo listener error");
    });
  }

  get state(): ZaloState {
    return this.current;
  }

  start(): void {
    this.current = "listening";
    this.startListener();
  }

  stop(): void {
    const was = this.running;
    this.current = "stopped";
    if (this.timer) clearTimeout(this.timer);
    this.stopHeartbeat();
    if (was) this.o.listener.stop();
  }

  private get running(): boolean {
    return this.current === "listening" || this.current === "reconnecting";
  }

  private startListener(): void {
    try {
      this.o.listener.start({ retryOnClose: true });
    } catch (err) {
      if (!/already started/i.test(String((err as Error)?.message))) throw err;
    }
  }

  private connected(): void {
    this.attempts = 0;
    this.watch();
    if (this.current === "reconnecting") this.current = "listening";
    if (this.gapSince === undefined) return;
    // What was written while the socket was deaf: zca-js asks for it; older messages are skipped.
    this.missedSince = this.gapSince;
    this.gapSince = undefined;
    try {
      this.o.listener.requestOldMessages(ThreadType.Group);
      this.o.listener.requestOldMessages(ThreadType.User);
    } catch (err) {
      this.warn(err, "could not ask Zalo for the messages missed during the reconnect");
    }
  }

  private watch(): void {
    this.stopHeartbeat();
    const ws = (this.o.listener as unknown as { ws?: Socket | null }).ws;
    if (!ws) return;
    let answered = true;
    const heard = () => {
      answered = true;
      this.lastHeard = this.o.time.now();
    };
    ws.on("pong", heard);
    ws.on("message", heard);
    if (!this.o.heartbeatMs) return;
    const heartbeat = setInterval(() => {
      if (!answered) {
        this.o.logger.warn("the Zalo socket is open but silent (no pong); reconnecting");
        clearInterval(heartbeat);
        ws.terminate();
        return;
      }
      answered = false;
      try {
        ws.ping();
      } catch {
        // not open any more: the close event reconnects
      }
    }, this.o.heartbeatMs);
    this.heartbeat = heartbeat;
  }

  private stopHeartbeat(): void {
    if (this.heartbeat) clearInterval(this.heartbeat);
  }

  private reconnect(): void {
    if (!this.running) return;
    this.current = "reconnecting";
    const { baseMs, maxMs } = this.o.reconnect ?? { baseMs: 1000, maxMs: 8000 };
    const delay = Math.min(maxMs, baseMs * 2 ** this.attempts);
    this.attempts++;
    this.timer = setTimeout(() => {
      try {
        this.startListener();
      } catch (err) {
        this.warn(err, "Zalo reconnect failed; trying again");
        this.reconnect();
      }
    }, delay);
    this.o.logger.warn({ inMs: delay, attempt: this.attempts }, "Zalo listener closed; reconnecting");
  }

  private stopFor(reason: SessionLoss, code?: number): void {
    this.current = reason === "refused" ? "session-refused" : "duplicate-session";
    this.stopHeartbeat();
    if (this.timer) clearTimeout(this.timer);
    this.o.listener.stop();
    this.o.logger.error(
      { code },
      reason === "refused"
        ? `Zalo refused the saved session (expired, or logged out on the phone). Zalo is stopped. ${NEW_LOGIN}`
        : "Zalo closed this session because the account was opened in another Zalo Web session. The bot stops using Zalo instead of fighting it: close the other session, then restart the bot.",
    );
    this.o.onSessionLost(reason);
  }

  private warn(err: unknown, msg: string): void {
    this.o.logger.warn({ err }, msg);
  }
}

/**
 * Who may open the web view, and how: `/web` in a private chat makes a one-time link (only its hash is stored; used
 * once, within 15 minutes, at most a few an hour per person), which opens a session cookie valid 12 hours; a Telegram
 * Mini App is let in by its `initData`. The session secret is WEB_SESSION_SECRET or, when it is not set, a random one
 * kept in the database, so every process of a deployment signs and reads the same cookies.
 *
 * A session names a person, never their roles: every request reads the roles again (a role revoked in chat is gone at
 * the next click).
 */
import { createHash, randomBytes } from "node:crypto";
import type { Clock } from "../clock.js";
import type { Db } from "../db/client.js";
import { checkTelegramInitData, readSession, signSession } from "../domain/web-auth.js";
import { hideInLogs } from "../logger.js";

/** How long a link from /web may wait before it is opened. */
export const LINK_TTL_MS = 15 * 60_000;
/** How long a session lasts once a link was opened (or a Mini App let in). */
export const SESSION_TTL_SEC = 12 * 3600;
/** Links one person may ask for in an hour. */
export const LINKS_PER_HOUR = 5;

const SECRET_KEY = "web.sessionSecret";

export interface WebAccessSettings {
  /** The address people open, e.g. https://bot.example.org; the web view is off without it. */
  publicUrl?: string;
  /** WEB_SESSION_SECRET, when the deployer sets one. */
  sessionSecret?: string;
}

export type LinkResult =
  | { ok: true; url: string; expiresAt: Date }
  | { ok: false; problem: "off" | "too-many"; retryAt?: Date };

export type RedeemResult =
  | { ok: true; personId: number; path: string; cookie: string; maxAgeSec: number }
  | { ok: false; problem: "unknown" | "used" | "expired" };

export type MiniAppResult =
  | { ok: true; personId: number; cookie: string; maxAgeSec: number }
  | { ok: false; problem: "malformed" | "bad-signature" | "stale" | "no-user" | "unknown-person" };

const hashOf = (token: string) => createHash("sha256").update(token).digest("hex");

/** Paths a link may open: the web view's own, without a scheme or host (no open redirect). */
export function safeWebPath(path: string | undefined): string {
  return path && /^\/web(\/[A-Za-z0-9_\-./%]*)?(\?[A-Za-z0-9_\-=&%.]*)?$/.test(path) && !path.includes("//")
    ? path
    : "/web";
}

export class WebAccessService {
  private secret?: string;

  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly settings: WebAccessSettings,
  ) {}

  get enabled(): boolean {
    return !!this.settings.publicUrl;
  }

  /** A one-time link for a person, opening `path` of the web view. */
  async createLink(personId: number, path = "/web"): Promise<LinkResult> {
    const base = this.settings.publicUrl;
    if (!base) return { ok: false, problem: "off" };
    const now = this.clock.now();
    const hourAgo = new Date(now.getTime() - 3_600_000);
    const recent = await this.db.webLink.findMany({
      where: { personId, createdAt: { gt: hourAgo } },
      orderBy: { createdAt: "asc" },
      select: { createdAt: true },
    });
    if (recent.length >= LINKS_PER_HOUR) {
      const oldest = recent[0]?.createdAt ?? now;
      return { ok: false, problem: "too-many", retryAt: new Date(oldest.getTime() + 3_600_000) };
    }
    await this.db.webLink.deleteMany({ where: { personId, expiresAt: { lt: hourAgo } } });
    const token = randomBytes(32).toString("base64url");
    const expiresAt = new Date(now.getTime() + LINK_TTL_MS);
    await this.db.webLink.create({
      data: { tokenHash: hashOf(token), personId, path: safeWebPath(path), createdAt: now, expiresAt },
    });
    return { ok: true, url: `${base.replace(/\/+$/, "")}/web/login?t=${token}`, expiresAt };
  }

  /** Opens a link: once, before it expires; the answer carries the session cookie's value. */
  async redeem(token: string): Promise<RedeemResult> {
    if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return { ok: false, problem: "unknown" };
    const link = await this.db.webLink.findUnique({ where: { tokenHash: hashOf(token) } });
    if (!link) return { ok: false, problem: "unknown" };
    const now = this.clock.now();
    if (link.usedAt) return { ok: false, problem: "used" };
    if (link.expiresAt <= now) return { ok: false, problem: "expired" };
    // Two requests with one link (a double tap, a preview fetcher): only the one whose update took it gets in.
    const taken = await this.db.webLink.updateMany({ where: { id: link.id, usedAt: null }, data: { usedAt: now } });
    if (taken.count !== 1) return { ok: false, problem: "used" };
    return { ok: true, personId: link.personId, path: link.path, ...(await this.session(link.personId)) };
  }

  /** Whom a link was made for, used or not (to answer in their language); undefined for a token never given. */
  async linkOwner(token: string): Promise<number | undefined> {
    if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return undefined;
    const link = await this.db.webLink.findUnique({ where: { tokenHash: hashOf(token) }, select: { personId: true } });
    return link?.personId;
  }

  /** The person a session cookie names, or undefined (forged, expired, or a person who no longer exists). */
  async personFromCookie(cookie: string | undefined): Promise<number | undefined> {
    if (!cookie) return undefined;
    const session = readSession(cookie, await this.sessionSecret(), Math.floor(this.clock.now().getTime() / 1000));
    if (!session) return undefined;
    const person = await this.db.person.findUnique({ where: { id: session.personId }, select: { id: true } });
    return person?.id;
  }

  /** Lets a Telegram Mini App in: its initData checked against the bot token, the user known to the bot. */
  async fromTelegramMiniApp(initData: string, botToken: string): Promise<MiniAppResult> {
    const check = checkTelegramInitData(initData, botToken, Math.floor(this.clock.now().getTime() / 1000));
    if (!check.ok) return check;
    const identity = await this.db.identity.findUnique({
      where: { platform_platformUserId: { platform: "telegram", platformUserId: check.userId } },
      select: { personId: true },
    });
    if (!identity) return { ok: false, problem: "unknown-person" };
    return { ok: true, personId: identity.personId, ...(await this.session(identity.personId)) };
  }

  private async session(personId: number): Promise<{ cookie: string; maxAgeSec: number }> {
    const expiresAt = Math.floor(this.clock.now().getTime() / 1000) + SESSION_TTL_SEC;
    return { cookie: signSession({ personId, expiresAt }, await this.sessionSecret()), maxAgeSec: SESSION_TTL_SEC };
  }

  /** WEB_SESSION_SECRET, or the deployment's own random secret, made once by whichever process comes first. */
  async sessionSecret(): Promise<string> {
    if (this.settings.sessionSecret) return this.settings.sessionSecret;
    if (this.secret) return this.secret;
    await this.db.$executeRawUnsafe(
      `INSERT INTO "BotSetting" ("key", "value") VALUES (?, ?) ON CONFLICT DO NOTHING`,
      SECRET_KEY,
      randomBytes(32).toString("base64url"),
    );
    const row = await this.db.botSetting.findUniqueOrThrow({ where: { key: SECRET_KEY } });
    hideInLogs(row.value);
    this.secret = row.value;
    return row.value;
  }
}

/**
 * Proofs that a web request comes from a known person, as pure functions of their inputs (no clock, no storage):
 * the web view's session cookie, signed with the bot's secret, and a Telegram Mini App's `initData`, signed by
 * Telegram with a key derived from the bot token (https://core.telegram.org/bots/webapps#validating-data-received-via-the-mini-app).
 *
 * A hazard for whoever edits this: every comparison of a signature must stay constant-time (`timingSafeEqual`), and
 * nothing here may accept a value it could not verify; a parse error is a refusal, never a default.
 */
import { createHmac, timingSafeEqual } from "node:crypto";

/** What a session cookie says once its signature is checked. */
export interface WebSession {
  personId: number;
  /** Seconds since the epoch after which the cookie is refused. */
  expiresAt: number;
}

const SESSION_VERSION = "s1";

function hmac(key: string | Buffer, data: string): Buffer {
  return createHmac("sha256", key).update(data).digest();
}

function sameBytes(a: Buffer, b: Buffer): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}

/** The cookie's value: version, person, expiry and an HMAC of the three (base64url), joined by dots. */
export function signSession(session: WebSession, secret: string): string {
  const body = `${SESSION_VERSION}.${session.personId}.${session.expiresAt}`;
  return `${body}.${hmac(secret, body).toString("base64url")}`;
}

/** The session a cookie carries, or undefined when it is malformed, forged or expired at `nowSec`. */
export function readSession(cookie: string, secret: string, nowSec: number): WebSession | undefined {
  const parts = cookie.split(".");
  if (parts.length !== 4 || parts[0] !== SESSION_VERSION) return undefined;
  const [, person, expires, signature] = parts as [string, string, string, string];
  if (!/^\d{1,15}$/.test(person) || !/^\d{1,15}$/.test(expires)) return undefined;
  const expected = hmac(secret, `${SESSION_VERSION}.${person}.${expires}`);
  if (!sameBytes(Buffer.from(signature, "base64url"), expected)) return undefined;
  const session = { personId: Number(person), expiresAt: Number(expires) };
  return session.expiresAt > nowSec ? session : undefined;
}

export type InitDataCheck =
  | { ok: true; userId: string; name: string; languageCode?: string; authDate: number }
  | { ok: false; problem: "malformed" | "bad-signature" | "stale" | "no-user" };

/**
 * Checks a Telegram Mini App's `initData` query string: the `hash` must be the HMAC-SHA256 of the other fields
 * (sorted, `key=value` lines) under HMAC-SHA256("WebAppData", bot token), and `auth_date` no older than `maxAgeSec`.
 */
export function checkTelegramInitData(
  initData: string,
  botToken: string,
  nowSec: number,
  maxAgeSec = 3600,
): InitDataCheck {
  if (initData.length > 4096) return { ok: false, problem: "malformed" };
  const params = new URLSearchParams(initData);
  const hash = params.get("hash");
  if (!hash || !/^[0-9a-f]{64}$/.test(hash)) return { ok: false, problem: "malformed" };
  const lines = [...params.entries()]
    .filter(([key]) => key !== "hash")
    .map(([key, value]) => `${key}=${value}`)
    .sort();
  const secret = hmac("WebAppData", botToken);
  if (!sameBytes(Buffer.from(hash, "hex"), hmac(secret, lines.join("\n"))))
    return { ok: false, problem: "bad-signature" };
  const authDate = Number(params.get("auth_date"));
  if (!Number.isInteger(authDate) || authDate <= 0) return { ok: false, problem: "malformed" };
  if (nowSec - authDate > maxAgeSec || authDate - nowSec > 300) return { ok: false, problem: "stale" };
  let user: unknown;
  try {
    user = JSON.parse(params.get("user") ?? "null");
  } catch {
    return { ok: false, problem: "malformed" };
  }
  if (!user || typeof user !== "object") return { ok: false, problem: "no-user" };
  const { id, first_name, last_name, language_code } = user as Record<string, unknown>;
  if (typeof id !== "number" || !Number.isSafeInteger(id)) return { ok: false, problem: "no-user" };
  const name = [first_name, last_name].filter((part) => typeof part === "string" && part).join(" ");
  return {
    ok: true,
    userId: String(id),
    name: name || String(id),
    ...(typeof language_code === "string" ? { languageCode: language_code } : {}),
    authDate,
  };
}

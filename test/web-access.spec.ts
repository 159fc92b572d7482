import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { checkTelegramInitData, readSession, signSession } from "../src/domain/web-auth.js";
import { WebAccessService } from "../src/services/web-access.js";
import { giveRole, lastText, Talker, testApp } from "./helpers/app.js";
import { freshDb } from "./helpers/db.js";

const TOKEN = "123456:AAH-test-token-for-mini-apps-000000";

/** initData as Telegram signs it: the sorted key=value lines under HMAC("WebAppData", bot token). */
function signedInitData(fields: Record<string, string>, token = TOKEN): string {
  const lines = Object.entries(fields)
    .map(([k, v]) => `${k}=${v}`)
    .sort();
  const secret = createHmac("sha256", "WebAppData").update(token).digest();
  const hash = createHmac("sha256", secret).update(lines.join("\n")).digest("hex");
  return new URLSearchParams({ ...fields, hash }).toString();
}

const NOW = 1_800_000_000;
const user = JSON.stringify({ id: 4242, first_name: "Lò", last_name: "Văn Tú", language_code: "vi" });

describe("a Telegram Mini App's initData", () => {
  it("is accepted when Telegram's signature matches and it is fresh, naming the Telegram user", () => {
    const check = checkTelegramInitData(signedInitData({ auth_date: String(NOW - 60), user }), TOKEN, NOW);
    expect(check).toEqual({ ok: true, userId: "4242", name: "Lò Văn Tú", languageCode: "vi", authDate: NOW - 60 });
  });

  it("is refused when a field was changed after signing, or it was signed with another bot's token", () => {
    const data = signedInitData({ auth_date: String(NOW - 60), user });
    const forged = data.replace("4242", "4243");
    expect(checkTelegramInitData(forged, TOKEN, NOW)).toEqual({ ok: false, problem: "bad-signature" });
    const otherBot = signedInitData({ auth_date: String(NOW - 60), user }, "999:other-bot-token-xxxxxxxxxxxxxxx");
    expect(checkTelegramInitData(otherBot, TOKEN, NOW)).toEqual({ ok: false, problem: "bad-signature" });
  });

  it("is refused when older than an hour, and when it has no hash or no user", () => {
    const stale = signedInitData({ auth_date: String(NOW - 3601), user });
    expect(checkTelegramInitData(stale, TOKEN, NOW)).toEqual({ ok: false, problem: "stale" });
    expect(checkTelegramInitData(`auth_date=${NOW}&user=x`, TOKEN, NOW)).toEqual({ ok: false, problem: "malformed" });
    const noUser = signedInitData({ auth_date: String(NOW) });
    expect(checkTelegramInitData(noUser, TOKEN, NOW)).toEqual({ ok: false, problem: "no-user" });
  });
});

describe("the web view's session cookie", () => {
  const secret = "s".repeat(40);
  it("names the person until it expires, and nothing once a character of it changes", () => {
    const cookie = signSession({ personId: 7, expiresAt: NOW + 100 }, secret);
    expect(readSession(cookie, secret, NOW)).toEqual({ personId: 7, expiresAt: NOW + 100 });
    expect(readSession(cookie, secret, NOW + 100)).toBeUndefined();
    expect(readSession(cookie.replace(".7.", ".8."), secret, NOW)).toBeUndefined();
    expect(readSession(cookie, "t".repeat(40), NOW)).toBeUndefined();
    expect(readSession("s1.7", secret, NOW)).toBeUndefined();
  });
});

describe("/trangweb: a one-time link into the web view", () => {
  const web = { PUBLIC_URL: "https://bot.example.org" };

  it("gives a district chair a link in the private chat that opens a session once, within 15 minutes", async () => {
    const app = await testApp({ env: web });
    await giveRole(app, "501", "Chủ tịch Tam Đường", "chair", "LC-TD");
    const out = await Talker.private(app, "501", "Chủ tịch Tam Đường").send("/trangweb");
    const url = /https:\/\/bot\.example\.org\/web\/login\?t=([A-Za-z0-9_-]+)/.exec(lastText(out));
    expect(url, lastText(out)).not.toBeNull();
    const token = url?.[1] ?? "";
    const opened = await app.services.webAccess.redeem(token);
    expect(opened.ok).toBe(true);
    if (!opened.ok) return;
    expect(await app.services.webAccess.personFromCookie(opened.cookie)).toBe(opened.personId);
    expect(await app.services.webAccess.redeem(token)).toEqual({ ok: false, problem: "used" });

    const late = await app.services.webAccess.createLink(opened.personId);
    if (!late.ok) throw new Error(late.problem);
    app.clock.advance(15 * 60_000);
    const lateToken = new URL(late.url).searchParams.get("t") ?? "";
    expect(await app.services.webAccess.redeem(lateToken)).toEqual({ ok: false, problem: "expired" });
    expect(await app.services.webAccess.redeem("not-a-token-of-ours-at-all-000")).toEqual({
      ok: false,
      problem: "unknown",
    });
    // The session itself lasts 12 hours, then the person must ask again.
    app.clock.advance(12 * 3_600_000);
    expect(await app.services.webAccess.personFromCookie(opened.cookie)).toBeUndefined();
  });

  it("never posts a link into a group, and says the web view is off without PUBLIC_URL", async () => {
    const app = await testApp({ env: web });
    await giveRole(app, "502", "Chủ tịch", "chair", "LC-TD");
    const inGroup = await Talker.group(app, "-100", "502", "Chủ tịch").send("/trangweb");
    expect(lastText(inGroup)).toContain("tin nhắn riêng");
    expect(lastText(inGroup)).not.toContain("http");

    const off = await testApp();
    await giveRole(off, "502", "Chủ tịch", "chair", "LC-TD");
    expect(lastText(await Talker.private(off, "502", "Chủ tịch").send("/web"))).toContain("PUBLIC_URL");
  });

  it("is for chairs and staff: a member is told so, and nobody gets more than five links an hour", async () => {
    const app = await testApp({ env: web });
    await giveRole(app, "503", "Đoàn viên", "member", "LC-TD-01");
    expect(lastText(await Talker.private(app, "503", "Đoàn viên").send("/trangweb"))).toContain("chủ tịch");
    await giveRole(app, "504", "Cán bộ", "staff", "LC");
    const staff = Talker.private(app, "504", "Cán bộ");
    for (let i = 0; i < 5; i++) expect(lastText(await staff.send("/trangweb"))).toContain("https://");
    const sixth = lastText(await staff.send("/trangweb"));
    expect(sixth).toContain("thử lại sau");
    expect(sixth).not.toContain("https://");
    app.clock.advance(3_600_000);
    expect(lastText(await staff.send("/trangweb"))).toContain("https://");
  });

  it("lets a Telegram Mini App in as the person behind the Telegram account, and nobody it does not know", async () => {
    const app = await testApp({ env: web });
    const personId = await giveRole(app, "4242", "Lò Văn Tú", "chair", "LC-TD");
    const now = Math.floor(app.clock.now().getTime() / 1000);
    const known = await app.services.webAccess.fromTelegramMiniApp(
      signedInitData({ auth_date: String(now), user }),
      TOKEN,
    );
    expect(known.ok && known.personId).toBe(personId);
    const stranger = JSON.stringify({ id: 777, first_name: "X" });
    expect(
      await app.services.webAccess.fromTelegramMiniApp(
        signedInitData({ auth_date: String(now), user: stranger }),
        TOKEN,
      ),
    ).toEqual({ ok: false, problem: "unknown-person" });
  });

  it("signs sessions with WEB_SESSION_SECRET, or with one secret kept in the database that every process shares", async () => {
    const { db } = await freshDb();
    const clock = { now: () => new Date(NOW * 1000) };
    const a = new WebAccessService(db, clock, { publicUrl: "https://x" });
    const b = new WebAccessService(db, clock, { publicUrl: "https://x" });
    const [sa, sb] = await Promise.all([a.sessionSecret(), b.sessionSecret()]);
    expect(sa).toBe(sb);
    expect(sa.length).toBeGreaterThanOrEqual(40);
    const own = new WebAccessService(db, clock, { publicUrl: "https://x", sessionSecret: "z".repeat(32) });
    expect(await own.sessionSecret()).toBe("z".repeat(32));
  });
});

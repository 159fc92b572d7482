/**
 * The web view for chairs and staff (issue 31), in Chromium at 1280×900 and 390×844: a link from /trangweb opens a
 * session once (then the link is refused, in the person's language); each page for a grassroots chair (only their
 * unit), a district chair and provincial staff; a neighbour's unit refused with nothing of it shown; a role revoked in
 * chat gone at the next request; a forged or stale Telegram initData refused; the .xlsx download parsed back.
 * Screenshots go to WEB_SCREENSHOTS (default test-output/web-view).
 */
import { createHmac } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import ExcelJS from "exceljs";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { App } from "../src/app.js";
import type { FakeClock } from "../src/clock.js";
import { readDatePhrase } from "../src/domain/dates/phrases.js";
import { startWebView, type WebView } from "../src/web/server.js";
import { giveRole, lastText, Talker, testApp } from "./helpers/app.js";
import { DESKTOP, launchBrowser, PHONE, pageErrors } from "./helpers/browser.js";
import { closeAll } from "./helpers/db.js";

const SHOTS = process.env.WEB_SCREENSHOTS ?? path.join(import.meta.dirname, "..", "test-output", "web-view");
const BOT_TOKEN = "123456:AAH-web-view-test-token-000000000";

let app: App & { clock: FakeClock };
let view: WebView;
let browser: Browser;
const people = {
  grassroots: { id: "701", name: "Chủ tịch Bình Lư", unit: "LC-TD-01" },
  district: { id: "702", name: "Chủ tịch Tam Đường", unit: "LC-TD" },
  staff: { id: "703", name: "Cán bộ tỉnh", unit: "LC" },
};
let consultationCode = "";
let deadlineCode = "";
let announcementSeq = 0;
let figuresCode = "";

async function seed(): Promise<void> {
  for (const [role, p] of Object.entries(people))
    await giveRole(app, p.id, p.name, role === "staff" ? "staff" : "chair", p.unit);
  const staff = await app.services.people.resolve("telegram", people.staff.id, people.staff.name);
  const opened = await app.services.consultations.open(staff, {
    title: "Dự thảo Báo cáo chính trị",
    items: ["Phần I: Kết quả", "Phần II: Phương hướng"],
    rootUnitCode: "LC",
    closesAt: new Date("2026-03-20T00:00:00Z"),
  });
  if (!opened.ok) throw new Error(opened.problem);
  consultationCode = opened.consultation.code;
  const td01 = await app.db.unit.findUniqueOrThrow({ where: { code: "LC-TD-01" } });
  const member = await app.services.people.resolve("telegram", "801", "Lò Thị Mai");
  await app.services.people.ensureMember(member.personId, td01.id);
  const memberActor = await app.services.people.resolve("telegram", "801", "Lò Thị Mai");
  const given = await app.services.opinions.give(memberActor, {
    consultationId: opened.consultation.id,
    itemId: opened.consultation.items[0]!.id,
    unitId: td01.id,
    kind: "add",
    text: "Bổ sung số liệu đoàn viên mới năm 2025.",
  });
  if (!given.ok) throw new Error(given.problem);
  const phrase = "trước ngày 25 hằng tháng";
  const lc = await app.db.unit.findUniqueOrThrow({ where: { code: "LC" } });
  const grassroots = await app.db.unit.findMany({ where: { kind: "grassroots" } });
  const created = await app.services.deadlines.create(staff, {
    what: "Báo cáo tháng",
    phrase,
    spec: readDatePhrase(phrase)!.spec,
    owingUnitIds: grassroots.map((u) => u.id),
    rootUnitId: lc.id,
  });
  deadlineCode = created.deadline.code;
  const late = "trước ngày 25/02/2026";
  const yearly = await app.services.deadlines.create(staff, {
    what: "Báo cáo năm 2025",
    phrase: late,
    spec: readDatePhrase(late)!.spec,
    owingUnitIds: grassroots.filter((u) => u.code.startsWith("LC-TD-")).map((u) => u.id),
    rootUnitId: lc.id,
  });
  figuresCode = yearly.deadline.code;
  // One indicator with targets, and Bình Lư's figure for the period (as /chitieu, /giaochitieu and /baocaoso store them).
  const indicator = await app.db.indicator.create({
    data: {
      deadlineId: yearly.deadline.id,
      position: 1,
      name: "Phát triển đoàn viên",
      measure: "people",
      rollup: "sum",
      comparator: "at-least",
      target: 50,
      createdById: staff.personId,
    },
  });
  const [binhLu, cheTamDuong] = await Promise.all(
    ["LC-TD-01", "LC-TD-02"].map((code) => app.db.unit.findUniqueOrThrow({ where: { code } })),
  );
  for (const [unit, value] of [
    [binhLu!, 20],
    [cheTamDuong!, 30],
  ] as const)
    await app.db.unitTarget.create({
      data: { indicatorId: indicator.id, unitId: unit.id, value, source: "hand", setById: staff.personId },
    });
  const [period] = await app.db.deadlineOccurrence.findMany({ where: { deadlineId: yearly.deadline.id } });
  await app.db.figureReport.create({
    data: {
      indicatorId: indicator.id,
      occurrenceId: period!.id,
      unitId: binhLu!.id,
      value: 12,
      reportedById: staff.personId,
      reportedAt: new Date("2026-02-20T03:00:00Z"),
    },
  });
  const a = await app.services.announcements.broadcast(
    staff,
    { text: "Kế hoạch tổ chức Tháng Công nhân năm 2026." },
    { mode: "subtree" },
  );
  announcementSeq = a.seq;
  // Chè Tam Đường's chair pressed "Đã nhận" (as AnnouncementService.acknowledge records it).
  const chair = await app.services.people.resolve("telegram", "802", "Giàng A Páo");
  await app.db.acknowledgement.create({
    data: {
      announcementId: a.id,
      unitId: cheTamDuong!.id,
      personId: chair.personId,
      at: new Date("2026-03-02T01:30:00Z"),
    },
  });
}

beforeAll(async () => {
  app = await testApp({ env: { PUBLIC_URL: "https://union.example.org" } });
  await seed();
  view = await startWebView({ app, host: "127.0.0.1", port: 0, logger: app.logger, telegramToken: BOT_TOKEN });
  browser = await launchBrowser();
  fs.mkdirSync(SHOTS, { recursive: true });
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await view?.close();
  await closeAll();
});

/** A /trangweb link for the person, pointed at the test server instead of PUBLIC_URL. */
async function linkFor(who: { id: string; name: string }): Promise<string> {
  const out = await Talker.private(app, who.id, who.name).send("/trangweb");
  const url = /https:\/\/union\.example\.org(\/web\/login\?t=[A-Za-z0-9_-]+)/.exec(lastText(out));
  if (!url) throw new Error(lastText(out));
  return `${view.url}${url[1]}`;
}

async function signIn(who: { id: string; name: string }, size = DESKTOP): Promise<{ ctx: BrowserContext; page: Page }> {
  const ctx = await browser.newContext({ viewport: size, acceptDownloads: true });
  const page = await ctx.newPage();
  await page.goto(await linkFor(who));
  await page.waitForURL(/\/web$/);
  return { ctx, page };
}

async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(SHOTS, name), fullPage: true });
}

describe("getting in", () => {
  it("a link opens a session (an HttpOnly, SameSite=Strict cookie), once; used again it says to ask /trangweb again", async () => {
    const ctx = await browser.newContext({ viewport: DESKTOP });
    const page = await ctx.newPage();
    const errors = pageErrors(page);
    const link = await linkFor(people.district);
    const answer = await page.goto(link);
    expect(answer?.headers()["content-security-policy"]).toContain("script-src 'self'");
    expect(answer?.headers()["referrer-policy"]).toBe("no-referrer");
    expect(answer?.headers()["x-content-type-options"]).toBe("nosniff");
    await page.waitForURL(/\/web$/);
    await expect(page.locator("h1").textContent()).resolves.toBe("Toàn cảnh");
    const [cookie] = await ctx.cookies();
    expect(cookie).toMatchObject({ name: "cdweb", httpOnly: true, sameSite: "Strict", secure: true });
    await shot(page, "home-district-desktop.png");
    expect(errors).toEqual([]);

    const other = await browser.newContext({ viewport: PHONE });
    const again = await other.newPage();
    await again.goto(link);
    await again.locator("h1", { hasText: "Liên kết đã được dùng" }).waitFor();
    await expect(again.locator("main").textContent()).resolves.toContain("/trangweb");
    await shot(again, "link-used-phone.png");
    await other.close();
    await ctx.close();
  }, 60_000);

  it("opening the link's address (GET) uses nothing up: only the page's POST does", async () => {
    const link = await linkFor(people.grassroots);
    for (let i = 0; i < 2; i++) expect((await fetch(link)).status).toBe(200);
    const token = new URL(link).searchParams.get("t") ?? "";
    const first = await fetch(`${view.url}/web/login`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", origin: view.url },
      body: `t=${token}`,
      redirect: "manual",
    });
    expect(first.status).toBe(303);
    expect(first.headers.get("set-cookie")).toMatch(
      /^cdweb=s1\.\d+\.\d+\.[\w-]+; Path=\/web; Max-Age=43200; HttpOnly; SameSite=Strict; Secure$/,
    );
    const crossSite = await fetch(`${view.url}/web/login`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", origin: "https://evil.example" },
      body: `t=${token}`,
      redirect: "manual",
    });
    expect(crossSite.status).toBe(403);
    expect((await fetch(`${view.url}/web`)).status).toBe(401);
    expect((await fetch(`${view.url}/web/unit/LC`, { method: "POST" })).status).toBe(405);
  });

  it("any process answers any page: a session opened on one is read by another on the same database", async () => {
    const other = await testApp({ db: app.db, clock: app.clock, env: { PUBLIC_URL: "https://union.example.org" } });
    const second = await startWebView({ app: other, host: "127.0.0.1", port: 0, logger: other.logger });
    try {
      const token = new URL(await linkFor(people.district)).searchParams.get("t") ?? "";
      const opened = await fetch(`${view.url}/web/login`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded", origin: view.url },
        body: `t=${token}`,
        redirect: "manual",
      });
      const cookie = (opened.headers.get("set-cookie") ?? "").split(";")[0] ?? "";
      const page = await fetch(`${second.url}/web/unit/LC-TD`, { headers: { cookie } });
      expect(page.status).toBe(200);
      expect(await page.text()).toContain("LĐLĐ huyện Tam Đường (LC-TD)");
    } finally {
      await second.close();
    }
  });

  function initData(fields: Record<string, string>, token = BOT_TOKEN): string {
    const lines = Object.entries(fields)
      .map(([k, v]) => `${k}=${v}`)
      .sort();
    const secret = createHmac("sha256", "WebAppData").update(token).digest();
    const hash = createHmac("sha256", secret).update(lines.join("\n")).digest("hex");
    return new URLSearchParams({ ...fields, hash }).toString();
  }

  it("a Telegram Mini App is let in by its initData; forged or older than an hour, it is refused", async () => {
    const now = Math.floor(app.clock.now().getTime() / 1000);
    const user = JSON.stringify({ id: Number(people.staff.id), first_name: "Cán bộ" });
    const open = async (data: string) => {
      const ctx = await browser.newContext({ viewport: PHONE });
      const page = await ctx.newPage();
      await page.goto(`${view.url}/web/app?to=/web/unit/LC#tgWebAppData=${encodeURIComponent(data)}`);
      return { ctx, page };
    };
    const good = await open(initData({ auth_date: String(now - 60), user }));
    await good.page.waitForURL(/\/web\/unit\/LC$/);
    await good.page.locator("h1", { hasText: "Liên đoàn Lao động tỉnh Lai Châu" }).waitFor();
    await good.ctx.close();
    const forged = await open(initData({ auth_date: String(now - 60), user }).replace("703", "702"));
    await forged.page.locator(".refused", { hasText: "Telegram chưa xác nhận" }).waitFor();
    await shot(forged.page, "miniapp-refused-phone.png");
    await forged.ctx.close();
    const stale = await open(initData({ auth_date: String(now - 3700), user }));
    await stale.page.locator(".refused").waitFor();
    expect(stale.page.url()).toContain("/web/app");
    await stale.ctx.close();
  }, 60_000);
});

describe("the pages, by who is looking", () => {
  it("a grassroots chair sees only their unit; a neighbour's unit is a polite 403 naming nothing", async () => {
    const { ctx, page } = await signIn(people.grassroots, PHONE);
    await expect(page.locator("#scope").textContent()).resolves.toContain("LC-TD-01");
    await expect(page.locator("#scope").textContent()).resolves.not.toContain("LC-TD-02");
    await shot(page, "home-grassroots-phone.png");
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(width).toBeLessThanOrEqual(PHONE.width);
    const refused = await page.goto(`${view.url}/web/unit/LC-TD-02`);
    expect(refused?.status()).toBe(403);
    const body = (await page.locator("body").textContent()) ?? "";
    expect(body).toContain("ngoài phạm vi");
    expect(body).not.toContain("Chè Tam Đường");
    const unknown = await page.goto(`${view.url}/web/unit/KHONG-CO`);
    expect(unknown?.status()).toBe(403);
    expect((await page.goto(`${view.url}/web/unit/LC`))?.status()).toBe(403);
    await shot(page, "neighbour-refused-phone.png");
    // Every page shows their unit only: the deadline's and the announcement's lines, the consultation's tally.
    await page.goto(`${view.url}/web/deadline/${deadlineCode}`);
    await expect(page.locator("#units tbody tr").allTextContents()).resolves.toEqual([
      expect.stringContaining("Bình Lư"),
    ]);
    await page.goto(`${view.url}/web/announcement/${announcementSeq}`);
    await expect(page.locator("main tbody tr").count()).resolves.toBe(1);
    await shot(page, "announcement-grassroots-phone.png");
    expect((await page.goto(`${view.url}/web/consultation/${consultationCode}?unit=LC-TD-01`))?.status()).toBe(200);
    await expect(page.locator("#opinions").textContent()).resolves.toContain("Bổ sung số liệu");
    expect((await page.goto(`${view.url}/web/consultation/${consultationCode}?unit=LC-TD`))?.status()).toBe(403);
    expect((await page.goto(`${view.url}/web/download/${consultationCode}/LC-TD-02.xlsx`))?.status()).toBe(403);
    await ctx.close();
  }, 60_000);

  it("a district chair drills down from the district to a grassroots unit and reads the consultation", async () => {
    const { ctx, page } = await signIn(people.district, DESKTOP);
    await page.click(`#scope a`);
    await page.locator("h1", { hasText: "LC-TD" }).waitFor();
    const rows = page.locator("#children tbody tr");
    await expect(rows.count()).resolves.toBe(2);
    await page.click("#children th a >> text=Đoàn viên");
    await expect(rows.first().textContent()).resolves.toContain("LC-TD-02");
    await page.click("#children tbody a >> text=Chè Tam Đường");
    await page.locator("h1", { hasText: "LC-TD-02" }).waitFor();
    await page.goto(`${view.url}/web/consultation/${consultationCode}?unit=LC-TD`);
    await expect(page.locator("#opinions").textContent()).resolves.toContain("Bổ sung số liệu đoàn viên mới");
    await expect(page.locator("#opinions").textContent()).resolves.toContain("Lò Thị Mai");
    await expect(page.locator("figure.chart img").count()).resolves.toBe(1);
    await shot(page, "consultation-district-desktop.png");
    await page.goto(`${view.url}/web/deadline/${deadlineCode}`);
    await expect(page.locator("#units tbody tr").count()).resolves.toBe(2);
    await shot(page, "deadline-district-desktop.png");
    await page.goto(`${view.url}/web/figures/${figuresCode}?unit=LC-TD`);
    const binhLu = page.locator("main table").first().locator("tbody tr", { hasText: "Bình Lư" });
    await expect(binhLu.locator("td").allTextContents()).resolves.toEqual([
      "CĐCS Ủy ban nhân dân xã Bình Lư",
      "12",
      "20",
      "60%",
      "1/1",
    ]);
    await expect(page.locator("figure.chart img").count()).resolves.toBe(1);
    await shot(page, "figures-district-desktop.png");
    await ctx.close();
  }, 90_000);

  it("provincial staff see the province, the announcement by unit, and download the .xlsx", async () => {
    const { ctx, page } = await signIn(people.staff, PHONE);
    await expect(page.locator("#announcements").textContent()).resolves.toContain(`KH ${announcementSeq}`);
    await expect(page.locator("#deadlines").textContent()).resolves.toContain(deadlineCode);
    await expect(page.locator("#consultations").textContent()).resolves.toContain(consultationCode);
    await expect(page.locator("#figures").textContent()).resolves.toContain("Phát triển đoàn viên");
    await shot(page, "home-staff-phone.png");
    await page.goto(`${view.url}/web/unit/LC`);
    await expect(page.locator("#children tbody tr").count()).resolves.toBe(11);
    // Tam Đường's branch: its two grassroots units' members, both units, and each one's February report overdue.
    const tamDuong = page.locator("#children tbody tr", { hasText: "Tam Đường" });
    await expect(tamDuong.locator("td").allTextContents()).resolves.toEqual([
      "LC-TD",
      "LĐLĐ huyện Tam Đường",
      "LĐLĐ huyện/thành phố",
      "172",
      "2",
      "0",
      "2",
    ]);
    await shot(page, "unit-province-phone.png");
    await page.goto(`${view.url}/web/announcement/${announcementSeq}`);
    await expect(page.locator("#no-group").textContent()).resolves.toContain("Bình Lư");
    await expect(page.locator("#acked tbody tr").allTextContents()).resolves.toEqual([
      expect.stringMatching(/Chè Tam Đường.*Giàng A Páo.*08:30 02\/03\/2026/),
    ]);
    await shot(page, "announcement-staff-phone.png");
    await page.goto(`${view.url}/web/consultation/${consultationCode}?unit=LC`);
    const [download] = await Promise.all([page.waitForEvent("download"), page.click("a >> text=.xlsx")]);
    const file = await download.path();
    const book = new ExcelJS.Workbook();
    await book.xlsx.readFile(file);
    const cells = book.worksheets.flatMap((s) => s.getSheetValues().flat().map(String));
    expect(cells.some((c) => c.includes("Bổ sung số liệu đoàn viên mới"))).toBe(true);
    // The figures deadline owed under the province has its sheet too (the streaming writer once failed on it).
    expect(book.worksheets.map((w) => w.name)).toContain(`${figuresCode} 1 Phát triển đoàn viên`);
    await ctx.close();
  }, 90_000);

  it("a role revoked in chat is gone at the next request", async () => {
    const { ctx, page } = await signIn(people.district, DESKTOP);
    expect((await page.goto(`${view.url}/web/unit/LC-TD-01`))?.status()).toBe(200);
    const person = await app.services.people.resolve("telegram", people.district.id, people.district.name);
    await app.db.membership.deleteMany({ where: { personId: person.personId, role: "chair" } });
    const after = await page.goto(`${view.url}/web/unit/LC-TD-01`);
    expect(after?.status()).toBe(403);
    await expect(page.locator("h1").textContent()).resolves.toBe("Không có quyền xem");
    await ctx.close();
  }, 60_000);
});

/**
 * The playground as a first-time user meets it, in Chromium: on a phone (390×844) the chat takes the width and the
 * people and chats fold behind ☰; a file goes with its caption, as Telegram sends a document with a command; a voice
 * recording is a voice message; and after a restart each chat shows what it already held while its conversation goes
 * on. Screenshots go to test-output/ (PLAYGROUND_SCREENSHOTS=<folder> puts copies elsewhere).
 */
import fs from "node:fs";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { App } from "../src/app.js";
import type { FakeClock } from "../src/clock.js";
import { type Playground, startPlayground } from "../src/platforms/web/server.js";
import { seedSamples } from "../src/services/samples.js";
import { testApp } from "./helpers/app.js";
import { DESKTOP, launchBrowser, PHONE, pageErrors, press, say, sees } from "./helpers/browser.js";
import { closeAll } from "./helpers/db.js";

const OUTPUT = path.join(import.meta.dirname, "..", "test-output");
let browser: Browser;
let app: App;
let playground: Playground;

beforeAll(async () => {
  app = await testApp();
  await seedSamples(app.db);
  playground = await startPlayground({ app, host: "127.0.0.1", port: 0, logger: app.logger });
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await playground?.close();
  await closeAll();
});

async function shot(page: Page, name: string): Promise<void> {
  fs.mkdirSync(OUTPUT, { recursive: true });
  await page.screenshot({ path: path.join(OUTPUT, name) });
  const copies = process.env.PLAYGROUND_SCREENSHOTS;
  if (copies) {
    fs.mkdirSync(copies, { recursive: true });
    fs.copyFileSync(path.join(OUTPUT, name), path.join(copies, name));
  }
}

/** Where the main parts sit on the page, in CSS pixels. */
function layout(page: Page) {
  return page.evaluate(() => {
    const box = (sel: string) => {
      const r = document.querySelector(sel)!.getBoundingClientRect();
      return { left: r.left, right: r.right, top: r.top, bottom: r.bottom, width: r.width, height: r.height };
    };
    return {
      side: box("aside"),
      log: box("#log"),
      text: box("#text"),
      send: box("#composer button[type=submit]"),
      menu: getComputedStyle(document.getElementById("menu")!).display,
      scrollWidth: document.documentElement.scrollWidth,
      scrollHeight: document.documentElement.scrollHeight,
    };
  });
}

/** Picks who you are from the list behind ☰ (a phone: it folds away again) or beside the chat (a wide screen). */
async function be(page: Page, persona: string): Promise<void> {
  if (await page.locator("#menu").isVisible()) await page.click("#menu");
  await page.selectOption("#persona", persona);
  const label = await page.locator(`#persona option[value='${persona}']`).textContent();
  await page.waitForFunction(
    (who) =>
      document.querySelector("#who")?.textContent === `Bạn là: ${who}` &&
      (innerWidth > 720 || document.querySelector("aside")!.getBoundingClientRect().right <= 0),
    label,
  );
}

describe("the playground on a phone", () => {
  it("gives the chat the whole width and folds the people and chats behind ☰", async () => {
    const page = await browser.newPage({ viewport: PHONE });
    const errors = pageErrors(page);
    await page.goto(playground.url);
    await page.waitForFunction(() => document.querySelector("#title")?.textContent?.includes("riêng"));
    let at = await layout(page);
    expect(at.menu).toBe("block");
    expect(at.side.right).toBeLessThanOrEqual(0); // out of view until asked for
    expect(at.log.width).toBeGreaterThanOrEqual(380);
    expect(at.text.left).toBeGreaterThanOrEqual(0);
    expect(at.send.right).toBeLessThanOrEqual(PHONE.width);
    expect(at.text.width).toBeGreaterThan(200);
    expect(at.send.bottom).toBeLessThanOrEqual(PHONE.height);
    expect(at.scrollWidth).toBeLessThanOrEqual(PHONE.width);
    expect(at.scrollHeight).toBeLessThanOrEqual(PHONE.height);

    await page.click("#menu");
    await page.waitForFunction(() => document.querySelector("aside")!.getBoundingClientRect().left >= 0);
    at = await layout(page);
    expect(at.side.left).toBe(0);
    expect(at.side.width).toBeLessThanOrEqual(PHONE.width);
    await shot(page, "phone-menu.png");
    await page.click(".chat[data-chat='g-LC-TD-01']");
    // Choosing a chat folds the list away and opens the chat; so does choosing who you are.
    await page.waitForFunction(() => document.querySelector("aside")!.getBoundingClientRect().right <= 0);
    expect(await page.locator("#title").textContent()).toBe("Nhóm: CĐCS UBND xã Bình Lư");
    await page.click("#menu");
    await page.waitForFunction(() => document.querySelector("aside")!.getBoundingClientRect().left >= 0);
    await page.click("#private-chat");
    await page.waitForFunction(() => document.querySelector("aside")!.getBoundingClientRect().right <= 0);
    await be(page, "staff");
    expect(await page.locator("#who").textContent()).toContain("Trần Minh Đức");

    await say(page, "/themhanchot");
    await sees(page, "Báo cáo gì");
    await say(page, "Báo cáo sơ kết công tác công đoàn quý I năm 2026");
    await sees(page, "Hạn nộp");
    const bubble = await page.locator("#log .msg.bot").last().boundingBox();
    expect(bubble?.width).toBeGreaterThan(300); // a message reads as lines, not a word a line
    // The way back and out are buttons side by side, not a tall column.
    const buttons = page.locator("#log .msg").last().locator(".choices button");
    expect(await buttons.allTextContents()).toEqual(["Quay lại", "Hủy"]);
    const [back, cancel] = [await buttons.nth(0).boundingBox(), await buttons.nth(1).boundingBox()];
    expect(back?.y).toBe(cancel?.y);
    expect(back?.height).toBeLessThan(50);
    await shot(page, "phone-chat.png");
    await press(page, "Quay lại");
    await sees(page, "Báo cáo gì");
    await press(page, "Hủy");
    await sees(page, "Đã hủy");
    expect(errors).toEqual([]);
  }, 60_000);

  it("keeps the two-column layout on a wide screen, with ☰ hidden", async () => {
    const page = await browser.newPage({ viewport: DESKTOP });
    await page.goto(playground.url);
    await page.waitForFunction(() => document.querySelector("#title")?.textContent?.includes("riêng"));
    const at = await layout(page);
    expect(at.menu).toBe("none");
    expect(at.side.left).toBe(0);
    expect(at.side.width).toBeGreaterThan(250);
    expect(at.log.left).toBeGreaterThanOrEqual(at.side.right);
    await shot(page, "desktop.png");
  });
});

/** A short silent WAV recording of `seconds`, which Chromium can tell the length of. */
function wav(seconds: number): Buffer {
  const rate = 8000;
  const data = Buffer.alloc(rate * seconds);
  data.fill(128);
  const head = Buffer.alloc(44);
  head.write("RIFF", 0);
  head.writeUInt32LE(36 + data.length, 4);
  head.write("WAVEfmt ", 8);
  head.writeUInt32LE(16, 16);
  head.writeUInt16LE(1, 20);
  head.writeUInt16LE(1, 22);
  head.writeUInt32LE(rate, 24);
  head.writeUInt32LE(rate, 28);
  head.writeUInt16LE(1, 32);
  head.writeUInt16LE(8, 34);
  head.write("data", 36);
  head.writeUInt32LE(data.length, 40);
  return Buffer.concat([head, data]);
}

describe("files in the playground", () => {
  it("sends a sheet with its command as the caption, and a recording as a voice opinion", async () => {
    const staffActor = await app.services.people.resolve("web", "staff", "Trần Minh Đức");
    const lc = await app.db.unit.findUniqueOrThrow({ where: { code: "LC" } });
    const owing = await app.db.unit.findMany({ where: { code: { in: ["LC-TD-01", "LC-TD-02"] } } });
    const deadline = await app.services.deadlines.create(staffActor, {
      what: "Báo cáo số liệu phát triển đoàn viên",
      phrase: "trước ngày 30/6/2026",
      spec: { precision: "day", date: "2026-06-30", bound: "before" },
      owingUnitIds: owing.map((u) => u.id),
      rootUnitId: lc.id,
    });
    const code = deadline.deadline.code;
    const row = await app.services.deadlines.byCode(code);
    if (!row) throw new Error("no deadline");
    await app.services.indicators.defineIndicators(staffActor, row, [
      {
        name: "Kết nạp đoàn viên mới",
        measure: "people",
        rollup: "sum",
        comparator: "at-least",
        target: 20,
        strive: false,
      },
    ]);

    const page = await browser.newPage({ viewport: PHONE });
    const errors = pageErrors(page);
    await page.goto(playground.url);
    await be(page, "staff");
    await page.setInputFiles("#upload", {
      name: "chi-tieu.csv",
      mimeType: "text/csv",
      buffer: Buffer.from("ma_don_vi,chi_tieu,muc\nLC-TD-01,1,8\nLC-TD-02,1,12\n"),
    });
    await expect.poll(() => page.locator("#attached").isVisible()).toBe(true);
    expect(await page.locator("#attached-name").textContent()).toBe("chi-tieu.csv");
    await say(page, `/giaochitieu ${code}`);
    await sees(page, `Đã nhập 2 chỉ tiêu cho hạn ${code}.`);
    const sent = page.locator("#log .msg.person").last();
    expect(await sent.locator("a.file-link").textContent()).toBe("chi-tieu.csv");
    expect(await sent.textContent()).toContain(`/giaochitieu ${code}`);
    expect(await page.locator("#attached").isVisible()).toBe(false);
    await shot(page, "phone-caption.png");

    // A sample plan sent from ☰ without /thongbao: the preview comes at once; its deadlines are corrected in a row.
    await page.click("#menu");
    await page.selectOption("#plan", "143-KH-LDLD-2025-thang-cao-diem-phat-trien-doan-vien");
    await page.click("#send-plan");
    await sees(page, "Bạn vừa gửi một kế hoạch");
    await press(page, "Sửa số, ngày");
    await press(page, "Hạn báo cáo");
    await sees(page, "Các hạn hiện tại");
    expect(await page.locator("#log .msg").last().locator(".choices button").allTextContents()).toEqual([
      "Quay lại",
      "Xong",
      "Hủy",
    ]);
    await say(page, "thêm: hàng quý: Báo cáo số liệu phát triển đoàn viên");
    await sees(page, "Đã sửa. Sửa tiếp");
    await shot(page, "phone-edit-deadlines.png");
    await say(page, "xong");
    await sees(page, "Gửi tới đơn vị nào?");
    expect(await page.locator("#log .msg").last().textContent()).toContain("Báo cáo số liệu phát triển đoàn viên");
    await press(page, "Hủy");
    await sees(page, "Đã hủy");

    const opened = await app.services.consultations.open(staffActor, {
      title: "Góp ý dự thảo Điều lệ",
      items: ["Chương I", "Chương II"],
      rootUnitCode: "LC",
      closesAt: new Date(app.clock.now().getTime() + 20 * 86_400_000),
    });
    expect(opened.ok).toBe(true);
    await be(page, "member");
    await say(page, "/gopy");
    await press(page, "1. Chương I");
    await press(page, "Kiến nghị");
    await sees(page, "Hãy gõ ý kiến");
    await page.setInputFiles("#upload", { name: "y-kien.wav", mimeType: "audio/wav", buffer: wav(3) });
    await page.click("#composer button[type=submit]");
    await sees(page, "Ý kiến: [tin nhắn thoại 3 giây]");
    await press(page, "Gửi");
    await sees(page, "Cảm ơn bạn!");
    const opinion = await app.db.opinion.findFirstOrThrow({ where: { kind: "propose" } });
    expect(opinion).toMatchObject({ text: null, voiceDuration: 3 });
    expect(opinion.voiceFileRef).toMatch(/^stored:\d+$/);
    expect(errors).toEqual([]);
  }, 60_000);
});

describe("the playground after a restart", () => {
  it("shows what each chat already holds, and the conversation carries on", async () => {
    let page = await browser.newPage({ viewport: DESKTOP });
    await page.goto(playground.url);
    await be(page, "staff");
    await say(page, "/themhanchot");
    await say(page, "Báo cáo tổng kết năm");
    await sees(page, "Hạn nộp");
    await page.click(".chat[data-chat='g-LC-TD']");
    await say(page, "/donvi");
    await sees(page, "LĐLĐ huyện Tam Đường");
    await page.close();

    await playground.close();
    const again = await testApp({ db: app.db, clock: app.clock as FakeClock });
    playground = await startPlayground({ app: again, host: "127.0.0.1", port: 0, logger: again.logger });
    page = await browser.newPage({ viewport: DESKTOP });
    await page.goto(playground.url);
    await be(page, "staff");
    await sees(page, "Báo cáo tổng kết năm");
    await sees(page, "Hạn nộp");
    await say(page, "trước ngày 31/12/2026");
    await sees(page, "Đơn vị nào phải nộp");
    await page.click(".chat[data-chat='g-LC-TD']");
    await sees(page, "LĐLĐ huyện Tam Đường (LC-TD)");
    await shot(page, "after-restart.png");
  }, 120_000);
});

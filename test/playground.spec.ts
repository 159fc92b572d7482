import fs from "node:fs";
import path from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Playground, startPlayground } from "../src/platforms/web/server.js";
import { OutboxWorker } from "../src/scheduler/outbox-worker.js";
import { seedSamples } from "../src/services/samples.js";
import { testApp } from "./helpers/app.js";
import { launchBrowser, pageErrors, press, say, sees } from "./helpers/browser.js";
import { closeAll } from "./helpers/db.js";

const OUTPUT = path.join(import.meta.dirname, "..", "test-output");
let browser: Browser;
let playground: Playground;
let worker: OutboxWorker;

beforeAll(async () => {
  const app = await testApp();
  await seedSamples(app.db);
  playground = await startPlayground({ app, host: "127.0.0.1", port: 0, logger: app.logger });
  worker = new OutboxWorker({
    outbox: app.services.outbox,
    senders: { web: playground.transcript },
    pacing: { web: { perSecond: 100, perChatPerMinute: 600 } },
    clock: app.clock,
    logger: app.logger,
    onSettled: (m) => app.services.announcements.deliverySettled(m),
  });
  worker.start(100);
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await worker?.stop();
  await playground?.close();
  await closeAll();
});

/** The page never grows past the window: the input stays in view and the log shows its newest message. */
async function expectFixedLayout(page: Page) {
  const m = await page.evaluate(() => {
    const log = document.getElementById("log")!;
    const input = document.getElementById("text")!.getBoundingClientRect();
    return {
      page: document.documentElement.scrollHeight,
      inputBottom: input.bottom,
      overflowing: log.scrollHeight > log.clientHeight,
      fromBottom: log.scrollHeight - log.clientHeight - log.scrollTop,
    };
  });
  expect(m.page).toBeLessThanOrEqual(900);
  expect(m.inputBottom).toBeLessThanOrEqual(900);
  expect(m.overflowing).toBe(true);
  expect(m.fromBottom).toBeLessThan(2);
}

describe("the playground in a real browser", () => {
  it("lets a visitor announce a plan as staff, give an opinion as a member, and see the tally chart as a chair", async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const errors = pageErrors(page);
    await page.goto(playground.url);
    expect(await page.locator("header .note").textContent()).toContain("không phải trang quản trị");

    await page.selectOption("#persona", "staff");
    await page.selectOption("#plan", "122-KH-LDLD-2025-lay-y-kien-van-kien");
    await say(page, "/thongbao");
    await sees(page, "Gửi tệp kế hoạch");
    await page.click("#send-plan");
    await sees(page, "Gửi tới đơn vị nào?");
    await press(page, "Toàn bộ đơn vị tôi phụ trách");
    await sees(page, "Sẽ gửi tới");
    await press(page, "Gửi");
    await sees(page, "Đã xếp thông báo số 1");

    await page.click(".chat[data-chat='g-LC-TD-01']");
    await sees(page, "THÔNG BÁO KẾ HOẠCH số 122/KH-LĐLĐ");
    await page.selectOption("#persona", "member");
    await press(page, "Đã nhận");
    await sees(page, "Đã ghi nhận: CĐCS Ủy ban nhân dân xã Bình Lư đã nhận thông báo");

    // Staff follow it up: the list, then the announcement unit by unit, and the notice that sending is through.
    await page.selectOption("#persona", "staff");
    await page.click("#private-chat");
    await sees(page, "Đã gửi xong thông báo số 1");
    await say(page, "/tinhtrang");
    await sees(page, "Các thông báo gần đây:");
    await press(page, "Xem số 1");
    await sees(page, "Tình trạng thông báo số 1");
    const status = await page.locator("#log .msg", { hasText: "Tình trạng thông báo số 1" }).last().textContent();
    expect(status).toContain("Đã gửi xong:");
    expect(status).toMatch(/LC-TD-01 CĐCS Ủy ban nhân dân xã Bình Lư: đã gửi 1, lỗi 0, đang chờ 0; đã nhận lúc/);
    fs.mkdirSync(OUTPUT, { recursive: true });
    await page.screenshot({ path: path.join(OUTPUT, "tinhtrang.png") });

    await say(page, "/mogopy");
    await sees(page, "Lấy các nội dung góp ý");
    await press(page, "122/KH-LĐLĐ");
    await press(page, "Liên đoàn Lao động tỉnh Lai Châu");
    await sees(page, "Hạn cuối nhận ý kiến");
    await say(page, "cuối tháng 12/2026");
    await press(page, "Mở đợt");
    await sees(page, "Đã mở đợt lấy ý kiến GY1");

    await page.selectOption("#persona", "member");
    await say(page, "/gopy");
    await sees(page, "Bạn góp ý cho nội dung nào?");
    await press(page, "1. Dự thảo Báo cáo chính trị");
    await press(page, "Bổ sung");
    await say(page, "Đề nghị bổ sung chính sách nhà ở cho công nhân vùng cao.");
    await sees(page, "Xem lại trước khi gửi");
    await press(page, "Gửi");
    await sees(page, "Cảm ơn bạn!");

    await page.selectOption("#persona", "district");
    await say(page, "/tonghop");
    await sees(page, "TỔNG HỢP Ý KIẾN GY1");
    const chart = page.locator("#log .msg img").last();
    await chart.waitFor({ timeout: 15_000 });
    await expect.poll(() => chart.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(900);
    expect(await page.locator("#log").textContent()).toContain("Đoàn viên góp ý: 1/172");

    await expectFixedLayout(page);
    await page.click(".chat[data-chat='g-LC-TD-01']");
    await sees(page, "THÔNG BÁO KẾ HOẠCH số 122/KH-LĐLĐ");
    await page.click("#private-chat");
    await sees(page, "TỔNG HỢP Ý KIẾN GY1");
    await expectFixedLayout(page);

    fs.mkdirSync(OUTPUT, { recursive: true });
    await page.screenshot({ path: path.join(OUTPUT, "playground.png"), fullPage: true });
    expect(fs.statSync(path.join(OUTPUT, "playground.png")).size).toBeGreaterThan(10_000);
    // The page runs under a strict Content-Security-Policy: a refused script, style or image would show up here.
    expect(errors).toEqual([]);
  }, 90_000);

  it("sends several lines as one message with Shift+Enter, sends on Enter, and draws each message once", async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(playground.url);
    await page.selectOption("#persona", "member");
    await page.waitForFunction(() => document.querySelector("#title")?.textContent?.includes("riêng"));
    const shownOf = async () => (await playground.transcript.since("member", 0)).messages;
    const before = (await shownOf()).length;
    const box = page.locator("#text");
    await box.click();
    await page.keyboard.type("Dòng một");
    await page.keyboard.press("Shift+Enter");
    await page.keyboard.type("Dòng hai");
    expect(await box.inputValue()).toBe("Dòng một\nDòng hai");
    await page.keyboard.press("Enter");
    const mine = page.locator("#log .msg.person", { hasText: "Dòng hai" }).last();
    await mine.waitFor();
    expect(await mine.evaluate((el) => el.childNodes[1]?.textContent)).toBe("Dòng một\nDòng hai");
    expect(await box.inputValue()).toBe("");
    const persons = (await shownOf()).filter((m) => m.from === "person");
    expect(persons.at(-1)?.text).toBe("Dòng một\nDòng hai");

    // 25 messages typed as fast as the keyboard goes, while the page also polls: each is drawn exactly once.
    for (let i = 1; i <= 25; i++) {
      await page.keyboard.type(`/donvi ${i}`);
      await page.keyboard.press("Enter");
    }
    const server = async () => (await shownOf()).length;
    await expect.poll(server, { timeout: 15_000 }).toBeGreaterThanOrEqual(before + 52);
    const total = await server();
    await expect.poll(() => page.locator("#log .msg").count(), { timeout: 15_000 }).toBe(total);
    const ids = await page
      .locator("#log .msg")
      .evaluateAll((els) => els.map((el) => Number(el.getAttribute("data-id"))));
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    await expectFixedLayout(page);
  }, 60_000);
});

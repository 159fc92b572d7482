/**
 * "Xem trên web" under an answer about many units (#31): with PUBLIC_URL set, Telegram's private chat gets a Mini App
 * button to the matching page, a group a plain link (Telegram refuses Mini Apps there), Zalo and the playground the
 * address in the text; without PUBLIC_URL nothing.
 */
import { Api } from "grammy";
import { afterAll, describe, expect, it } from "vitest";
import { FakeClock } from "../src/clock.js";
import type { Outgoing } from "../src/platforms/port.js";
import { TelegramSender } from "../src/platforms/telegram/sender.js";
import { ZALO_CAPABILITIES } from "../src/platforms/zalo/sender.js";
import { choicesOf, giveRole, lastText, Talker, testApp } from "./helpers/app.js";
import { closeAll } from "./helpers/db.js";
import { startFakeBotApi } from "./helpers/fake-bot-api.js";

afterAll(closeAll);

const at = (local: string) => new Date(`${local}+07:00`);

async function setup(env: Record<string, string> = {}) {
  const app = await testApp({ clock: new FakeClock(at("2026-11-23T09:00:00")), env });
  await giveRole(app, "1", "Cán bộ tỉnh", "staff", "LC");
  await giveRole(app, "10", "Chủ tịch Bình Lư", "chair", "LC-TD-01");
  const staff = Talker.private(app, "1", "Cán bộ tỉnh");
  await staff.send("/themhanchot");
  await staff.send("Báo cáo kết quả");
  const units = await staff.send("chậm nhất ngày 30/11/2026");
  const review = await staff.press(choicesOf(units)[1]!.id);
  await staff.press(choicesOf(review)[0]!.id);
  return { app, staff };
}

const webChoice = (out: Outgoing[]) => choicesOf(out).find((c) => c.id === "web");

describe("Xem trên web", () => {
  it("is a Mini App button in a private chat on Telegram and a plain link in a group, to the deadline's page", async () => {
    const { app, staff } = await setup({ PUBLIC_URL: "https://bot.example.org" });
    const mine = await staff.send("/chuanop H1");
    expect(lastText(mine)).toContain("Chưa nộp H1");
    expect(webChoice(mine)).toEqual({
      id: "web",
      label: "Xem trên web",
      url: "https://bot.example.org/web/app?to=%2Fweb%2Fdeadline%2FH1",
      webApp: true,
    });
    const group = Talker.group(app, "-4001", "1", "Cán bộ tỉnh");
    expect(webChoice(await group.send("/hanchot H1"))).toEqual({
      id: "web",
      label: "Xem trên web",
      url: "https://bot.example.org/web/deadline/H1",
    });

    // Through Telegram's Bot API: the private chat's keyboard carries web_app; a group's a url (web_app is refused).
    const api = await startFakeBotApi();
    try {
      api.group(-4001, "CĐ LC");
      const sender = new TelegramSender(
        new Api("1:token", { apiRoot: api.url }),
        () => "bot",
        async () => new Uint8Array(),
        () => api.url,
      );
      const reply = mine.at(-1)!.reply;
      await sender.send({ chatId: "1", reply });
      await sender.send({ chatId: "-4001", reply: (await group.send("/hanchot H1")).at(-1)!.reply });
      const [toStaff, toGroup] = api.received;
      expect(toStaff!.buttons.at(-1)).toEqual({
        text: "Xem trên web",
        webApp: "https://bot.example.org/web/app?to=%2Fweb%2Fdeadline%2FH1",
      });
      expect(toGroup!.buttons.at(-1)).toEqual({ text: "Xem trên web", url: "https://bot.example.org/web/deadline/H1" });
    } finally {
      await api.close();
    }
  });

  it("is the address on the last line where buttons cannot open pages (Zalo), and absent without PUBLIC_URL", async () => {
    const { app } = await setup({ PUBLIC_URL: "https://bot.example.org" });
    const zalo = new Talker(
      app,
      { id: "1", name: "Cán bộ tỉnh" },
      { id: "1", kind: "private" },
      "zalo",
      ZALO_CAPABILITIES,
    );
    await giveRole(app, "1", "Cán bộ tỉnh", "staff", "LC", "zalo");
    const out = await zalo.send("/chuanop H1");
    expect(lastText(out).split("\n").at(-1)).toBe(
      "Xem trên web: https://bot.example.org/web/deadline/H1 (gõ /web trong tin nhắn riêng để đăng nhập)",
    );
    expect(webChoice(out)).toBeUndefined();

    const off = await setup();
    const answer = await off.staff.send("/chuanop H1");
    expect(webChoice(answer)).toBeUndefined();
    expect(lastText(answer)).not.toContain("Xem trên web");
  });
});

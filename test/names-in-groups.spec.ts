/**
 * Issue 25.8: views that name people never go into a group. `/tinhtrang N` typed in a group answers there with counts
 * of that group's own unit (and those under it) only, and the detail (who acknowledged, when) goes to the sender's
 * private chat; where the bot cannot write there, the group hears how to open it. A unit's detail is never posted into
 * another unit's group. Telegram runs through grammY against the fake Bot API, Zalo through zca-js against the local
 * Zalo; the choice is the core's, so both behave alike.
 */
import { afterAll, afterEach, describe, expect, it } from "vitest";
import type { App } from "../src/app.js";
import { createTelegramAdapter } from "../src/platforms/telegram/adapter.js";
import { giveRole, testApp } from "./helpers/app.js";
import { closeAll } from "./helpers/db.js";
import { type FakeBotApi, type FakeUser, startFakeBotApi } from "./helpers/fake-bot-api.js";
import { TOKEN } from "./helpers/telegram.js";
import { type ZaloRig, zaloRig } from "./helpers/zalo.js";

afterAll(closeAll);

const running: { stop(): Promise<unknown> }[] = [];
afterEach(async () => {
  for (const r of running.splice(0).reverse()) await r.stop();
});

const ACKER_TD = "Lò Văn Nhận";
const ACKER_PT = "Vàng Thị Xác";

/**
 * Announcement 1 from the province to Phong Thổ (LC-PT) and Tam Đường (LC-TD) and the units under them, delivered to
 * each one's group; Tam Đường acknowledged by Lò Văn Nhận, Phong Thổ by Vàng Thị Xác.
 */
async function announced(app: App, platform: "telegram" | "zalo", groups: Record<"LC-PT" | "LC-TD", string>) {
  const units = await app.db.unit.findMany({
    where: { OR: [{ code: { startsWith: "LC-PT" } }, { code: { startsWith: "LC-TD" } }] },
  });
  const province = await app.db.unit.findUniqueOrThrow({ where: { code: "LC" } });
  const staff = await app.db.person.findFirstOrThrow({ where: { displayName: "Cán bộ tỉnh" } });
  const a = await app.db.announcement.create({
    data: {
      seq: 1,
      title: "Kế hoạch tháng công nhân",
      body: "…",
      rootUnitId: province.id,
      targetUnits: JSON.stringify(units.map((u) => u.id)),
      createdById: staff.id,
    },
  });
  for (const [code, chat] of Object.entries(groups)) {
    const unit = units.find((u) => u.code === code)!;
    await app.db.chat.upsert({
      where: { platform_platformChatId: { platform, platformChatId: chat } },
      create: { platform, platformChatId: chat, kind: "group", unitId: unit.id },
      update: { unitId: unit.id },
    });
    await app.db.outboxMessage.create({
      data: {
        key: `a1:${code}`,
        platform,
        platformChatId: chat,
        payload: "{}",
        kind: "announcement",
        announcementId: a.id,
        unitId: unit.id,
        status: "sent",
        sentAt: new Date(),
      },
    });
    const acker = await app.services.people.resolve(platform, `ack-${code}`, code === "LC-TD" ? ACKER_TD : ACKER_PT);
    await app.db.acknowledgement.create({ data: { announcementId: a.id, unitId: unit.id, personId: acker.personId } });
  }
}

/** Waits until `check` holds; fails naming `what` after 20 s. */
async function until<T>(check: () => T | undefined | false, what: string): Promise<T> {
  const end = Date.now() + 20_000;
  for (;;) {
    const got = check();
    if (got) return got;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe("Telegram", () => {
  const STAFF: FakeUser = { id: 9100, name: "Cán bộ tỉnh" };
  const CHAIR_TD: FakeUser = { id: 9200, name: "Chị Hoa" };
  const PT = -5001;
  const TD = -5002;

  async function setup() {
    const app = await testApp();
    const api = await startFakeBotApi();
    running.push({ stop: () => api.close() });
    const adapter = createTelegramAdapter({
      token: TOKEN,
      apiRoot: api.url,
      core: app.core,
      chats: app.services.chats,
      i18n: app.i18n,
      logger: app.logger,
      idlePollDelayMs: 20,
      loadStoredFile: async (id) => (await app.db.storedFile.findUniqueOrThrow({ where: { id } })).data,
    });
    await adapter.init();
    adapter.startPolling();
    running.push(adapter);
    api.group(PT, "CĐ Phong Thổ");
    api.group(TD, "CĐ Tam Đường");
    await giveRole(app, String(STAFF.id), STAFF.name, "staff", "LC");
    await giveRole(app, String(CHAIR_TD.id), CHAIR_TD.name, "chair", "LC-TD");
    await announced(app, "telegram", { "LC-PT": String(PT), "LC-TD": String(TD) });
    /** A person writes in a chat; resolves with everything the bot said anywhere until it has answered `count` times. */
    const ask = async (chat: number, from: FakeUser, text: string, count: number) => {
      const before = api.received.length;
      api.userSays({ chat, from, text });
      return until(() => api.received.length >= before + count && api.received.slice(before), `answers to ${text}`);
    };
    return { app, api, ask };
  }

  const inChat = (said: FakeBotApi["received"], chat: number) => said.filter((r) => r.chat === String(chat));

  it("in a group: the group's own counts, the names in the private chat", async () => {
    const { ask } = await setup();
    const said = await ask(PT, STAFF, "/tinhtrang 1", 2);
    const group = inChat(said, PT).map((r) => r.text);
    expect(group).toHaveLength(1);
    expect(group[0]).toMatch(
      /^Thông báo số 1 — LĐLĐ huyện Phong Thổ và các đơn vị trực thuộc: đã gửi 1\/1 nhóm chat; đã xác nhận 1\/\d+ đơn vị\.\nChi tiết có tên người nên tôi gửi vào trò chuyện riêng với Cán bộ tỉnh, không gửi vào nhóm\.$/,
    );
    expect(group.join("\n")).not.toMatch(new RegExp(`${ACKER_PT}|${ACKER_TD}|Tam Đường`));
    const privately = inChat(said, STAFF.id).map((r) => r.text);
    expect(privately[0]).toContain(`(${ACKER_PT})`);
    expect(privately[0]).toContain(`(${ACKER_TD})`);
  });

  it("another unit's chair in this group: nothing of their unit in the group, their detail privately", async () => {
    const { ask } = await setup();
    const said = await ask(PT, CHAIR_TD, "/tinhtrang 1", 2);
    expect(inChat(said, PT).map((r) => r.text)).toEqual([
      "Chi tiết có tên người nên tôi gửi vào trò chuyện riêng với Chị Hoa, không gửi vào nhóm.",
    ]);
    const privately = inChat(said, CHAIR_TD.id).map((r) => r.text);
    expect(privately[0]).toContain(`(${ACKER_TD})`);
    expect(privately[0]).not.toContain(ACKER_PT);
  });

  it("someone who never opened the private chat gets a button to open it there, and the detail once opened", async () => {
    const { api, ask } = await setup();
    api.neverStarted.add(String(STAFF.id));
    const said = await ask(TD, STAFF, "/tinhtrang 1", 2);
    const group = inChat(said, TD);
    expect(group.map((r) => r.text).join("\n")).not.toContain(ACKER_TD);
    const howTo = group.at(-1)!;
    expect(howTo.text).toBe(
      "Cán bộ tỉnh chưa mở trò chuyện riêng với tôi nên tôi chưa gửi được chi tiết. Bấm nút dưới đây để mở, chi tiết sẽ hiện ở đó.",
    );
    expect(howTo.buttons[0]!.text).toBe("Tiếp tục riêng");
    expect(api.refused.map((r) => r.chat)).toContain(String(STAFF.id));
    // Pressing the button opens the private chat with "/start tinhtrang_1".
    api.neverStarted.delete(String(STAFF.id));
    const opened = await ask(STAFF.id, STAFF, "/start tinhtrang_1", 1);
    expect(opened[0]!.text).toContain(`(${ACKER_TD})`);
  });

  it("the list of announcements and a unit's people to pick from stay out of groups", async () => {
    const { ask } = await setup();
    const list = await ask(PT, STAFF, "/tinhtrang", 2);
    expect(inChat(list, PT).map((r) => r.text)).toEqual([
      "Chi tiết có tên người nên tôi gửi vào trò chuyện riêng với Cán bộ tỉnh, không gửi vào nhóm.",
    ]);
    expect(inChat(list, STAFF.id)[0]!.text).toContain("Kế hoạch tháng công nhân");
    const pick = await ask(PT, STAFF, "/vaitro them chutich LC-TD", 1);
    expect(pick[0]!.chat).toBe(String(PT));
    expect(pick[0]!.text).toMatch(/^Danh sách người của đơn vị chỉ hiện trong trò chuyện riêng/);
    expect(pick[0]!.text).not.toContain(ACKER_TD);
    expect(pick[0]!.buttons[0]!.text).toBe("Tiếp tục riêng");
  });
});

describe("Zalo", () => {
  const STAFF = { uid: "9100", name: "Cán bộ tỉnh" };
  const CHAIR_TD = { uid: "9200", name: "Chị Hoa" };
  const PT = "7770001";
  const TD = "7770002";
  const rigs: ZaloRig[] = [];
  afterEach(async () => {
    for (const r of rigs.splice(0)) await r.close();
  });

  async function setup() {
    const app = await testApp();
    const rig = await zaloRig(app);
    rigs.push(rig);
    await giveRole(app, STAFF.uid, STAFF.name, "staff", "LC", "zalo");
    await giveRole(app, CHAIR_TD.uid, CHAIR_TD.name, "chair", "LC-TD", "zalo");
    await announced(app, "zalo", { "LC-PT": PT, "LC-TD": TD });
    return { app, rig, sent: rig.server.sent };
  }

  it("in a group: counts there, the names in the person's own thread", async () => {
    const { rig, sent } = await setup();
    await rig.group(PT, [{ ...STAFF, text: "/tinhtrang 1" }]);
    const group = sent.filter((s) => s.group).map((s) => s.text ?? "");
    expect(group).toHaveLength(1);
    expect(group[0]).toMatch(/^Thông báo số 1 — LĐLĐ huyện Phong Thổ và các đơn vị trực thuộc: đã gửi 1\/1 nhóm chat/);
    expect(group.join("\n")).not.toMatch(new RegExp(`${ACKER_PT}|${ACKER_TD}|Tam Đường`));
    const privately = sent.filter((s) => !s.group && s.threadId === STAFF.uid).map((s) => s.text ?? "");
    expect(privately.join("\n")).toContain(`(${ACKER_PT})`);
  });

  it("another unit's chair: nothing of Tam Đường in Phong Thổ's group; not friends: how to become friends", async () => {
    const { rig, sent } = await setup();
    rig.server.failures.push({
      path: /^\/api\/message\//,
      code: 123,
      message: "Không thể nhận tin nhắn từ bạn",
      times: 10,
    });
    await rig.group(PT, [{ ...CHAIR_TD, text: "/tinhtrang 1" }]);
    expect(sent.every((s) => s.group && s.threadId === PT)).toBe(true);
    const group = sent.map((s) => s.text ?? "");
    expect(group.join("\n")).not.toMatch(new RegExp(`${ACKER_TD}|Tam Đường:|LC-TD`));
    expect(group.at(-1)).toMatch(/^Tôi không gửi được chi tiết vào trò chuyện riêng với Chị Hoa: Zalo chỉ cho/);
  });
});

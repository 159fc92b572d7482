/**
 * The features that run on Telegram and zca-js, on Zalo's Bot Platform: driven through the real adapter against the
 * fake API (zalo-bot-api.ts), by polling and by webhook. Acknowledging an announcement with a digit, a guided
 * conversation with numbered choices, /baocaoso, /tonghop's chart by sendPhoto with a signed link (or a line saying
 * where to see it without PUBLIC_URL), and an export as links.
 */
import fs from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { FakeClock } from "../src/clock.js";
import { parsePlan } from "../src/domain/plan/parse.js";
import { OutboxWorker } from "../src/scheduler/outbox-worker.js";
import { giveRole, Talker, testApp } from "./helpers/app.js";
import { closeAll } from "./helpers/db.js";
import { type ZaloBotRig, zaloBotRig } from "./helpers/zalo-bot.js";

const rigs: ZaloBotRig[] = [];
afterAll(async () => {
  for (const r of rigs) await r.close().catch(() => undefined);
  await closeAll();
});

const CHAIR = { id: "8001", name: "Chị Hoa" };
const MEMBER = { id: "8002", name: "Anh Páo" };
const GROUP = "zb-group-1";

async function setup(mode: "polling" | "webhook", o: { publicUrl?: boolean; clock?: FakeClock } = {}) {
  const app = await testApp(o.clock ? { clock: o.clock } : {});
  const rig = await zaloBotRig(app, { mode, publicUrl: o.publicUrl });
  rigs.push(rig);
  return { app, rig, api: rig.api };
}

async function openConsultation(app: Awaited<ReturnType<typeof testApp>>) {
  await giveRole(app, "9100", "Cán bộ", "staff", "LC", "telegram");
  const staff = await app.services.people.resolve("telegram", "9100", "Cán bộ");
  await app.services.consultations.open(staff, {
    title: "Góp ý dự thảo",
    items: ["Dự thảo A", "Dự thảo B"],
    rootUnitCode: "LC",
    closesAt: new Date(app.clock.now().getTime() + 86_400_000),
  });
}

describe.each(["polling", "webhook"] as const)("features on Zalo Bot (%s)", (mode) => {
  it("an announcement's 'Đã nhận' is a numbered line; a member's '1' in the group acknowledges it", async () => {
    const { app, rig, api } = await setup(mode);
    await giveRole(app, CHAIR.id, CHAIR.name, "chair", "LC-TD-01", "zalo-bot");
    await rig.says(CHAIR, "/lienket LC-TD-01", { group: GROUP });
    expect(api.inChat(GROUP).at(-1)!.text).toMatch(/^Đã liên kết nhóm này với/);
    // The Bot Platform lists no group members: a member is known to the group once they have written there.
    await rig.says(MEMBER, "/donvi", { group: GROUP });
    await giveRole(app, "9100", "Cán bộ", "staff", "LC", "telegram");
    const staff = await app.services.people.resolve("telegram", "9100", "Cán bộ");
    const a = await app.services.announcements.broadcast(
      staff,
      { text: "Họp Ban Chấp hành ngày 05/3." },
      { mode: "codes", codes: ["LC-TD-01"] },
    );
    await new OutboxWorker({
      outbox: app.services.outbox,
      senders: { "zalo-bot": rig.adapter.sender },
      pacing: { "zalo-bot": { perSecond: 100, perChatPerMinute: 100 } },
      clock: app.clock,
      logger: app.logger,
      time: { now: () => app.clock.now().getTime(), sleep: async (ms) => app.clock.advance(ms) },
    }).drain();
    expect(api.inChat(GROUP).at(-1)!.text).toMatch(
      /Họp Ban Chấp hành ngày 05\/3\.[\s\S]*\n1\. Đã nhận\nTrả lời bằng một số: 1$/,
    );
    await rig.says(MEMBER, "1", { group: GROUP });
    expect(await app.db.acknowledgement.count({ where: { announcementId: a.id } })).toBe(1);
    expect(api.inChat(GROUP).at(-1)!.text).toMatch(/^Đã ghi nhận: .* đã nhận thông báo \(người xác nhận: Anh Páo\)/);
  });

  it("runs the opinion conversation in a group with digits and typed words", async () => {
    const { app, rig, api } = await setup(mode);
    await openConsultation(app);
    await giveRole(app, CHAIR.id, CHAIR.name, "chair", "LC-TD-01", "zalo-bot");
    await rig.says(CHAIR, "/lienket LC-TD-01", { group: GROUP });
    const last = () => api.inChat(GROUP).at(-1)!.text!;
    await rig.says(MEMBER, "/gopy", { group: GROUP });
    expect(last()).toContain(
      "1. Dự thảo A\n2. Dự thảo B\nBạn góp ý cho nội dung nào?\nTrả lời bằng một số: 1, 2 Hoặc gõ: «Hủy».",
    );
    await rig.says(MEMBER, "2", { group: GROUP });
    expect(last()).toContain("Ý kiến của bạn thuộc loại nào?");
    await rig.says(MEMBER, "3", { group: GROUP });
    expect(last()).toMatch(/^Hãy gõ ý kiến/);
    await rig.says(MEMBER, "quay lại", { group: GROUP });
    expect(last()).toContain("Ý kiến của bạn thuộc loại nào?");
    await rig.says(MEMBER, "3", { group: GROUP });
    await rig.says(MEMBER, "Đề nghị sửa câu chữ ở mục 2.", { group: GROUP });
    expect(last()).toContain("Loại ý kiến: Sửa đổi");
    await rig.says(MEMBER, "1", { group: GROUP });
    expect(last()).toMatch(/^Cảm ơn bạn!/);
    const stored = await app.db.opinion.findFirstOrThrow({ include: { item: true } });
    expect(stored).toMatchObject({ kind: "amend", text: "Đề nghị sửa câu chữ ở mục 2." });
    expect(stored.item.title).toBe("Dự thảo B");
  });

  it("/baocaoso: a yes/no indicator answered with digits, then sent", async () => {
    const clock = new FakeClock(new Date("2025-05-01T02:00:00Z"));
    const { app, rig, api } = await setup(mode, { clock });
    await figuresDeadline(app);
    const chair = { id: "z1", name: "Chủ tịch Zalo" };
    await giveRole(app, chair.id, chair.name, "chair", "LC-PT-01", "zalo-bot");
    await rig.says(chair, "/baocaoso");
    const ask = api.inChat(chair.id).at(-1)!.text!;
    expect(ask).toContain("Đã tổ chức hội nghị người lao động (có/không)");
    expect(ask).toContain("1. Có\n2. Không\nTrả lời bằng một số: 1, 2 Hoặc gõ: «Hủy».");
    await rig.says(chair, "1");
    expect(api.inChat(chair.id).at(-1)!.text).toContain("1. Đã tổ chức hội nghị người lao động: Có");
    await rig.says(chair, "1");
    expect(api.inChat(chair.id).at(-1)!.text).toBe("Đã gửi số liệu của CĐCS Ủy ban nhân dân xã Dào San. Cảm ơn!");
    expect(await app.db.figureReport.count()).toBe(1);
  });

  it("/tonghop: the text, then the chart by sendPhoto with a signed link Zalo can fetch", async () => {
    const { app, rig, api } = await setup(mode);
    await openConsultation(app);
    await giveRole(app, CHAIR.id, CHAIR.name, "chair", "LC-TD", "zalo-bot");
    await rig.says(CHAIR, "/tonghop");
    const [text, photo] = api.inChat(CHAIR.id);
    expect(text!.text).toMatch(/^TỔNG HỢP Ý KIẾN GY1/);
    expect(photo).toMatchObject({ method: "sendPhoto", fetched: { status: 200, type: "image/png" } });
    expect(photo!.photo).toMatch(new RegExp(`^${rig.base}/files/\\d+\\.\\d+\\.[A-Za-z0-9_-]{43}/tong-hop-GY1\\.png$`));
    expect(photo!.fetched!.bytes).toBeGreaterThan(1000);
    // "typing…" while the chart is drawn.
    const methods = api.calls.map((c) => c.method);
    expect(methods.indexOf("sendChatAction")).toBeLessThan(methods.indexOf("sendPhoto"));
    expect(api.calls.find((c) => c.method === "sendChatAction")!.params).toEqual({
      chat_id: CHAIR.id,
      action: "typing",
    });
  });

  it("/tonghop without PUBLIC_URL: the text, and a line saying where the chart can be seen", async () => {
    const { app, rig, api } = await setup(mode, { publicUrl: false });
    await openConsultation(app);
    await giveRole(app, CHAIR.id, CHAIR.name, "chair", "LC-TD", "zalo-bot");
    await rig.says(CHAIR, "/tonghop");
    expect(api.inChat(CHAIR.id).every((s) => s.method === "sendMessage")).toBe(true);
    expect(api.inChat(CHAIR.id)[0]!.text).toMatch(/^TỔNG HỢP Ý KIẾN GY1/);
    expect(api.inChat(CHAIR.id).at(-1)!.text).toContain("Xem biểu đồ bằng /tonghop trên Telegram hoặc trên trang web");
  });

  it("/xuatbaocao: the export's three files as links that download them", async () => {
    const { app, rig, api } = await setup(mode);
    await openConsultation(app);
    await giveRole(app, CHAIR.id, CHAIR.name, "chair", "LC-TD", "zalo-bot");
    await rig.says(CHAIR, "/xuatbaocao");
    const said = api.inChat(CHAIR.id).map((s) => s.text!);
    expect(said[0]).toMatch(/^Báo cáo tổng hợp GY1/);
    const links = said.flatMap((t) => [...t.matchAll(/📎 (\S+): (\S+) \(liên kết dùng được 24 giờ\)/g)]);
    expect(links.map((l) => l[1]!.split(".").pop())).toEqual(["xlsx", "csv", "docx"]);
    for (const [, name, url] of links) {
      const res = await fetch(url!);
      expect(res.status).toBe(200);
      expect(res.headers.get("content-disposition")).toContain(`attachment; filename="${name}"`);
      expect((await res.arrayBuffer()).byteLength).toBeGreaterThan(0);
    }
  });
});

describe("an export asked for in a Zalo Bot group", () => {
  it("goes to the chair's private chat once they have written there; before that the group hears what to do", async () => {
    const { app, rig, api } = await setup("polling");
    await openConsultation(app);
    await giveRole(app, CHAIR.id, CHAIR.name, "chair", "LC-TD", "zalo-bot");
    await rig.says(CHAIR, "/lienket LC-TD", { group: GROUP });
    await rig.says(CHAIR, "/xuatbaocao", { group: GROUP });
    const group = api.inChat(GROUP).map((s) => s.text!);
    expect(group.at(-2)).toMatch(/^Báo cáo có tên người góp ý nên tôi gửi vào trò chuyện riêng với Chị Hoa/);
    expect(group.at(-1)).toMatch(/^Tôi không gửi được báo cáo vào trò chuyện riêng với Chị Hoa: Zalo Bot chỉ nhắn/);
    expect(group.join("\n")).not.toContain("/files/");
    await rig.says(CHAIR, "/batdau");
    await rig.says(CHAIR, "/xuatbaocao", { group: GROUP });
    const own = api.inChat(CHAIR.id).map((s) => s.text!);
    expect(own.join("\n").match(/\/files\//g)).toHaveLength(3);
    expect(
      api
        .inChat(GROUP)
        .map((s) => s.text!)
        .join("\n"),
    ).not.toContain("/files/");
  });
});

describe("an export on Zalo Bot without PUBLIC_URL", () => {
  it("says the files cannot be sent here and where to get them", async () => {
    const { app, rig, api } = await setup("polling", { publicUrl: false });
    await openConsultation(app);
    await giveRole(app, CHAIR.id, CHAIR.name, "chair", "LC-TD", "zalo-bot");
    await rig.says(CHAIR, "/xuatbaocao");
    const said = api.inChat(CHAIR.id).map((s) => s.text!);
    expect(said.filter((t) => t.includes("Zalo Bot không gửi được tệp"))).toHaveLength(3);
  });
});

const PLAN_143 = fs.readFileSync(
  path.join(import.meta.dirname, "fixtures", "plans", "143-KH-LDLD-2025-thang-cao-diem-phat-trien-doan-vien.txt"),
  "utf8",
);

/** A figures deadline H1 owed by LC-PT-01 with one yes/no indicator, as staff define it on Telegram. */
async function figuresDeadline(app: Awaited<ReturnType<typeof testApp>>) {
  await giveRole(app, "100", "Cán bộ tỉnh", "staff", "LC");
  const staffId = (await app.services.people.resolve("telegram", "100", "Cán bộ tỉnh")).personId;
  const parsed = parsePlan(PLAN_143);
  const plan = await app.db.plan.create({
    data: { number: parsed.number, year: 2025, title: parsed.title, parsed: JSON.stringify(parsed) },
  });
  const lc = await app.db.unit.findUniqueOrThrow({ where: { code: "LC" } });
  const owing = await app.db.unit.findUniqueOrThrow({ where: { code: "LC-PT-01" } });
  const deadline = await app.db.deadline.create({
    data: {
      code: "H1",
      planId: plan.id,
      what: "báo cáo số liệu phát triển đoàn viên",
      phrase: "theo tuần (trong tháng 5)",
      precision: "recurring",
      spec: JSON.stringify({ precision: "recurring", every: ["week"], months: [5] }),
      rootUnitId: lc.id,
      createdById: staffId,
      units: { create: [{ unitId: owing.id }] },
    },
  });
  await app.db.deadlineOccurrence.create({
    data: { deadlineId: deadline.id, dueAt: new Date("2025-05-02T16:59:00Z"), label: "tuần đến 2025-05-02" },
  });
  await Talker.private(app, "100", "Cán bộ tỉnh").send("/chitieu H1 them Đã tổ chức hội nghị người lao động | cokhong");
}

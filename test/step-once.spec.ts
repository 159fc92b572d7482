/**
 * A conversation's last step whose writes committed and whose end did not (a process killed between the two, #25.6)
 * is handled again after the restart, against the step it never left. It answers as the first handling would have,
 * and stores nothing twice: one opinion, one consultation with one opening notice, one announcement sent once to each
 * group. The kill is stood in for by the end's write failing once; test/replay.spec.ts kills real processes.
 */
import fs from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { App } from "../src/app.js";
import { choicesOf, giveRole, lastText, Talker, testApp, texts } from "./helpers/app.js";
import { closeAll } from "./helpers/db.js";

afterAll(closeAll);

/** The next end of a conversation fails as a kill right after the step's own writes would leave it. */
function failNextEnd(app: App): void {
  const hot = app.deps.hot;
  const end = hot.deleteConversation.bind(hot);
  hot.deleteConversation = async () => {
    hot.deleteConversation = end;
    throw new Error("killed before the conversation's end was written");
  };
}

async function openConsultation(app: App) {
  await giveRole(app, "9100", "Cán bộ tỉnh", "staff", "LC");
  const staff = await app.services.people.resolve("telegram", "9100", "Cán bộ tỉnh");
  const closesAt = new Date(app.clock.now().getTime() + 30 * 86_400_000);
  const r = await app.services.consultations.open(staff, {
    title: "Góp ý",
    items: ["Dự thảo"],
    rootUnitCode: "LC",
    closesAt,
  });
  if (!r.ok) throw new Error(r.problem);
}

describe("a last step handled again after its writes committed", () => {
  it("stores an opinion once and thanks the member", async () => {
    const app = await testApp();
    await openConsultation(app);
    await giveRole(app, "700", "Đoàn viên 700", "member", "LC-TD-01");
    const m = Talker.private(app, "700", "Đoàn viên 700");
    await m.send("/gopy");
    await m.send("1");
    await m.send("2");
    const review = await m.send("Cần thêm lớp học nghề cho thanh niên.");
    const send = choicesOf(review)[0]!.id;
    failNextEnd(app);
    await m.press(send);
    expect(await app.db.opinion.count()).toBe(1);
    const again = lastText(await m.press(send));
    expect(again).toMatch(/^Cảm ơn bạn! Ý kiến đã được ghi nhận\./);
    expect(await app.db.opinion.count()).toBe(1);
    expect(await app.db.participation.findFirstOrThrow()).toMatchObject({ opinions: 1 });
    // The conversation is over now: the same press again finds none, and a new opinion is a new one.
    expect(lastText(await m.press(send))).not.toMatch(/^Cảm ơn/);
    await m.send("/gopy");
    await m.send("1");
    await m.send("2");
    expect(lastText(await m.press(choicesOf(await m.send("Đồng ý với dự thảo."))[0]!.id))).toMatch(/^Cảm ơn/);
    expect(await app.db.opinion.count()).toBe(2);
  });

  it("opens a consultation once, with one opening notice per group", async () => {
    const app = await testApp();
    await giveRole(app, "740", "Cán bộ Tam Đường", "staff", "LC-TD");
    const staff = Talker.private(app, "740", "Cán bộ Tam Đường");
    await staff.send("/mogopy");
    await staff.send("Góp ý dự thảo quy chế");
    await staff.send("Dự thảo quy chế dân chủ");
    await staff.send("lc-td");
    const review = await staff.send("trước ngày 30/6/2026");
    const open = choicesOf(review)[0]!.id;
    failNextEnd(app);
    await staff.press(open);
    const opened = lastText(await staff.press(open));
    expect(opened).toMatch(/^Đã mở đợt lấy ý kiến GY1:/);
    const c = await app.db.consultation.findFirstOrThrow();
    expect(await app.db.consultation.count()).toBe(1);
    expect(await app.db.auditLog.count({ where: { action: "consultation.open" } })).toBe(1);
    const notices = await app.db.outboxMessage.findMany({ where: { key: { startsWith: "cons-open:" } } });
    expect(notices.every((n) => n.key.startsWith(`cons-open:${c.id}:`))).toBe(true);
  });

  it("sends an announcement once to each group and creates its deadline once", async () => {
    const units = ["code,name,kind,parent_code,member_count", "P,Liên đoàn Lao động tỉnh,province,,0"];
    for (let d = 1; d <= 5; d++) units.push(`D${d},LĐLĐ huyện ${d},district,P,0`);
    const app = await testApp({ units: `${units.join("\n")}\n` });
    for (const u of await app.db.unit.findMany({ where: { NOT: { code: "P" } } }))
      await app.db.chat.create({
        data: { platform: "telegram", platformChatId: `-${u.id}`, kind: "group", unitId: u.id },
      });
    await giveRole(app, "1", "Cán bộ tỉnh", "staff", "P");
    const staff = Talker.private(app, "1", "Cán bộ tỉnh");
    const plan = fs.readFileSync(
      path.join(import.meta.dirname, "fixtures", "plans", "122-KH-LDLD-2025-lay-y-kien-van-kien.txt"),
      "utf8",
    );
    await staff.send("/thongbao");
    const confirm = await staff.press(choicesOf(await staff.send(plan))[0]!.id);
    const send = choicesOf(confirm)[0]!.id;
    failNextEnd(app);
    await staff.press(send);
    const queued = texts(await staff.press(send));
    expect(queued[0]).toMatch(/^Đã xếp thông báo số 1 vào hàng gửi: 5 nhóm chat/);
    expect(queued[1]).toMatch(/^Đã tạo 1 hạn báo cáo từ kế hoạch cho 5 đơn vị/);
    expect(await app.db.announcement.count()).toBe(1);
    expect(await app.db.outboxMessage.count({ where: { kind: "announcement" } })).toBe(5);
    expect(await app.db.deadline.count()).toBe(1);
    expect(await app.db.auditLog.count({ where: { action: "announcement.broadcast" } })).toBe(1);
  });
});

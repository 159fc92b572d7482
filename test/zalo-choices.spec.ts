/**
 * Numbered choices outside a guided conversation ("1. Đã nhận" under an announcement) on Zalo, through zca-js's real
 * classes; the bot's own mention taken out on Telegram too; staff told when Zalo stops.
 */
import { afterAll, describe, expect, it } from "vitest";
import { tellStaffZaloStopped } from "../src/platforms/zalo/notices.js";
import { OutboxWorker } from "../src/scheduler/outbox-worker.js";
import { choicesOf, giveRole, lastText, Talker, testApp } from "./helpers/app.js";
import { closeAll } from "./helpers/db.js";
import { BOT_UID, type ZaloRig, zaloRig } from "./helpers/zalo.js";

const rigs: ZaloRig[] = [];
afterAll(async () => {
  for (const r of rigs) await r.close().catch(() => undefined);
  await closeAll();
});

const CHAIR = { uid: "2001", name: "Chị Hoa" };
const MEMBER = { uid: "2002", name: "Anh Páo" };
const GROUP = "8880001";
const say = (from: { uid: string; name: string }, text: string, extra = {}) => ({ ...from, ...extra, text });

async function openConsultation(app: Awaited<ReturnType<typeof testApp>>) {
  const staff = await app.services.people.resolve("zalo", "9100", "Cán bộ");
  await app.services.consultations.open(staff, {
    title: "Góp ý",
    items: ["Dự thảo A", "Dự thảo B"],
    rootUnitCode: "LC",
    closesAt: new Date(app.clock.now().getTime() + 86_400_000),
  });
}

/** A linked Zalo group that has received an announcement through the outbox and the adapter's sender. */
async function announced() {
  const app = await testApp();
  const rig = await zaloRig(app);
  rigs.push(rig);
  await giveRole(app, CHAIR.uid, CHAIR.name, "chair", "LC-TD-01", "zalo");
  await rig.group(GROUP, [say(CHAIR, "/lienket LC-TD-01")]);
  await rig.group(GROUP, [say(MEMBER, "/donvi")]);
  await giveRole(app, "9100", "Cán bộ", "staff", "LC", "zalo");
  const staff = await app.services.people.resolve("zalo", "9100", "Cán bộ");
  const a = await app.services.announcements.broadcast(
    staff,
    { text: "Họp Ban Chấp hành ngày 05/3." },
    { mode: "codes", codes: ["LC-TD-01"] },
  );
  await new OutboxWorker({
    outbox: app.services.outbox,
    senders: { zalo: rig.adapter.sender },
    pacing: { zalo: { perSecond: 100, perChatPerMinute: 100 } },
    clock: app.clock,
    logger: app.logger,
    time: { now: () => app.clock.now().getTime(), sleep: async (ms) => app.clock.advance(ms) },
  }).drain();
  const message = rig.server.sent.at(-1)!;
  expect(message.text).toMatch(/Họp Ban Chấp hành ngày 05\/3\.[\s\S]*\n1\. Đã nhận\nTrả lời bằng một số: 1$/);
  const acks = () => app.db.acknowledgement.count({ where: { announcementId: a.id } });
  return { app, rig, sent: rig.server.sent, announcementMsg: message.msgId, acks };
}

describe("acknowledging an announcement on Zalo without a button", () => {
  it("typing '1' in the group records the acknowledgement", async () => {
    const { rig, sent, acks } = await announced();
    await rig.group(GROUP, [say(MEMBER, "1")]);
    expect(await acks()).toBe(1);
    expect(sent.at(-1)!.text).toMatch(/^Đã ghi nhận: .* đã nhận thông báo \(người xác nhận: Anh Páo\)/);
  });

  it("typing the words 'đã nhận' (any case, without diacritics too) records it", async () => {
    const { rig, acks } = await announced();
    await rig.group(GROUP, [say(MEMBER, "da nhan")]);
    expect(await acks()).toBe(1);
  });

  it("quoting the announcement with '1' records it even in the middle of a guided conversation", async () => {
    const { app, rig, sent, announcementMsg, acks } = await announced();
    await giveRole(app, "9100", "Cán bộ", "staff", "LC", "zalo");
    const staff = await app.services.people.resolve("zalo", "9100", "Cán bộ");
    await app.services.consultations.open(staff, {
      title: "Góp ý",
      items: ["Dự thảo A", "Dự thảo B"],
      rootUnitCode: "LC",
      closesAt: new Date(app.clock.now().getTime() + 86_400_000),
    });
    await rig.group(GROUP, [say(MEMBER, "/gopy")]);
    expect(sent.at(-1)!.text).toContain("Bạn góp ý cho nội dung nào?");
    await rig.group(GROUP, [say(MEMBER, "1", { quote: { msgId: announcementMsg, ownerId: "9990001" } })]);
    expect(await acks()).toBe(1);
    // The conversation is where it was: an unquoted "1" still answers it.
    await rig.group(GROUP, [say(MEMBER, "1")]);
    expect(sent.at(-1)!.text).toContain("Ý kiến của bạn thuộc loại nào?");
    expect(await acks()).toBe(1);
  });

  it("a reaction to the announcement records it", async () => {
    const { rig, announcementMsg, acks } = await announced();
    await rig.server.pushGroupReaction(GROUP, MEMBER.uid, announcementMsg);
    await rig.settle(1);
    expect(await acks()).toBe(1);
  });

  it("typing '1' still works after the bot restarted", async () => {
    const { app, rig, acks } = await announced();
    await rig.close();
    const again = await zaloRig(app);
    rigs.push(again);
    await again.group(GROUP, [say(MEMBER, "1")]);
    expect(await acks()).toBe(1);
  });

  it("an unrelated number or chatter records nothing", async () => {
    const { rig, sent, acks } = await announced();
    const before = sent.length;
    await rig.group(GROUP, [say(MEMBER, "7"), say(MEMBER, "hôm nay họp à?")]);
    expect(await acks()).toBe(0);
    expect(sent.length).toBe(before);
  });
});

describe("acknowledging on Zalo when it is not clear-cut", () => {
  it("a member's '1' after another member's numbered list still acknowledges, and that member's list still works", async () => {
    const { app, rig, sent, acks } = await announced();
    await openConsultation(app);
    const OTHER = { uid: "2003", name: "Chị Lan" };
    await rig.group(GROUP, [say(OTHER, "/gopy")]);
    expect(sent.at(-1)!.text).toContain("Bạn góp ý cho nội dung nào?");
    await rig.group(GROUP, [say(MEMBER, "1")]);
    expect(await acks()).toBe(1);
    expect(sent.at(-1)!.text).toMatch(/^Đã ghi nhận: .* \(người xác nhận: Anh Páo\)/);
    await rig.group(GROUP, [say(OTHER, "1")]);
    expect(sent.at(-1)!.text).toContain("Ý kiến của bạn thuộc loại nào?");
  });

  it("'đã nhận ạ', 'dạ đã nhận rồi' acknowledge: polite words around the answer do not hide it", async () => {
    const { rig, acks } = await announced();
    await rig.group(GROUP, [say(MEMBER, "đã nhận ạ")]);
    expect(await acks()).toBe(1);
    const second = await announced();
    await second.rig.group(GROUP, [say(MEMBER, "Dạ, đã nhận rồi ạ!")]);
    expect(await second.acks()).toBe(1);
  });

  it("quoting the announcement with 'ok', or writing around 'đã nhận', gets how to acknowledge, and records nothing", async () => {
    const { rig, sent, announcementMsg, acks } = await announced();
    const how = /^Để trả lời “Đã nhận”, hãy gõ 1 hoặc “Đã nhận”, hoặc trích dẫn tin nhắn đó kèm số 1\.$/;
    const hints = () => sent.filter((s) => how.test(s.text ?? "")).length;
    await rig.group(GROUP, [say(MEMBER, "ok", { quote: { msgId: announcementMsg, ownerId: BOT_UID } })]);
    expect(hints()).toBe(1);
    await rig.group(GROUP, [say(MEMBER, "đã nhận nhưng file bị lỗi font")]);
    expect(hints()).toBe(2);
    expect(sent.at(-1)!.text).toMatch(how);
    // A question to the others, or chatter that mentions receiving something, is left alone.
    const before = sent.length;
    await rig.group(GROUP, [say(MEMBER, "mọi người đã nhận chưa?"), say(MEMBER, "hôm qua em nhận lương rồi")]);
    expect(sent.length).toBe(before);
    expect(await acks()).toBe(0);
  });
});

describe("a member's first message in the group is an acknowledgement", () => {
  const NEWCOMER = { uid: "2005", name: "Anh Sáng" };

  it("typing '1' records it when Zalo's member list has them in the group (looked up once)", async () => {
    const { rig, sent, acks } = await announced();
    rig.server.groupMembers.set(GROUP, [CHAIR.uid, MEMBER.uid, NEWCOMER.uid]);
    const lookups = () => rig.server.calls.filter((c) => c.path === "/api/group/getmg-v2").length;
    const before = lookups();
    await rig.group(GROUP, [say(NEWCOMER, "1")]);
    expect(await acks()).toBe(1);
    expect(sent.at(-1)!.text).toMatch(/\(người xác nhận: Anh Sáng\)/);
    await rig.group(GROUP, [say({ uid: CHAIR.uid, name: CHAIR.name }, "1")]);
    expect(lookups() - before).toBe(1);
  });

  it("a reaction records it too; someone Zalo does not list in the group is still refused", async () => {
    const { rig, sent, announcementMsg, acks } = await announced();
    rig.server.groupMembers.set(GROUP, [CHAIR.uid, MEMBER.uid, NEWCOMER.uid]);
    await rig.group(GROUP, [say({ uid: "6666", name: "Người lạ" }, "1")]);
    expect(await acks()).toBe(0);
    expect(sent.at(-1)!.text).toMatch(/^Chỉ đoàn viên hoặc chủ tịch công đoàn/);
    await rig.server.pushGroupReaction(GROUP, NEWCOMER.uid, announcementMsg);
    await rig.settle(1);
    expect(await acks()).toBe(1);
  });
});

describe("the bot's own mention on Telegram", () => {
  it("'@bot /trogiup' is the command, '@bot 2' an answer, and a bare '@bot' gets a short hint", async () => {
    const app = await testApp();
    await giveRole(app, "500", "Chủ tịch", "chair", "LC-TD-01");
    const chair = Talker.group(app, "-100", "500", "Chủ tịch");
    await chair.send("/lienket LC-TD-01");
    const staff = await app.services.people.resolve("telegram", "9000", "Admin");
    await app.services.consultations.open(staff, {
      title: "Góp ý",
      items: ["Dự thảo A", "Dự thảo B"],
      rootUnitCode: "LC",
      closesAt: new Date(app.clock.now().getTime() + 86_400_000),
    });
    const member = Talker.group(app, "-100", "501", "Thành viên");
    expect(lastText(await member.send("@union_test_bot /trogiup", { mentionsBot: true }))).toContain("/gopy");
    expect(lastText(await member.send("@union_test_bot", { mentionsBot: true }))).toBe(
      "Gõ /trogiup để xem tôi giúp được gì.",
    );
    const alone = Talker.private(app, "501", "Thành viên");
    const items = await alone.send("/gopy");
    expect(choicesOf(items).filter((c) => !c.typed)).toHaveLength(2);
    expect(lastText(await alone.send("@union_test_bot 2"))).toContain("Ý kiến của bạn thuộc loại nào?");
  });
});

describe("when Zalo stops", () => {
  it("staff hear it in their own chat on another platform (a staff member only on Zalo cannot be told)", async () => {
    const app = await testApp();
    await giveRole(app, "7001", "Cán bộ Telegram", "staff", "LC", "telegram");
    await giveRole(app, "7002", "Cán bộ chỉ Zalo", "staff", "LC", "zalo");
    const queued = await tellStaffZaloStopped(
      { db: app.db, outbox: app.services.outbox, i18n: app.i18n, clock: app.clock },
      "refused",
    );
    const rows = await app.db.outboxMessage.findMany({ where: { kind: "notice" } });
    expect(rows.map((r) => `${r.platform}:${r.platformChatId}`).sort()).toEqual(["telegram:7001"]);
    expect(queued).toBe(1);
    expect(rows[0]!.payload).toContain("npm run zalo:login");
  });
});

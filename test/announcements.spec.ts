import fs from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { App } from "../src/app.js";
import { OutboxWorker } from "../src/scheduler/outbox-worker.js";
import type { ClaimedMessage } from "../src/services/outbox.js";
import { choicesOf, giveRole, lastText, Talker, testApp, texts } from "./helpers/app.js";
import { closeAll } from "./helpers/db.js";
import { makeDocx } from "./helpers/documents.js";
import { FakeSender } from "./helpers/fake-sender.js";

afterAll(closeAll);

// Province P → 5 districts D1..D5 → 45 grassroots units G1..G45 (three levels); every district and grassroots unit has
// a group chat.
function tree(): string {
  const rows = ["code,name,kind,parent_code,member_count", "P,Liên đoàn Lao động tỉnh,province,,0"];
  for (let d = 1; d <= 5; d++) rows.push(`D${d},LĐLĐ huyện ${d},district,P,0`);
  for (let g = 1; g <= 45; g++) rows.push(`G${g},CĐCS số ${g},grassroots,D${1 + (g % 5)},${10 + g}`);
  return `${rows.join("\n")}\n`;
}

const PLAN_122 = fs.readFileSync(
  path.join(import.meta.dirname, "fixtures", "plans", "122-KH-LDLD-2025-lay-y-kien-van-kien.txt"),
  "utf8",
);

async function setup(env: Record<string, string> = {}) {
  const app = await testApp({ units: tree(), env });
  const units = await app.db.unit.findMany({ where: { NOT: { code: "P" } } });
  for (const u of units)
    await app.db.chat.create({
      data: { platform: "telegram", platformChatId: `-${u.id}`, kind: "group", unitId: u.id },
    });
  await giveRole(app, "1", "Cán bộ tỉnh", "staff", "P");
  const sender = new FakeSender();
  // `settled`: the sender also hears when the broadcast is through (one more message into the staff's private chat).
  const worker = (id = "w1", batch = 50, settled = false) =>
    new OutboxWorker({
      outbox: app.services.outbox,
      senders: { telegram: sender },
      pacing: { telegram: { perSecond: 10_000, perChatPerMinute: 20 } },
      clock: app.clock,
      logger: app.logger,
      workerId: id,
      batch,
      onFailed: (m, f) => app.services.announcements.deliveryFailed(m, f),
      ...(settled ? { onSettled: (m: ClaimedMessage[]) => app.services.announcements.deliverySettled(m) } : {}),
      time: { now: () => app.clock.now().getTime(), sleep: async (ms) => app.clock.advance(ms) },
    });
  return { app, sender, worker, staff: Talker.private(app, "1", "Cán bộ tỉnh") };
}

/** The id of the choice whose label starts with `label`. */
function pick(out: Awaited<ReturnType<Talker["send"]>>, label: string): string {
  const c = choicesOf(out).find((x) => x.label.startsWith(label));
  if (!c)
    throw new Error(
      `no choice "${label}" in ${choicesOf(out)
        .map((x) => x.label)
        .join(" | ")}`,
    );
  return c.id;
}

async function announce(app: App, staff: Talker, text = PLAN_122) {
  await staff.send("/thongbao");
  const targets = await staff.send(text);
  const confirm = await staff.press(choicesOf(targets)[0]!.id);
  return { targets, confirm, queued: await staff.press(choicesOf(confirm)[0]!.id) };
}

describe("staff announce a plan", () => {
  it("previews the plan, counts the chats, and sends to all 50 chats of a 3-level tree exactly once", async () => {
    const { app, sender, worker, staff } = await setup();
    const { targets, confirm, queued } = await announce(app, staff);
    const preview = texts(targets).join("\n");
    expect(preview).toContain("KẾ HOẠCH số 122/KH-LĐLĐ ngày 14/02/2025");
    // Four of its reports are past by more than 30 days and left out unless staff keep them; 05/02/2026 is kept.
    expect(preview).toContain(
      "1. 05/06/2025: Báo cáo tình hình đoàn viên, người lao động đối với Đại hội Đảng bộ cấp cơ sở ⚠ đã qua, sẽ không tạo",
    );
    expect(preview).toMatch(/\n5\. 05\/02\/2026: .* ⚠ đã qua\n/);
    expect(preview).toContain("Không tạo 4 hạn đã qua hơn 30 ngày (bot không nhắc việc đã cũ).");
    expect(preview).toContain("• Các LĐLĐ huyện, thành phố, CĐ Ngành, CĐ Viên chức tỉnh");
    expect(preview).toContain(
      "Nội dung lấy ý kiến:\n1. Dự thảo Báo cáo chính trị trình Đại hội Đảng toàn quốc lần thứ XIV",
    );
    expect(preview).toContain("Thời gian:\n• Thời gian lấy ý kiến: LĐLĐ tỉnh dự kiến tháng 6/2025");
    expect(preview).toContain("Người ký: TM. BAN THƯỜNG VỤ, PHÓ CHỦ TỊCH, Hoàng Văn Trinh");
    expect(preview).toContain("⚠ 5 hạn đã qua so với hôm nay.");
    expect(preview).not.toContain("Bot chưa đọc được");
    expect(choicesOf(targets).map((c) => c.label)).toEqual([
      "Toàn bộ đơn vị tôi phụ trách",
      "Theo Nơi nhận: LĐLĐ huyện/thành phố, công đoàn ngành",
      "Chỉ một cấp đơn vị",
      "Nhập mã đơn vị",
      "Sửa số, ngày, tiêu đề, hạn",
      "Vẫn tạo các hạn đã qua",
      "Bỏ mọi hạn đã qua",
      "Quay lại",
      "Hủy",
    ]);
    expect(lastText(confirm)).toBe(
      "Sẽ gửi tới 50 nhóm chat của 50 đơn vị; 1 đơn vị khác được chọn chưa có nhóm liên kết nên chưa nhận được.",
    );
    expect(texts(queued)[0]).toMatch(/^Đã xếp thông báo số 1 vào hàng gửi: 50 nhóm chat, 51 đơn vị/);
    expect(texts(queued)[1]).toBe(
      "Đã tạo 1 hạn báo cáo từ kế hoạch cho 5 đơn vị; bot sẽ nhắc các đơn vị chưa nộp. Xem: /hanchot\n" +
        "Lưu ý: 1 hạn trong số đó đã qua; các đơn vị chưa nộp sẽ nhận lời nhắc quá hạn vào lần nhắc tới (lúc 07:30) " +
        "và nhắc lại mỗi 7 ngày cho đến khi nộp hoặc được miễn.\n" +
        "Không tạo 4 hạn đã qua (theo lựa chọn ở bản xem trước).",
    );
    expect(await app.db.deadlineUnit.count()).toBe(5);
    expect(sender.sent).toHaveLength(0); // written first, sent by the worker
    await worker().drain();
    expect(sender.sent).toHaveLength(50);
    expect(new Set(sender.sent.map((o) => o.chatId)).size).toBe(50);
    const message = sender.sent[0]!.reply;
    expect(message).toMatchObject({ kind: "text", choices: [{ label: "Đã nhận" }] });
    expect((message as { text: string }).text).toMatch(/^THÔNG BÁO KẾ HOẠCH số 122\/KH-LĐLĐ ngày 14\/02\/2025/);
    // Units read only the deadline that was created: the four skipped in the preview are not listed to them.
    const listed = (message as { text: string }).text.split("\n").filter((l) => l.startsWith("• "));
    expect(listed).toEqual([expect.stringMatching(/^• 05\/02\/2026: /)]);
    await worker("w2").drain();
    expect(sender.sent).toHaveLength(50);
    expect(await app.db.plan.count()).toBe(1);
  });

  it("sends only to the unit kinds named in Nơi nhận, or to typed codes within scope", async () => {
    const { app, sender, worker, staff } = await setup();
    await staff.send("/thongbao");
    const targets = await staff.send(PLAN_122);
    const confirm = await staff.press(choicesOf(targets)[1]!.id);
    expect(lastText(confirm)).toBe("Sẽ gửi tới 5 nhóm chat của 5 đơn vị.");
    await staff.press(choicesOf(confirm)[0]!.id);
    await worker().drain();
    expect(sender.sent).toHaveLength(5);
    await staff.send("/thongbao");
    const plain = await staff.send("Họp giao ban tháng 3 lúc 8 giờ ngày 10/3/2026 tại hội trường LĐLĐ tỉnh.");
    expect(texts(plain)[0]).toContain("Xem trước thông báo:");
    expect(lastText(await staff.press(pick(plain, "Nhập mã đơn vị")))).toMatch(/^Gõ các mã đơn vị/);
    const refused = await staff.send("D3, G1 KHONGCO");
    expect(texts(refused)[0]).toBe("Không có các mã: KHONGCO\nChưa gửi gì. Hãy gõ lại các mã cho đúng.");
    expect(lastText(refused)).toMatch(/^Gõ các mã đơn vị/);
    const reach = await staff.send("d3, G1");
    expect(choicesOf(reach).map((c) => c.label)).toEqual([
      "Chỉ các đơn vị này (2 đơn vị)",
      "Các đơn vị này và toàn bộ đơn vị trực thuộc (11 đơn vị)",
      "Quay lại",
      "Hủy",
    ]);
    const confirm2 = await staff.press(pick(reach, "Các đơn vị này và toàn bộ"));
    expect(lastText(confirm2)).toBe("Sẽ gửi tới 11 nhóm chat của 11 đơn vị.");
    await staff.press(choicesOf(confirm2)[0]!.id);
    await worker("w2").drain();
    expect(sender.sent).toHaveLength(16);
    expect((sender.sent.at(-1)!.reply as { text: string }).text).toMatch(/^THÔNG BÁO\nHọp giao ban/);
    expect(await app.db.announcement.count()).toBe(2);
  });

  it("forwards the original .docx with the summary", async () => {
    const { app, sender, worker, staff } = await setup();
    Talker.files.set("file-122", await makeDocx(PLAN_122));
    await staff.send("/thongbao");
    const targets = await staff.deliver(
      staff.event({
        attachment: {
          kind: "file",
          fileRef: "file-122",
          fileName: "KH-122.docx",
          mimeType: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        },
      }),
    );
    expect(texts(targets).join("\n")).toContain("KẾ HOẠCH số 122/KH-LĐLĐ");
    const confirm = await staff.press(choicesOf(targets)[0]!.id);
    await staff.press(choicesOf(confirm)[0]!.id);
    const chat = (await app.db.outboxMessage.findFirstOrThrow()).platformChatId;
    await app.services.outbox.enqueue([
      {
        key: "later",
        platform: "telegram",
        platformChatId: chat,
        kind: "notice",
        reply: { kind: "text", text: "Tin sau" },
      },
    ]);
    sender.slowFilesIn = chat;
    await worker("w1", 200).drain(); // one claim holds all three messages of the chat

    expect(sender.sent).toHaveLength(101);
    expect(sender.to(chat).map((o) => o.reply.kind)).toEqual(["text", "file", "text"]);
    expect(sender.to(chat)[1]!.reply).toMatchObject({
      fileName: "KH-122.docx",
      data: { storedFileId: expect.any(Number) },
    });
    expect(await app.db.storedFile.count()).toBe(1);
  });

  it("takes a plan file staff send on its own as an announcement at once (no sending it twice); others get the usual hint", async () => {
    const { app, staff } = await setup();
    Talker.files.set("plan-122.txt", new TextEncoder().encode(PLAN_122));
    const file = { attachment: { kind: "file" as const, fileRef: "plan-122.txt", fileName: "KH-122.txt" } };
    const preview = await staff.deliver(staff.event(file));
    expect(texts(preview)[0]).toBe(
      "Bạn vừa gửi một kế hoạch. Dưới đây là bản xem trước để thông báo xuống các đơn vị; bấm «Hủy» nếu bạn không định gửi.",
    );
    expect(lastText(preview)).toMatch(/^Xem trước:\nKẾ HOẠCH số 122\/KH-LĐLĐ/);
    expect(choicesOf(preview).map((c) => c.label)).toContain("Toàn bộ đơn vị tôi phụ trách");
    // Not meant to be sent: "Hủy", and nothing was announced.
    expect(lastText(await staff.press(choicesOf(preview).find((c) => c.label === "Hủy")!.id))).toMatch(/^Đã hủy/);
    expect(await app.db.announcement.count()).toBe(0);
    const member = Talker.private(app, "52", "Đoàn viên");
    expect(texts(await member.deliver(member.event(file)))).toEqual([
      "Tôi chưa hiểu tin nhắn này. Gõ /trogiup để xem các lệnh.",
    ]);
  });

  it("answers a broken file and a non-staff member clearly", async () => {
    const { app, staff } = await setup();
    Talker.files.set("broken", new TextEncoder().encode("this is not a docx"));
    await staff.send("/thongbao");
    const reply = await staff.deliver(
      staff.event({ attachment: { kind: "file", fileRef: "broken", fileName: "KH.docx" } }),
    );
    expect(texts(reply)[0]).toBe("Tệp bị hỏng, không mở được. Vui lòng kiểm tra và gửi lại.");
    expect(lastText(await Talker.private(app, "50", "Đoàn viên").send("/thongbao"))).toBe(
      "Chỉ cán bộ LĐLĐ mới gửi được thông báo.",
    );
    await giveRole(app, "51", "Chủ tịch", "chair", "D1");
    expect(lastText(await Talker.private(app, "51", "Chủ tịch").send("/thongbao"))).toBe(
      "Chỉ cán bộ LĐLĐ mới gửi được thông báo.",
    );
    expect(await app.db.announcement.count()).toBe(0);
  });
});

describe("the outbox", () => {
  it("fails a chat that blocked the bot without stopping the rest, and tells the sender", async () => {
    const { app, sender, worker, staff } = await setup();
    const g7 = await app.db.unit.findUniqueOrThrow({ where: { code: "G7" } });
    sender.blocked.add(`-${g7.id}`);
    await announce(app, staff);
    await worker().drain();
    expect(sender.sent.filter((o) => o.chatId !== "1")).toHaveLength(49);
    expect(await app.db.outboxMessage.count({ where: { status: "failed" } })).toBe(1);
    expect((await app.db.chat.findFirstOrThrow({ where: { platformChatId: `-${g7.id}` } })).status).toBe("blocked");
    const notice = sender.to("1");
    expect(notice).toHaveLength(1);
    expect((notice[0]!.reply as { text: string }).text).toBe(
      "Thông báo số 1 không gửi được tới CĐCS số 7: bot đã bị chặn hoặc bị xóa khỏi nhóm. Đề nghị liên hệ đơn vị để thêm lại bot.",
    );
  });

  it("waits as long as a 429 asks, then sends", async () => {
    const { app, sender, worker, staff } = await setup();
    const d1 = await app.db.unit.findUniqueOrThrow({ where: { code: "D1" } });
    sender.rateLimitOnce.set(`-${d1.id}`, 5);
    await announce(app, staff);
    const askedAt = app.clock.now().getTime();
    await worker().drain();
    const row = await app.db.outboxMessage.findFirstOrThrow({ where: { platformChatId: `-${d1.id}` } });
    expect(row).toMatchObject({ status: "sent", attempts: 1, lastError: "429: retry after 5s" });
    expect(row.sentAt!.getTime() - askedAt).toBeGreaterThanOrEqual(5000);
    expect(sender.to(`-${d1.id}`)).toHaveLength(1);
    expect(sender.sent).toHaveLength(50);
  });

  it("retries a transient error with backoff", async () => {
    const { app, sender, worker, staff } = await setup();
    const d2 = await app.db.unit.findUniqueOrThrow({ where: { code: "D2" } });
    sender.transientOnce.add(`-${d2.id}`);
    await announce(app, staff);
    await worker().drain();
    expect(sender.to(`-${d2.id}`)).toHaveLength(0);
    app.clock.advance(2000);
    await worker().drain();
    expect(sender.to(`-${d2.id}`)).toHaveLength(1);
  });

  it("resumes after a restart: a new worker on the same database finishes the rest, none lost, none twice", async () => {
    const { app, sender, worker, staff } = await setup();
    await announce(app, staff);
    await worker("first", 20).runOnce();
    expect(sender.sent).toHaveLength(20);
    // A worker that crashed right after claiming: its rows stay "sending" until their lock expires.
    const abandoned = await app.services.outbox.claim("crashed", app.clock.now(), 10);
    expect(abandoned).toHaveLength(10);
    await worker("second").drain();
    expect(sender.sent).toHaveLength(40);
    app.clock.advance(61_000);
    await worker("third").drain();
    expect(sender.sent).toHaveLength(50);
    expect(new Set(sender.sent.map((o) => o.chatId)).size).toBe(50);
    expect(await app.services.outbox.counts()).toEqual({ sent: 50 });
  });

  it("keeps to 20 messages a minute into one group", async () => {
    const { app, sender, worker } = await setup();
    await app.services.outbox.enqueue(
      Array.from({ length: 25 }, (_, i) => ({
        key: `t${i}`,
        platform: "telegram",
        platformChatId: "-1",
        reply: { kind: "text" as const, text: `tin ${i}` },
        kind: "notice" as const,
      })),
    );
    const w = worker();
    await w.drain();
    expect(sender.to("-1")).toHaveLength(20);
    expect(await app.db.outboxMessage.count({ where: { status: "pending" } })).toBe(5);
  });
});

describe("acknowledging receipt", () => {
  async function sent() {
    const ctx = await setup();
    await announce(ctx.app, ctx.staff);
    await ctx.worker().drain();
    const g1 = await ctx.app.db.unit.findUniqueOrThrow({ where: { code: "G1" } });
    const button = (ctx.sender.to(`-${g1.id}`)[0]!.reply as { choices: { id: string }[] }).choices[0]!.id;
    return { ...ctx, g1, button };
  }

  it("records one acknowledgement per unit; a later press says it is already recorded", async () => {
    const { app, g1, button, staff } = await sent();
    const member = Talker.group(app, `-${g1.id}`, "60", "Lò Thị Mai");
    await member.send("Chào cả nhà"); // writing in the unit's group makes her a member; pressing alone would not
    expect(lastText(await member.press(button))).toBe(
      "Đã ghi nhận: CĐCS số 1 đã nhận thông báo (người xác nhận: Lò Thị Mai).",
    );
    await giveRole(app, "61", "Anh Khác", "member", "G1");
    expect(lastText(await Talker.group(app, `-${g1.id}`, "61", "Anh Khác").press(button))).toMatch(
      /^CĐCS số 1 đã xác nhận trước đó \(Lò Thị Mai, lúc /,
    );
    expect(await app.db.acknowledgement.count()).toBe(1);
    const status = lastText(await staff.send("/tinhtrang 1"));
    // 50 units reached: counted per district (no people's names), over the units actually sent it.
    expect(status).toContain("Đã xác nhận: 1/50 đơn vị đã nhận được thông báo (2,0%), chưa xác nhận 49");
    expect(status).toContain("• LĐLĐ huyện 2 (D2): đã xác nhận 1/10 (10,0%)");
    expect(status).not.toContain("Lò Thị Mai");
    expect(status).toContain("Chưa có nhóm liên kết nên chưa gửi được (1 đơn vị): P");
    expect(status).toMatch(/Chưa xác nhận, ví dụ: D1; D2/);
  });

  it("never makes anyone a member by a press: a member of G1 pressing in the district's group is refused", async () => {
    const { app, g1, sender } = await sent();
    const d2 = await app.db.unit.findUniqueOrThrow({ where: { code: "D2" } });
    expect(g1.parentId).toBe(d2.id);
    const districtButton = (sender.to(`-${d2.id}`)[0]!.reply as { choices: { id: string }[] }).choices[0]!.id;
    await Talker.group(app, `-${g1.id}`, "65", "Lò Văn Sáng").send("Em đã đọc");
    const inDistrict = Talker.group(app, `-${d2.id}`, "65", "Lò Văn Sáng");
    expect(lastText(await inDistrict.press(districtButton))).toBe(
      "Chỉ đoàn viên hoặc chủ tịch công đoàn của LĐLĐ huyện 2 mới xác nhận được. Đoàn viên của đơn vị hãy nhắn một tin trong nhóm này trước.",
    );
    const person = await app.services.people.findByPlatformUser("telegram", "65");
    const units = await app.db.membership.findMany({ where: { personId: person!.id }, include: { unit: true } });
    expect(units.map((m) => `${m.role} ${m.unit.code}`)).toEqual(["member G1"]);
    expect(await app.db.acknowledgement.count()).toBe(0);
  });

  it("when only chairs may acknowledge, refuses a member and accepts the chair", async () => {
    const { app, g1, button } = await sent().then(async (c) => ({
      ...c,
      app: Object.assign(await testApp({ db: c.app.db, env: { ACKNOWLEDGE_BY: "chair" } }), {}),
    }));
    expect(lastText(await Talker.group(app, `-${g1.id}`, "70", "Đoàn viên").press(button))).toBe(
      "Chỉ chủ tịch công đoàn của đơn vị mới xác nhận được.",
    );
    await giveRole(app, "71", "Chủ tịch G1", "chair", "G1");
    expect(lastText(await Talker.group(app, `-${g1.id}`, "71", "Chủ tịch G1").press(button))).toMatch(/^Đã ghi nhận/);
  });

  it("refuses a press from a group of a unit the announcement did not address", async () => {
    const { app, button } = await sent();
    const other = await app.db.unit.create({ data: { code: "X", name: "Đơn vị khác", kind: "other", path: "/999/" } });
    await app.db.chat.create({
      data: { platform: "telegram", platformChatId: "-999", kind: "group", unitId: other.id },
    });
    expect(lastText(await Talker.group(app, "-999", "80", "Ai đó").press(button))).toBe(
      "Thông báo này không gửi cho đơn vị của nhóm.",
    );
  });
});

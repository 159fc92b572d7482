import { afterAll, describe, expect, it } from "vitest";
import { type App, createApp } from "../src/app.js";
import { choicesOf, giveRole, lastText, Talker, testApp, texts } from "./helpers/app.js";
import { closeAll } from "./helpers/db.js";

afterAll(closeAll);

const DRAFTS = ["Dự thảo Báo cáo chính trị", "Dự thảo Báo cáo kinh tế - xã hội", "Dự thảo Báo cáo xây dựng Đảng"];

/** Staff of the province open a consultation over the whole tree (or a subtree) closing in 30 days. */
async function openConsultation(app: App, rootCode = "LC", items = DRAFTS) {
  await giveRole(app, "9100", "Cán bộ tỉnh", "staff", "LC");
  const staff = await app.services.people.resolve("telegram", "9100", "Cán bộ tỉnh");
  const r = await app.services.consultations.open(staff, {
    title: "Góp ý dự thảo văn kiện",
    items,
    rootUnitCode: rootCode,
    closesAt: new Date(app.clock.now().getTime() + 30 * 86_400_000),
  });
  if (!r.ok) throw new Error(r.problem);
  return r.consultation;
}

async function member(app: App, id: string, unit = "LC-TD-01") {
  await giveRole(app, id, `Đoàn viên ${id}`, "member", unit);
  return Talker.private(app, id, `Đoàn viên ${id}`);
}

describe("a member gives an opinion", () => {
  it("walks item → kind → text → review → send, skipping the consultation choice when one is open", async () => {
    const app = await testApp();
    await openConsultation(app);
    const m = await member(app, "700");
    const items = await m.send("/gopy");
    expect(lastText(items)).toContain("Bạn góp ý cho nội dung nào?");
    // The three items, then the way out (no way back: this is the first question).
    expect(choicesOf(items).map((c) => c.label)).toEqual([
      "1. Dự thảo Báo cáo chính trị",
      "2. Dự thảo Báo cáo kinh tế - xã hội",
      "3. Dự thảo Báo cáo xây dựng Đảng",
      "Hủy",
    ]);
    const kinds = await m.press(choicesOf(items)[1]!.id);
    expect(choicesOf(kinds).map((c) => c.label)).toEqual([
      "Đồng ý",
      "Bổ sung",
      "Sửa đổi",
      "Kiến nghị",
      "Khác",
      "Quay lại",
      "Hủy",
    ]);
    expect(lastText(await m.press(choicesOf(kinds)[1]!.id))).toMatch(/^Hãy gõ ý kiến của bạn/);
    const review = await m.send("Cần bổ sung chỉ tiêu về việc làm cho lao động vùng cao.");
    expect(lastText(review)).toContain("Loại ý kiến: Bổ sung");
    expect(lastText(review)).toContain("Tính cho: CĐCS Ủy ban nhân dân xã Bình Lư");
    const sent = await m.press(choicesOf(review)[0]!.id);
    expect(lastText(sent)).toMatch(/^Cảm ơn bạn! Ý kiến đã được ghi nhận\./);
    const stored = await app.db.opinion.findFirstOrThrow({ include: { item: true, unit: true } });
    expect(stored).toMatchObject({
      kind: "add",
      text: "Cần bổ sung chỉ tiêu về việc làm cho lao động vùng cao.",
      status: "active",
    });
    expect(stored.item.title).toBe(DRAFTS[1]);
    expect(stored.unit.code).toBe("LC-TD-01");
  });

  it("takes «Đồng ý» without any text, and keeps typed words as an optional note", async () => {
    const app = await testApp();
    await openConsultation(app);
    const m = await member(app, "707");
    await m.send("/gopy");
    await m.send("1");
    const ask = await m.send("1");
    expect(lastText(ask)).toMatch(/^Bạn có thể gõ thêm vài lời \(không bắt buộc/);
    expect(choicesOf(ask).map((c) => c.label)).toEqual(["Đồng ý, không thêm ý kiến", "Quay lại", "Hủy"]);
    const review = await m.press(choicesOf(ask)[0]!.id);
    expect(lastText(review)).toContain("Loại ý kiến: Đồng ý");
    expect(lastText(review)).toContain("Ý kiến: (không kèm nội dung)");
    expect(lastText(await m.press(choicesOf(review)[0]!.id))).toMatch(/^Cảm ơn bạn!/);
    expect(await app.db.opinion.findFirstOrThrow()).toMatchObject({ kind: "agree", text: null, voiceFileRef: null });
    // Listed as an agreement without words, not as a voice message.
    const listed = lastText(await m.send("/ykiencuatoi"));
    expect(listed).toContain("Đồng ý: (không kèm nội dung)");
    expect(listed).not.toContain("tin nhắn thoại");
    await m.send("/huy");

    await m.send("/gopy");
    await m.send("2");
    await m.send("1");
    const noted = await m.send("Nhất trí, văn phong rõ ràng.");
    expect(lastText(noted)).toContain("Ý kiến: Nhất trí, văn phong rõ ràng.");
    await m.press(choicesOf(noted)[0]!.id);
    expect(await app.db.opinion.count({ where: { kind: "agree" } })).toBe(2);

    // Every other kind still needs words or a voice message.
    await m.send("/gopy");
    await m.send("1");
    expect(lastText(await m.send("2"))).toMatch(/^Hãy gõ ý kiến của bạn/);
  });

  it("answers digits as well as buttons, and re-asks every wrong answer with its reason", async () => {
    const app = await testApp();
    await openConsultation(app);
    const m = await member(app, "701");
    await m.send("/gopy");
    expect(texts(await m.send("9"))[0]).toMatch(/gõ số từ 1 đến 3/);
    expect(texts(await m.send("chẳng biết"))[0]).toMatch(/Vui lòng chọn một trong các lựa chọn/);
    await m.send("1");
    await m.send("3");
    expect(texts(await m.send("   "))[0]).toMatch(/^Câu trả lời đang trống/);
    const long = "ý kiến rất dài ".repeat(300);
    const tooLong = await m.send(long);
    // Refused at once, saying it was not saved and how to send it; no hidden copy is kept that nothing could use.
    expect(texts(tooLong)).toEqual([
      "Ý kiến dài 4.499 ký tự, vượt giới hạn 4.000 ký tự nên chưa được lưu.",
      "Hãy gửi bản rút gọn (tối đa 4.000 ký tự; ý dài có thể chia thành nhiều ý kiến), hoặc gửi tin nhắn thoại.",
    ]);
    const state = await app.db.conversationState.findFirstOrThrow();
    expect(state.data).not.toContain("ý kiến rất dài");
    const review = await m.send("Ngắn gọn thôi.");
    expect(texts(await m.send("gửi"))).toEqual(expect.arrayContaining([expect.stringMatching(/^Cảm ơn bạn!/)]));
    void review;
    expect(await app.db.opinion.count()).toBe(1);
  });

  it("refuses when nothing is open, when the member has no unit, and when the unit is not covered", async () => {
    const app = await testApp();
    const m = await member(app, "702");
    expect(lastText(await m.send("/gopy"))).toBe("Hiện không có đợt lấy ý kiến nào đang mở cho đơn vị của bạn.");
    expect(lastText(await Talker.private(app, "703", "Người mới").send("/gopy"))).toMatch(/^Bạn chưa thuộc đơn vị nào/);
    await openConsultation(app, "LC-PT");
    expect(lastText(await m.send("/gopy"))).toBe("Hiện không có đợt lấy ý kiến nào đang mở cho đơn vị của bạn.");
    expect(lastText(await m.send("/gopy GY1"))).toBe("Không có đợt lấy ý kiến GY1 đang mở cho đơn vị của bạn.");
  });

  it("refuses to send once the consultation has closed meanwhile, keeping nothing half-stored", async () => {
    const app = await testApp();
    const c = await openConsultation(app);
    const m = await member(app, "704");
    await m.send("/gopy");
    await m.send("1");
    await m.send("1");
    const review = await m.send("Đồng ý hoàn toàn.");
    await app.db.consultation.update({
      where: { id: c.id },
      data: { closesAt: new Date(app.clock.now().getTime() - 1000) },
    });
    expect(lastText(await m.press(choicesOf(review)[0]!.id))).toBe(
      "Đợt lấy ý kiến đã đóng, không nhận thêm hoặc sửa ý kiến.",
    );
    expect(await app.db.opinion.count()).toBe(0);
  });

  it("stores a voice note as a voice opinion with its file reference and duration", async () => {
    const app = await testApp();
    await openConsultation(app);
    const m = await member(app, "705");
    await m.send("/gopy");
    await m.send("2");
    await m.send("4");
    const review = await m.deliver(
      m.event({ attachment: { kind: "voice", fileRef: "AwACAgIAAxkBAAIB", durationSec: 42, mimeType: "audio/ogg" } }),
    );
    expect(lastText(review)).toContain("Ý kiến: [tin nhắn thoại 42 giây]");
    await m.press(choicesOf(review)[0]!.id);
    expect(await app.db.opinion.findFirstOrThrow()).toMatchObject({
      kind: "propose",
      text: null,
      voiceFileRef: "AwACAgIAAxkBAAIB",
      voiceDuration: 42,
    });
  });

  it("asks a member of several units which one the opinion counts for, once, then remembers", async () => {
    const app = await testApp();
    await openConsultation(app);
    const m = await member(app, "706", "LC-TD-01");
    await giveRole(app, "706", "Đoàn viên 706", "member", "LC-GD-01");
    await m.send("/gopy");
    await m.send("1");
    await m.send("1");
    const ask = await m.send("Tán thành.");
    expect(lastText(ask)).toMatch(/^Bạn thuộc nhiều đơn vị/);
    expect(
      choicesOf(ask)
        .map((c) => c.label)
        .sort(),
    ).toEqual(["CĐCS Trường THPT chuyên Lê Quý Đôn", "CĐCS Ủy ban nhân dân xã Bình Lư", "Hủy", "Quay lại"]);
    const review = await m.press(choicesOf(ask).find((c) => c.label.includes("Lê Quý Đôn"))!.id);
    await m.press(choicesOf(review)[0]!.id);
    await m.send("/gopy");
    await m.send("2");
    await m.send("1");
    expect(lastText(await m.send("Tán thành lần nữa."))).toContain("Tính cho: CĐCS Trường THPT chuyên Lê Quý Đôn");
  });

  it("resumes the flow after a restart at the same step", async () => {
    const app = await testApp();
    await openConsultation(app);
    const m = await member(app, "707");
    await m.send("/gopy");
    await m.send("3");
    const again = createApp({ config: app.config, db: app.db, logger: app.logger, clock: app.clock });
    const m2 = Talker.private(again, "707", "Đoàn viên 707");
    await m2.send("2");
    const review = await m2.send("Sau khi khởi động lại.");
    expect(lastText(review)).toContain("Loại ý kiến: Bổ sung");
    await m2.press(choicesOf(review)[0]!.id);
    expect((await again.db.opinion.findFirstOrThrow({ include: { item: true } })).item.title).toBe(DRAFTS[2]);
  });

  it("in a Telegram group hands the member a link into the private chat", async () => {
    const app = await testApp();
    await openConsultation(app);
    await giveRole(app, "708", "Đoàn viên 708", "member", "LC-TD-01");
    const out = await Talker.group(app, "-800", "708", "Đoàn viên 708").send("/gopy");
    expect(out[0]!.reply).toMatchObject({
      kind: "continue-privately",
      payload: "gopy_GY1",
      buttonLabel: "Tiếp tục riêng",
    });
    const started = await Talker.private(app, "708", "Đoàn viên 708").send("/start gopy_GY1");
    expect(lastText(started)).toContain("Bạn góp ý cho nội dung nào?");
  });
});

describe("a member's own opinions", () => {
  async function withOpinion(app: App, id: string, text = "Ý kiến ban đầu") {
    const m = await member(app, id);
    await m.send("/gopy");
    await m.send("1");
    await m.send("2");
    await m.send(text);
    await m.send("1");
    return { m, opinion: await app.db.opinion.findFirstOrThrow({ where: { text } }) };
  }

  it("lists, edits and withdraws; a withdrawn opinion cannot be withdrawn twice", async () => {
    const app = await testApp();
    await openConsultation(app);
    const { m, opinion } = await withOpinion(app, "720");
    const list = await m.send("/ykiencuatoi");
    expect(lastText(list)).toContain("1. GY1 · mục 1 · Bổ sung: Ý kiến ban đầu");
    expect(lastText(list)).not.toContain("#");
    const action = await m.press(choicesOf(list)[0]!.id);
    expect(choicesOf(action).map((c) => c.label)).toEqual(["Sửa", "Rút lại", "Quay lại", "Hủy"]);
    await m.press(choicesOf(action)[0]!.id);
    expect(lastText(await m.send("Ý kiến đã sửa"))).toBe("Đã sửa ý kiến.");
    expect((await app.db.opinion.findUniqueOrThrow({ where: { id: opinion.id } })).text).toBe("Ý kiến đã sửa");
    const confirm = await m.send("/ykiencuatoi rut 1");
    expect(lastText(confirm)).toBe(
      "Rút lại ý kiến 1 (GY1 · mục 1 · Bổ sung: Ý kiến đã sửa)? Sau khi rút, ý kiến không còn được tính.",
    );
    expect((await app.db.opinion.findUniqueOrThrow({ where: { id: opinion.id } })).status).toBe("active");
    expect(lastText(await m.press(choicesOf(confirm)[0]!.id))).toBe(
      "Đã rút ý kiến (GY1 · mục 1 · Bổ sung: Ý kiến đã sửa). Ý kiến này không còn được tính.",
    );
    expect(lastText(await m.send("/ykiencuatoi rut 1"))).toBe("Bạn chưa có ý kiến nào trong các đợt đang mở.");
    expect(lastText(await m.send("/ykiencuatoi"))).toBe("Bạn chưa có ý kiến nào trong các đợt đang mở.");
    expect((await app.db.opinion.findUniqueOrThrow({ where: { id: opinion.id } })).status).toBe("withdrawn");
  });

  it("numbers the list, its buttons and «rut SỐ» alike, and withdraws only after confirming the one shown", async () => {
    const app = await testApp();
    await openConsultation(app);
    const { m } = await withOpinion(app, "723", "Ý kiến thứ nhất");
    for (const [item, words] of [
      ["2", "Ý kiến thứ hai"],
      ["3", "Ý kiến thứ ba"],
    ] as const) {
      await m.send("/gopy");
      await m.send(item);
      await m.send("2");
      await m.send(words);
      await m.send("1");
    }
    const list = lastText(await m.send("/ykiencuatoi"));
    // The newest first, numbered 1, 2, 3, the same numbers as the buttons.
    expect(list).toContain("1. GY1 · mục 3 · Bổ sung: Ý kiến thứ ba");
    expect(list).toContain("2. GY1 · mục 2 · Bổ sung: Ý kiến thứ hai");
    expect(list).toContain("3. GY1 · mục 1 · Bổ sung: Ý kiến thứ nhất");
    await m.send("/huy");
    const confirm = await m.send("/ykiencuatoi rut 2");
    expect(lastText(confirm)).toContain("Rút lại ý kiến 2 (GY1 · mục 2 · Bổ sung: Ý kiến thứ hai)?");
    // "Hủy" (or "thôi") keeps it; nothing is withdrawn without the confirming press.
    expect(lastText(await m.send("thôi"))).toBe("Đã hủy. Gõ /trogiup để xem các lệnh.");
    expect(await app.db.opinion.count({ where: { status: "withdrawn" } })).toBe(0);
    await m.send("/ykiencuatoi rut 2");
    await m.send("1");
    const withdrawn = await app.db.opinion.findMany({ where: { status: "withdrawn" } });
    expect(withdrawn.map((o) => o.text)).toEqual(["Ý kiến thứ hai"]);
    expect(lastText(await m.send("/ykiencuatoi rut 7"))).toBe(
      "Danh sách chỉ có 2 ý kiến, không có ý kiến số 7. Gõ /ykiencuatoi để xem danh sách.",
    );
  });

  it("cannot touch someone else's opinion, nor any opinion after closing", async () => {
    const app = await testApp();
    const c = await openConsultation(app);
    const { opinion } = await withOpinion(app, "721");
    const other = await member(app, "722");
    expect(lastText(await other.send("/ykiencuatoi rut 1"))).toBe("Bạn chưa có ý kiến nào trong các đợt đang mở.");
    const owner = Talker.private(app, "721", "Đoàn viên 721");
    const confirm = await owner.send("/ykiencuatoi rut 1");
    await app.db.consultation.update({ where: { id: c.id }, data: { closedAt: app.clock.now() } });
    expect(lastText(await owner.press(choicesOf(confirm)[0]!.id))).toBe(
      "Đợt lấy ý kiến đã đóng, không nhận thêm hoặc sửa ý kiến.",
    );
    expect((await app.db.opinion.findUniqueOrThrow({ where: { id: opinion.id } })).status).toBe("active");
    expect(lastText(await owner.send("/ykiencuatoi rut abc"))).toMatch(/^Cách dùng/);
  });
});

describe("a chair enters a meeting's results", () => {
  it("reviews everything with the key points, questions odd figures, and lets the chair correct one field", async () => {
    const app = await testApp();
    await openConsultation(app);
    await giveRole(app, "740", "Chủ tịch Bình Lư", "chair", "LC-TD-01");
    const members = (await app.db.unit.findUniqueOrThrow({ where: { code: "LC-TD-01" } })).memberCount;
    expect(members).toBe(27);
    const chair = Talker.private(app, "740", "Chủ tịch Bình Lư");
    await chair.send("/nhapketqua");
    await chair.send("25/02/2026");
    await chair.send("45");
    for (const line of ["30 3 0 2 1", "Làm rõ mục tiêu tăng trưởng.", "5 1 1 0 0", "-", "50 0 0 0 0"])
      await chair.send(line);
    let review = await chair.send("Nhiều ý kiến về cán bộ cơ sở.");
    let text = lastText(review);
    expect(text).toContain(
      "1. Đồng ý 30, Bổ sung 3, Sửa đổi 0, Kiến nghị 2, Khác 1\n   Ý chính: Làm rõ mục tiêu tăng trưởng.",
    );
    expect(text).toContain("2. Đồng ý 5, Bổ sung 1, Sửa đổi 1, Kiến nghị 0, Khác 0\n   Ý chính: —");
    expect(text).toContain("⚠ Ngày họp 25/02/2026 trước ngày mở đợt GY1 (02/03/2026).");
    expect(text).toContain("⚠ Số người dự (45) nhiều hơn số đoàn viên của CĐCS Ủy ban nhân dân xã Bình Lư (27).");
    expect(text).toContain("⚠ Nội dung 3 có 50 ý kiến, nhiều hơn số người dự (45).");
    expect(choicesOf(review).map((c) => c.label)).toEqual(["Vẫn lưu", "Sửa", "Quay lại", "Hủy"]);

    const fields = await chair.press(choicesOf(review)[1]!.id);
    expect(choicesOf(fields).map((c) => c.label)).toEqual([
      "Ngày họp",
      "Số người dự",
      "Nội dung 1: Dự thảo Báo cáo chính trị",
      "Nội dung 2: Dự thảo Báo cáo kinh tế - xã hội",
      "Nội dung 3: Dự thảo Báo cáo xây dựng Đảng",
      "Quay lại",
      "Xong",
      "Hủy",
    ]);
    await chair.send("1");
    await chair.send("02/03/2026");
    await chair.send("Sửa");
    await chair.send("2");
    await chair.send("25");
    await chair.send("Sửa");
    expect(lastText(await chair.send("3"))).toContain("Đang nhập: 30 3 0 2 1; ý chính: Làm rõ mục tiêu tăng trưởng.");
    await chair.send("10 3 0 2 1");
    await chair.send("-");
    await chair.send("Sửa");
    await chair.send("5");
    await chair.send("20 0 0 0 0");
    review = await chair.send("Đồng thuận cao.");
    text = lastText(review);
    expect(text).toContain("ngày 02/03/2026, 25 người dự");
    expect(text).toContain("1. Đồng ý 10, Bổ sung 3, Sửa đổi 0, Kiến nghị 2, Khác 1\n   Ý chính: —");
    expect(text).toContain("3. Đồng ý 20, Bổ sung 0, Sửa đổi 0, Kiến nghị 0, Khác 0\n   Ý chính: Đồng thuận cao.");
    expect(text).not.toContain("⚠");
    expect(choicesOf(review).map((c) => c.label)).toEqual(["Lưu", "Sửa", "Quay lại", "Hủy"]);
    expect(await app.db.meetingResult.count()).toBe(0); // nothing stored before "Lưu"
    await chair.press(choicesOf(review)[0]!.id);
    const meeting = await app.db.meetingResult.findFirstOrThrow({ include: { items: { orderBy: { itemId: "asc" } } } });
    expect(meeting).toMatchObject({ heldOn: "2026-03-02", attendees: 25 });
    expect(meeting.items.map((i) => [i.countAgree, i.keyPoints])).toEqual([
      [10, ""],
      [5, ""],
      [20, "Đồng thuận cao."],
    ]);
  });

  it("records date, attendees and per-item counts with key points, and may edit them until closing", async () => {
    const app = await testApp();
    await openConsultation(app);
    await giveRole(app, "730", "Chủ tịch Bình Lư", "chair", "LC-TD-01");
    const chair = Talker.private(app, "730", "Chủ tịch Bình Lư");
    expect(lastText(await chair.send("/nhapketqua"))).toMatch(/^Hội nghị họp ngày nào/);
    expect(texts(await chair.send("hôm qua"))[0]).toMatch(/^Chưa đọc được ngày/);
    expect(texts(await chair.send("01/01/2030"))[0]).toMatch(/tương lai/);
    await chair.send("25/02/2026");
    expect(texts(await chair.send("bốn mươi"))[0]).toMatch(/gõ một số/);
    expect(lastText(await chair.send("45"))).toMatch(/^Nội dung 1\/3: Dự thảo Báo cáo chính trị/);
    expect(texts(await chair.send("12 3 0"))[0]).toMatch(/Cần đúng 5 số/);
    await chair.send("12 3 0 2 1");
    await chair.send("Đề nghị làm rõ mục tiêu tăng trưởng.");
    await chair.send("5 1 1 0 0");
    await chair.send("-");
    await chair.send("7,0,2,1,0");
    const review = await chair.send("Nhiều ý kiến về cán bộ cơ sở.");
    expect(lastText(review)).toContain("ngày 25/02/2026, 45 người dự");
    expect(lastText(review)).toContain("1. Đồng ý 12, Bổ sung 3, Sửa đổi 0, Kiến nghị 2, Khác 1");
    expect(lastText(await chair.press(choicesOf(review)[0]!.id))).toMatch(/^Đã lưu kết quả hội nghị/);
    const meeting = await app.db.meetingResult.findFirstOrThrow({ include: { items: true } });
    expect(meeting).toMatchObject({ heldOn: "2026-02-25", attendees: 45 });
    expect(meeting.items.map((i) => [i.countAgree, i.countAdd, i.countAmend, i.countPropose, i.countOther])).toEqual([
      [12, 3, 0, 2, 1],
      [5, 1, 1, 0, 0],
      [7, 0, 2, 1, 0],
    ]);
    expect(meeting.items[1]!.keyPoints).toBe("");
    expect(await app.db.opinion.count()).toBe(0);

    expect(lastText(await chair.send("/nhapketqua"))).toMatch(/^Đơn vị đã có kết quả hội nghị ngày 25\/02\/2026/);
    await chair.send("26/02/2026");
    await chair.send("50");
    for (const line of ["1 1 1 1 1", "-", "1 1 1 1 1", "-", "1 1 1 1 1"]) await chair.send(line);
    const again = await chair.send("-");
    expect(lastText(await chair.press(choicesOf(again)[0]!.id))).toBe("Đã cập nhật kết quả hội nghị.");
    expect(await app.db.meetingResult.count()).toBe(1);
    expect((await app.db.meetingResult.findFirstOrThrow()).attendees).toBe(50);
  });

  it("is refused to members", async () => {
    const app = await testApp();
    await openConsultation(app);
    const m = await member(app, "731");
    expect(lastText(await m.send("/nhapketqua"))).toMatch(/^Chỉ chủ tịch công đoàn hoặc cán bộ/);
  });
});

describe("staff open and close a consultation", () => {
  it("opens one from a stored plan's drafts over their subtree, and closes it early", async () => {
    const app = await testApp();
    await giveRole(app, "740", "Cán bộ Tam Đường", "staff", "LC-TD");
    const staffActor = await app.services.people.resolve("telegram", "740", "Cán bộ Tam Đường");
    const { parsePlan } = await import("../src/domain/plan/parse.js");
    const fs = await import("node:fs");
    const plan = parsePlan(
      fs.readFileSync(new URL("./fixtures/plans/122-KH-LDLD-2025-lay-y-kien-van-kien.txt", import.meta.url), "utf8"),
    );
    await app.services.plans.store(plan, staffActor.personId);
    const staff = Talker.private(app, "740", "Cán bộ Tam Đường");
    const source = await staff.send("/mogopy");
    expect(choicesOf(source).map((c) => c.label)).toEqual([
      expect.stringMatching(/^122\/KH-LĐLĐ: /),
      "Nhập tay",
      "Hủy",
    ]);
    const unit = await staff.press(choicesOf(source)[0]!.id);
    expect(choicesOf(unit).map((c) => c.label)).toEqual(["LĐLĐ huyện Tam Đường", "Quay lại", "Hủy"]);
    expect(texts(await staff.send("LC-PT"))[0]).toBe("Đơn vị này nằm ngoài phạm vi của bạn.");
    await staff.send("lc-td");
    expect(texts(await staff.send("tuần sau"))[0]).toMatch(/^Chưa đọc được ngày/);
    expect(texts(await staff.send("01/01/2026"))[0]).toMatch(/đã qua/);
    const review = await staff.send("trước ngày 30/6/2026");
    expect(lastText(review)).toContain("Hạn cuối: 23:59 29/06/2026");
    expect(lastText(review)).toContain("3. Dự thảo Báo cáo về công tác xây dựng Đảng");
    const opened = await staff.press(choicesOf(review)[0]!.id);
    expect(lastText(opened)).toMatch(/^Đã mở đợt lấy ý kiến GY1:/);
    const c = await app.db.consultation.findFirstOrThrow({ include: { items: true, rootUnit: true } });
    expect(c.items).toHaveLength(3);
    expect(c.rootUnit.code).toBe("LC-TD");

    expect(lastText(await Talker.private(app, "741", "Đoàn viên").send("/donggopy GY1"))).toBe(
      "Bạn không có quyền đóng đợt GY1.",
    );
    expect(lastText(await staff.send("/donggopy GY1"))).toMatch(/^Đã đóng đợt GY1/);
    expect(lastText(await staff.send("/donggopy GY1"))).toBe("Đợt GY1 đã đóng rồi.");
    expect(lastText(await staff.send("/donggopy GY9"))).toBe("Không có đợt lấy ý kiến GY9.");
  });

  it("opens one by hand; a member cannot open one", async () => {
    const app = await testApp();
    await giveRole(app, "750", "Cán bộ", "staff", "LC");
    const staff = Talker.private(app, "750", "Cán bộ");
    expect(lastText(await staff.send("/mogopy"))).toMatch(/^Gõ tên đợt/);
    await staff.send("Góp ý Luật Công đoàn sửa đổi");
    await staff.send("1. Chương I\n2. Chương II");
    await staff.send("LC");
    const review = await staff.send("cuối tháng 4/2026");
    await staff.press(choicesOf(review)[0]!.id);
    expect(
      (await app.db.consultation.findFirstOrThrow({ include: { items: true } })).items.map((i) => i.title),
    ).toEqual(["Chương I", "Chương II"]);
    expect(lastText(await Talker.private(app, "751", "Đoàn viên").send("/mogopy"))).toBe(
      "Bạn không có quyền làm việc này.",
    );
  });

  it("offers an admin from ADMIN_IDS the top of the tree as the unit", async () => {
    const app = await testApp();
    const admin = Talker.private(app, "9000", "Quản trị");
    await admin.send("/mogopy");
    await admin.send("Góp ý thử");
    const unit = await admin.send("Chương I");
    expect(choicesOf(unit).map((c) => c.label)).toEqual(["Liên đoàn Lao động tỉnh Lai Châu", "Quay lại", "Hủy"]);
  });

  it("closes by itself at the closing time", async () => {
    const app = await testApp();
    const c = await openConsultation(app);
    const m = await member(app, "760");
    app.clock.advance(31 * 86_400_000);
    expect(lastText(await m.send("/gopy"))).toBe("Hiện không có đợt lấy ý kiến nào đang mở cho đơn vị của bạn.");
    expect(await app.services.consultations.closeDue()).toBe(1);
    expect((await app.db.consultation.findUniqueOrThrow({ where: { id: c.id } })).closedAt).not.toBeNull();
  });
});

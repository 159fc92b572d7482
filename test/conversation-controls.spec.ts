/**
 * No dead ends in guided conversations: every question of every flow offers "Hủy", every question after the first
 * "Quay lại" (the question before, as it was), and the same words typed do the same. Each flow is walked answer by
 * answer; at each question the spec goes back by typing "quay lại", checks the earlier question came back unchanged,
 * and answers it again. Then the engine's own branches: "Xong", buttons from an earlier question, files where none is
 * asked, state stored before the trail existed, and the trail's bound.
 */
import { afterAll, describe, expect, it } from "vitest";
import type { App } from "../src/app.js";
import type { Outgoing } from "../src/platforms/port.js";
import { choicesOf, giveRole, lastText, Talker, testApp, texts } from "./helpers/app.js";
import { closeAll } from "./helpers/db.js";

afterAll(closeAll);

/** An answer: text to type, or the start of a choice's label to press. */
type Answer = string | { press: string };

function choiceId(out: Outgoing[], label: string): string {
  const c = choicesOf(out).find((x) => x.label.startsWith(label));
  if (!c)
    throw new Error(
      `no choice "${label}" in ${choicesOf(out)
        .map((x) => x.label)
        .join(" | ")}`,
    );
  return c.id;
}

async function answer(t: Talker, out: Outgoing[], a: Answer): Promise<Outgoing[]> {
  return typeof a === "string" ? t.send(a) : t.press(choiceId(out, a.press));
}

/** Whether the conversation still asks something: its questions always carry the engine's typed choices. */
const asks = (out: Outgoing[]) => choicesOf(out).some((c) => c.typed);

function controlsOf(out: Outgoing[]): string[] {
  return choicesOf(out)
    .filter((c) => c.typed)
    .map((c) => c.label);
}

/**
 * Walks a flow: at every question checks the ways back and out, goes back by typing "quay lại" (the earlier question
 * must come back as it was, unless `changes` says an answer changed what that question shows), answers it again and
 * goes on. Returns what the last answer got.
 */
async function walk(t: Talker, start: string, answers: Answer[], changes: number[] = []): Promise<Outgoing[]> {
  let out = await t.send(start);
  expect(controlsOf(out), `first question of ${start}`).toEqual(["Hủy"]);
  const questions = [lastText(out)];
  for (const [i, a] of answers.entries()) {
    const next = await answer(t, out, a);
    if (!asks(next)) {
      expect(i, `${start} ended early: ${texts(next).join(" / ")}`).toBe(answers.length - 1);
      return next;
    }
    expect(controlsOf(next)[0], `question ${i + 2} of ${start}: ${lastText(next)}`).toBe("Quay lại");
    expect(controlsOf(next).at(-1)).toBe("Hủy");
    const back = await t.send("quay lại");
    if (changes.includes(i)) expect(lastText(back)).not.toBe(lastText(next));
    else expect(lastText(back), `back from question ${i + 2} of ${start}`).toBe(questions.at(-1));
    out = await answer(t, back, a);
    expect(lastText(out)).toBe(lastText(next));
    questions.push(lastText(out));
  }
  throw new Error(`${start} did not end after ${answers.length} answers: ${lastText(out)}`);
}

async function people(app: App) {
  await giveRole(app, "1", "Cán bộ tỉnh", "staff", "LC");
  await giveRole(app, "2", "Chủ tịch Bình Lư", "chair", "LC-TD-01");
  await giveRole(app, "3", "Đoàn viên Mai", "member", "LC-TD-01");
  return {
    staff: Talker.private(app, "1", "Cán bộ tỉnh"),
    chair: Talker.private(app, "2", "Chủ tịch Bình Lư"),
    member: Talker.private(app, "3", "Đoàn viên Mai"),
  };
}

describe("every guided conversation, step by step", () => {
  it("staff's flows: deadlines, indicators' targets, consultations, announcements, roles, language", async () => {
    const app = await testApp();
    const { staff } = await people(app);
    await app.db.chat.create({
      data: { platform: "telegram", platformChatId: "-td01", kind: "group", unitId: (await unit(app, "LC-TD-01")).id },
    });
    await walk(staff, "/ngonngu", [{ press: "Tiếng Việt" }]);
    const created = await walk(staff, "/themhanchot", [
      "Báo cáo kết quả phát triển đoàn viên quý I",
      "trước ngày 31/3/2026",
      "LC-TD-01 LC-TD-02",
      { press: "Lưu" },
    ]);
    expect(lastText(created)).toMatch(/^Đã thêm hạn H1/);
    await staff.send("/chitieu H1 them Kết nạp đoàn viên mới | người | 20");
    // The total is saved when typed, so going back shows it as the current target (the one change a step makes).
    const split = await walk(staff, "/giaochitieu H1", ["LC-TD", "20", { press: "Chia đều" }, { press: "Lưu" }], [1]);
    expect(lastText(split)).toMatch(/^Đã giao chỉ tiêu cho 2 đơn vị/);
    const opened = await walk(staff, "/mogopy", [
      "Góp ý dự thảo Điều lệ Công đoàn",
      "Chương I\nChương II",
      { press: "Liên đoàn Lao động tỉnh Lai Châu" },
      "cuối tháng 12/2026",
      { press: "Mở đợt" },
    ]);
    expect(lastText(opened)).toMatch(/^Đã mở đợt lấy ý kiến GY1/);
    const sent = await walk(staff, "/thongbao", [
      "Họp trực tuyến sơ kết quý I lúc 8 giờ ngày 25/3/2026.",
      { press: "Nhập mã đơn vị" },
      "LC-TD-01",
      { press: "Chỉ các đơn vị này" },
      { press: "Gửi" },
    ]);
    expect(texts(sent)[0]).toMatch(/^Đã xếp thông báo số 1 vào hàng gửi/);
    await Talker.group(app, "-td01", "4", "Lò Văn Páo").send("Chào cả nhóm");
    const granted = await walk(staff, "/vaitro them chutich LC-TD-01", [{ press: "Lò Văn Páo" }]);
    expect(lastText(granted)).toMatch(/^Đã cấp vai trò chủ tịch công đoàn/);
  }, 60_000);

  it("members' and chairs' flows: opinions, one's own opinions, meetings, figures", async () => {
    const app = await testApp();
    const { staff, chair, member } = await people(app);
    await staff.send("/mogopy");
    await staff.send("Góp ý dự thảo Điều lệ Công đoàn");
    await staff.send("Chương I\nChương II");
    await staff.send("LC");
    await staff.press(choiceId(await staff.send("cuối tháng 12/2026"), "Mở đợt"));
    const given = await walk(member, "/gopy", [
      { press: "1." },
      { press: "Bổ sung" },
      "Bổ sung chế độ.",
      { press: "Gửi" },
    ]);
    expect(lastText(given)).toMatch(/^Cảm ơn bạn!/);
    const withdrawn = await walk(member, "/ykiencuatoi", [{ press: "1." }, { press: "Rút lại" }, { press: "Rút lại" }]);
    expect(lastText(withdrawn)).toMatch(/^Đã rút ý kiến/);
    const meeting = await walk(chair, "/nhapketqua", [
      "02/03/2026",
      "20",
      "10 2 1 1 0",
      "Làm rõ quyền lợi đoàn viên.",
      "12 0 0 0 0",
      "-",
      { press: "Lưu" },
    ]);
    expect(lastText(meeting)).toMatch(/^Đã lưu kết quả hội nghị/);
    await staff.send("/themhanchot");
    await staff.send("Báo cáo số liệu đoàn viên");
    await staff.send("trước ngày 31/3/2026");
    await staff.press(choiceId(await staff.send("LC-TD-01"), "Lưu"));
    await staff.send("/chitieu H1 them Kết nạp đoàn viên mới | người | 20");
    await staff.send("/chitieu H1 them Tổ chức hội nghị người lao động | cokhong");
    const figures = await walk(chair, "/baocaoso", ["3", { press: "Có" }, { press: "Gửi" }]);
    expect(lastText(figures)).toMatch(/^Đã gửi số liệu của CĐCS Ủy ban nhân dân xã Bình Lư/);
  }, 60_000);
});

async function unit(app: App, code: string) {
  return app.db.unit.findUniqueOrThrow({ where: { code } });
}

describe("the engine's ways back and out", () => {
  it("'Xong' where a step has a way to finish, a short answer where it has none, and 'hủy' or 'thôi' to leave", async () => {
    const app = await testApp();
    const { staff } = await people(app);
    await staff.send("/themhanchot");
    expect(texts(await staff.send("xong"))[0]).toMatch(/^Bước này chưa xong được/);
    expect(texts(await staff.send("quay lại"))[0]).toMatch(/^Đây là câu hỏi đầu tiên/);
    const when = await staff.send("Báo cáo sơ kết");
    await staff.send("trước ngày 31/3/2026");
    // Back twice: two questions back, each as it was.
    expect(lastText(await staff.send("quay lại"))).toBe(lastText(when));
    expect(lastText(await staff.send("Quay lại!"))).toBe(lastText(await staff.send("/themhanchot")));
    expect(lastText(await staff.send("thôi"))).toBe("Đã hủy. Gõ /trogiup để xem các lệnh.");
    expect(await app.db.deadline.count()).toBe(0);
  });

  it("a 'Quay lại' or 'Hủy' pressed under an earlier question acts on the current one", async () => {
    const app = await testApp();
    const { staff } = await people(app);
    await staff.send("/themhanchot");
    const when = await staff.send("Báo cáo sơ kết");
    const oldBack = choiceId(when, "Quay lại");
    const units = await staff.send("trước ngày 31/3/2026");
    expect(lastText(units)).toMatch(/^Đơn vị nào phải nộp/);
    // The back button of the question before: one step back from where the person is now, not "an old button".
    expect(lastText(await staff.press(oldBack))).toBe(lastText(when));
    expect(lastText(await staff.press(choiceId(when, "Hủy")))).toBe("Đã hủy. Gõ /trogiup để xem các lệnh.");
  });

  it("a file sent where none is asked is named and not used; /giaochitieu takes its sheet at any step", async () => {
    const app = await testApp();
    const { staff } = await people(app);
    await staff.send("/themhanchot");
    Talker.files.set("note.pdf", new TextEncoder().encode("%PDF-1.4"));
    const refused = await staff.send("", {
      attachment: { kind: "file", fileRef: "note.pdf", fileName: "ghi-chu.pdf" },
    });
    expect(texts(refused)[0]).toMatch(/^Câu hỏi này không cần tệp, nên tệp ghi-chu\.pdf chưa được dùng/);
    expect(lastText(refused)).toMatch(/^Báo cáo gì/);
    await staff.send("/huy");

    await staff.send("/themhanchot");
    await staff.send("Báo cáo số liệu đoàn viên");
    await staff.send("trước ngày 31/3/2026");
    await staff.press(choiceId(await staff.send("LC-TD-01 LC-TD-02"), "Lưu"));
    await staff.send("/chitieu H1 them Kết nạp đoàn viên mới | người | 20");
    const asked = await staff.send("/giaochitieu H1");
    expect(lastText(asked)).toMatch(/^Giao cho đơn vị nào\?/);
    Talker.files.set("targets.csv", new TextEncoder().encode("ma_don_vi,chi_tieu,muc\nLC-TD-01,1,8\nLC-TD-02,1,12\n"));
    const imported = await staff.send("", {
      attachment: { kind: "file", fileRef: "targets.csv", fileName: "chi-tieu.csv", mimeType: "text/csv" },
    });
    expect(texts(imported)).toEqual(["Đã nhập 2 chỉ tiêu cho hạn H1."]);
    expect(await app.db.unitTarget.count()).toBe(2);
    expect(await app.db.conversationState.count()).toBe(0);

    // The same sheet sent on its own, no command: which deadline is it for?
    Talker.files.set("targets2.csv", new TextEncoder().encode("ma_don_vi,chi_tieu,muc\nLC-TD-01,1,9\nLC-TD-02,1,11\n"));
    const which = await staff.send("", {
      attachment: { kind: "file", fileRef: "targets2.csv", fileName: "chi-tieu-2.csv", mimeType: "text/csv" },
    });
    expect(lastText(which)).toMatch(/^Tệp chi-tieu-2\.csv là chỉ tiêu của hạn nào\?/);
    expect(choicesOf(which).map((c) => c.label)).toEqual(["H1: Báo cáo số liệu đoàn viên", "Hủy"]);
    expect(lastText(await staff.press(choiceId(which, "H1")))).toBe("Đã nhập 2 chỉ tiêu cho hạn H1.");
    expect((await app.db.unitTarget.findMany({ orderBy: { value: "asc" } })).map((t) => t.value)).toEqual([9, 11]);
    // Someone who gives no targets gets the usual hint; nothing is read.
    await giveRole(app, "5", "Chủ tịch", "chair", "LC-TD-02");
    const chair = Talker.private(app, "5", "Chủ tịch");
    expect(
      texts(
        await chair.send("", { attachment: { kind: "file", fileRef: "targets2.csv", fileName: "chi-tieu-2.csv" } }),
      ),
    ).toEqual(["Tôi chưa hiểu tin nhắn này. Gõ /trogiup để xem các lệnh."]);
  });

  it("takes several deadline corrections in the preview, a recurring one added among them, then 'xong'", async () => {
    const app = await testApp();
    const { staff } = await people(app);
    await staff.send("/thongbao");
    const plan = [
      "LIÊN ĐOÀN LAO ĐỘNG TỈNH LAI CHÂU",
      "Số: 12/KH-LĐLĐ",
      "Lai Châu, ngày 02 tháng 3 năm 2026",
      "KẾ HOẠCH",
      "Phát triển đoàn viên năm 2026",
    ].join("\n");
    const preview = await staff.send(plan);
    const fields = await staff.press(choiceId(preview, "Sửa"));
    const ask = await staff.press(choiceId(fields, "Hạn báo cáo"));
    expect(lastText(ask)).toContain("«thêm: hàng quý: Báo cáo số liệu»");
    expect(controlsOf(ask)).toEqual(["Quay lại", "Xong", "Hủy"]);
    let out = await staff.send("thêm: hàng quý: Báo cáo số liệu phát triển đoàn viên");
    expect(texts(out)[0]).toBe("Đã sửa. Sửa tiếp, hoặc bấm «Xong» để xem lại bản xem trước.");
    expect(lastText(out)).toContain("\n1. hàng quý, lần đầu 31/03/2026: Báo cáo số liệu phát triển đoàn viên\n");
    out = await staff.send("thêm: 17:00 ngày 30/9/2026: Báo cáo quý III");
    expect(lastText(out)).toMatch(/\n\d\. 30\/09\/2026.*: Báo cáo quý III\n/);
    // "Quay lại" undoes the last correction; "xong" shows the preview with the rest.
    out = await staff.send("quay lại");
    expect(lastText(out)).not.toMatch(/: Báo cáo quý III\n/);
    const shown = lastText(await staff.send("xong"));
    expect(shown).toMatch(/^Xem trước:\nKẾ HOẠCH số 12\/KH-LĐLĐ/);
    expect(shown).toContain("Báo cáo số liệu phát triển đoàn viên");
    expect(shown).not.toContain("Báo cáo quý III");
  });

  it("resumes a conversation stored before the trail existed, and keeps the trail bounded", async () => {
    const app = await testApp();
    const { staff } = await people(app);
    await staff.send("/themhanchot");
    await app.db.conversationState.updateMany({ data: { step: "when", data: JSON.stringify({ what: "Báo cáo cũ" }) } });
    const units = await staff.send("trước ngày 31/3/2026");
    expect(lastText(units)).toMatch(/^Đơn vị nào phải nộp/);
    expect(lastText(await staff.send("quay lại"))).toMatch(/^Hạn nộp/);
    // A long run of corrections keeps the latest steps only.
    await staff.send("/thongbao");
    let out = await staff.send("Họp giao ban ngày 25/3/2026.");
    for (let i = 0; i < 30; i++) out = await staff.press(choiceId(out, i % 2 ? "Quay lại" : "Nhập mã đơn vị"));
    const row = await app.db.conversationState.findFirstOrThrow();
    expect((JSON.parse(row.data) as { trail: unknown[] }).trail.length).toBeLessThanOrEqual(12);
  });
});

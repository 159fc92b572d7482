/**
 * /thongbao and what the plan reader cannot decide alone (issue #29): the days things take place are shown as events,
 * apart from deadlines, and staff may turn one into a deadline; a form's deadline with a blank month is asked for
 * before the preview. Clock: 02/03/2026.
 */
import fs from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { Outgoing } from "../src/platforms/port.js";
import { choicesOf, giveRole, lastText, Talker, testApp, texts } from "./helpers/app.js";
import { closeAll } from "./helpers/db.js";

afterAll(closeAll);

const lookAlike = (name: string) =>
  fs.readFileSync(path.join(import.meta.dirname, "fixtures", "look-alike", `${name}.txt`), "utf8");

async function setup() {
  const app = await testApp({
    units: "code,name,kind,parent_code,member_count\nP,LĐLĐ tỉnh,province,,0\nG1,CĐCS số 1,grassroots,P,12\n",
  });
  const unit = await app.db.unit.findFirstOrThrow({ where: { code: "G1" } });
  await app.db.chat.create({ data: { platform: "telegram", platformChatId: "-G1", kind: "group", unitId: unit.id } });
  await giveRole(app, "1", "Cán bộ tỉnh", "staff", "P");
  return { app, staff: Talker.private(app, "1", "Cán bộ tỉnh") };
}

function pick(out: Outgoing[], label: string): string {
  const c = choicesOf(out).find((x) => x.label.startsWith(label));
  if (!c) throw new Error(`no choice "${label}" in ${choicesOf(out).map((x) => x.label)}`);
  return c.id;
}

describe("events in the preview", () => {
  it("shows the days things take place apart from the deadlines; «sk 1» makes one a deadline", async () => {
    const { app, staff } = await setup();
    await staff.send("/thongbao");
    const read = await staff.send(lookAlike("timetable-events"));
    const [deadlines, events] = lastText(read).split("Sự kiện (không nhắc hạn");
    expect(deadlines).toContain("1. 19/03/2026: báo cáo tự kiểm tra về Công đoàn Viên chức tỉnh");
    expect(deadlines).toContain("2. 30/07/2026: Thời gian hoàn thành");
    expect(deadlines).not.toContain("24/03/2026");
    expect(events).toContain("S1. 24/03/2026 08:00: Thời gian kiểm tra");
    expect(events).toContain("S4. 06/07/2026: Công đoàn Viên chức tỉnh tổ chức Hội nghị tổng kết công tác kiểm tra");

    await staff.press(pick(read, "Sửa"));
    const ask = lastText(await staff.send("4"));
    expect(ask).toContain("S1. 24/03/2026: Thời gian kiểm tra");
    expect(ask).toContain("«sk 1» để đổi sự kiện S1 thành hạn");
    expect(texts(await staff.send("sk 9"))[0]).toMatch(/^Chưa hiểu\./);
    // Deadlines take several corrections in a row; «Xong» returns to the preview.
    await staff.send("sk 1");
    const shown = await staff.send("xong");
    const edited = lastText(shown);
    expect(edited).toContain("3. 24/03/2026: Thời gian kiểm tra");
    expect(edited).toContain("S1. 02/06/2026 08:00: Đợt 1");

    await staff.press(pick(await staff.press(pick(shown, "Toàn bộ")), "Gửi"));
    const created = await app.db.deadline.findMany({ orderBy: { id: "asc" } });
    expect(created.map((d) => d.what)).toEqual([
      "báo cáo tự kiểm tra về Công đoàn Viên chức tỉnh",
      "Thời gian hoàn thành",
      "Thời gian kiểm tra",
    ]);
  });
});

describe("a form's blank date", () => {
  it("asks for the missing month before the preview, refusing what is not a date", async () => {
    const { app, staff } = await setup();
    await staff.send("/thongbao");
    expect(lastText(await staff.send(lookAlike("form-letter-blanks")))).toBe(
      "Hạn «trước ngày 07/……./2026» (gửi cho Ban Chấp hành Công đoàn Công ty) còn để trống tháng. Gõ ngày đầy đủ, ví dụ 07/5/2026, hoặc «bỏ» để không tạo hạn này.",
    );
    expect(texts(await staff.send("tháng sau"))[0]).toBe(
      "Chưa hiểu ngày này. Gõ theo dạng ngày/tháng/năm, ví dụ 07/5/2026, hoặc «bỏ».",
    );
    const preview = lastText(await staff.send("4"));
    expect(preview).toMatch(/^Xem trước:\nCÔNG VĂN số 01\/2026\/CV-CĐCS ngày —/);
    expect(preview).toContain("1. 06/04/2026: gửi cho Ban Chấp hành Công đoàn Công ty");
    expect(await app.db.plan.count()).toBe(0);
  });

  it("takes a whole date, or «bỏ» to create no deadline", async () => {
    const { staff } = await setup();
    await staff.send("/thongbao");
    await staff.send(lookAlike("form-letter-blanks"));
    expect(lastText(await staff.send("07/05/2026"))).toContain(
      "1. 06/05/2026: gửi cho Ban Chấp hành Công đoàn Công ty",
    );

    await staff.send("/huy");
    await staff.send("/thongbao");
    await staff.send(lookAlike("form-letter-blanks"));
    expect(lastText(await staff.send("bỏ"))).toContain("Hạn báo cáo:\n(không thấy hạn nào)");
  });
});

describe("a conversation begun before events were read", () => {
  it("shows its preview and takes «Sửa» though its stored plan has no events or blank deadlines", async () => {
    const { app, staff } = await setup();
    await staff.send("/thongbao");
    await staff.send(lookAlike("guidance-notice"));
    // Stored as a row written then was: the state itself, without the engine's trail (and without events).
    const row = await app.db.conversationState.findFirstOrThrow();
    const { plan, ...rest } = JSON.parse(row.data).state;
    const { events: _events, blankDeadlines: _blanks, ...old } = plan;
    await app.db.conversationState.update({
      where: { id: row.id },
      data: { data: JSON.stringify({ ...rest, plan: old }) },
    });
    const again = await staff.send("Toàn bộ đơn vị"); // a typed answer is read as unit codes: refused, preview again
    expect(lastText(again)).toContain("1. 30/10/2026: Thời gian tổ chức hội nghị");
    await staff.press(pick(again, "Sửa"));
    expect(lastText(await staff.send("4"))).toContain("2. 15/11/2026: báo cáo kết quả tổ chức hội nghị");
  });
});

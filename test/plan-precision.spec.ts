/**
 * Issue #29: the reader invents no deadline where a document only names the day something takes place, a span of
 * years a task runs over, or a month deep in a list of letters; it reads a form's blank deadline as one whose day or
 * month staff must give; and it reads letters, forms and guidance as well as plans. Each shape is a look-alike text of
 * our own in test/fixtures/look-alike (the real documents are in test/fixtures/corpus).
 */
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { findBlankDates } from "../src/domain/dates/blanks.js";
import { parsePlan } from "../src/domain/plan/parse.js";
import { planSchema } from "../src/domain/plan/types.js";

const read = (name: string) =>
  parsePlan(fs.readFileSync(path.join(import.meta.dirname, "fixtures", "look-alike", `${name}.txt`), "utf8"));
const dues = (plan: ReturnType<typeof parsePlan>) => plan.deadlines.map((d) => [d.precision, d.due]);
const doc = (body: string) =>
  parsePlan(`Số: 5/KH-LĐLĐ\nHà Nội, ngày 02 tháng 3 năm 2026\nKẾ HOẠCH\nTổ chức hoạt động\n\nI. NỘI DUNG\n\n${body}\n`);

describe("a deadline needs a sign that something is due", () => {
  it("a task table's spans of years ('2024 - 2025', '2024 - 2030') are periods of work, not deadlines", () => {
    const plan = read("task-table-year-spans");
    expect(dues(plan)).toEqual([
      ["day", "2024-12-15"],
      ["month", "2024-06"],
      ["year", "2026"],
    ]);
    expect(plan.deadlines.find((d) => d.due === "2024-06")?.what).toBe("Hoàn thiện quy chế quản lý dữ liệu");
  });

  it("a timetable's days are events; a completion time and a report's bound are deadlines", () => {
    const plan = read("timetable-events");
    expect(plan.events.map((e) => [e.date, e.time ?? null])).toEqual([
      ["2026-03-24", "08:00"],
      ["2026-06-02", "08:00"],
      ["2026-06-03", "08:00"],
      ["2026-07-06", null],
      ["2026-03-23", null],
      ["2026-03-25", null],
    ]);
    expect(plan.events[3]?.what).toBe("Công đoàn Viên chức tỉnh tổ chức Hội nghị tổng kết công tác kiểm tra");
    expect(plan.events[4]?.what).toBe("CĐCS Sở Tài chính");
    expect(dues(plan)).toEqual([
      ["day", "2026-03-20"],
      ["day", "2026-07-30"],
    ]);
  });

  it("a 2,000-character 'Xét đề nghị của …' paragraph listing letters gives no period and no deadline", () => {
    const plan = read("long-xet-de-nghi");
    expect(plan.periods).toEqual([]);
    expect(plan.events).toEqual([]);
    expect(plan.deadlines.every((d) => d.what.length < 200)).toBe(true);
    expect(dues(plan)).toEqual([["day", "2026-06-30"]]);
  });

  it("'Hàng năm', 'Thường xuyên, hằng năm' in appendix cells and 'xây dựng kế hoạch hàng năm' are yearly duties", () => {
    const plan = read("appendix-every-year");
    expect(plan.recurring.map((r) => [r.every, r.what])).toEqual([
      [["year"], "1. Văn phòng Sở chủ trì xây dựng kế hoạch"],
      [["year"], "Rà soát đội ngũ cán bộ quản lý"],
      [["year"], "Kiểm tra việc thực hiện quy chế dân chủ"],
      [["year"], "Bồi dưỡng kỹ năng cho cán bộ công đoàn"],
    ]);
    expect(dues(plan)).toEqual([
      ["day", "2026-12-10"],
      ["quarter", "2026-Q4"],
    ]);
  });

  it("a title stops before '(Ban hành kèm theo Nghị quyết số 35-NQ/TU …)'", () => {
    expect(read("appendix-every-year").title).toBe(
      "Thực hiện Nghị quyết số 35-NQ/TU của Ban Thường vụ Tỉnh ủy về công tác cán bộ",
    );
  });

  it.each([
    ["Tổ chức Hội nghị sơ kết vào ngày 20/5/2026 tại Hội trường.", [], ["2026-05-20"]],
    ["Ngày 20/5/2026, khai mạc Hội thi cán bộ công đoàn giỏi.", [], ["2026-05-20"]],
    ["Hội nghị khai mạc ngày 05/6/2026 và kết thúc ngày 06/6/2026.", [], ["2026-06-05", "2026-06-06"]],
    ["Các CĐCS báo cáo kết quả về LĐLĐ tỉnh ngày 20/5/2026.", [], []],
    ["Các CĐCS tổ chức đại hội xong trước ngày 30/6/2026.", ["2026-06-30"], []],
    ["Trong tháng 5/2026, tổ chức các hoạt động Tháng Công nhân.", [], []],
    ["Các CĐCS hoàn thành việc rà soát trong tháng 5/2026.", ["2026-05"], []],
    ["Thực hiện Kế hoạch số 12/KH-LĐLĐ ngày 05/3/2026 về tổ chức Hội nghị.", [], []],
    ["Căn cứ Luật Tổ chức chính quyền địa phương ngày 16/6/2025, tổ chức thực hiện.", [], []],
    ["Hộ chiếu nổ mìn (từ 06/3/2026 đến thời điểm kiểm tra).", [], []],
  ])("%s", (line, deadlines, events) => {
    const plan = doc(`- ${line}`);
    expect(plan.deadlines.map((d) => d.due)).toEqual(deadlines);
    expect(plan.events.map((e) => e.date)).toEqual(events);
  });
});

describe("letters, forms and guidance are read", () => {
  it("a form letter: 'V/v:' subject, blank date, blank deadline month, Nơi nhận, no name under the signature", () => {
    const plan = read("form-letter-blanks");
    expect(plan).toMatchObject({
      number: "01/2026/CV-CĐCS",
      documentType: "CÔNG VĂN",
      place: "Đồng Nai",
      issuedOn: null,
      title: "V/v: Đề nghị cung cấp thông tin về tiền lương năm 2026.",
      issuingBody: "CĐCS CÔNG TY TNHH ………………",
      recipients: ["Như trên", "Lưu: CĐCS"],
      signer: null,
      deadlines: [],
    });
    expect(plan.blankDeadlines).toEqual([
      {
        text: "trước ngày 07/……./2026",
        year: 2026,
        month: null,
        day: 7,
        bound: "before",
        what: "gửi cho Ban Chấp hành Công đoàn Công ty",
      },
    ]);
  });

  it("a Hướng dẫn of a sector union: header, deadlines, Nơi nhận and signer", () => {
    const plan = read("guidance-notice");
    expect(plan).toMatchObject({
      number: "09/HD-CĐN",
      documentType: "HƯỚNG DẪN",
      issuedOn: "2026-09-05",
      issuingBody: "CÔNG ĐOÀN NGÀNH GIÁO DỤC TỈNH NGHỆ AN",
      recipients: ["Các CĐCS trực thuộc", "Lưu: VT"],
      signer: { name: "Hồ Thị Lan", title: "CHỦ TỊCH", onBehalfOf: "TM. BAN THƯỜNG VỤ" },
    });
    expect(dues(plan)).toEqual([
      ["day", "2026-10-31"],
      ["day", "2026-11-15"],
    ]);
  });

  it("a Quyết định: its authority line after the title is not part of it; its report due is read", () => {
    const plan = read("long-xet-de-nghi");
    expect(plan).toMatchObject({
      documentType: "QUYẾT ĐỊNH",
      title: "Về việc hỗ trợ kinh phí cho công đoàn cơ sở doanh nghiệp gặp khó khăn",
      signer: { name: "Ka Nhung", title: "PHÓ CHỦ TỊCH", onBehalfOf: "TM. BAN THƯỜNG VỤ / KT. CHỦ TỊCH" },
    });
  });

  it("a plan stored before events and blank deadlines were read still loads, with none of either", () => {
    const { events, blankDeadlines, ...old } = read("guidance-notice");
    expect(events).toEqual([]);
    expect(blankDeadlines).toEqual([]);
    expect(planSchema.parse(JSON.parse(JSON.stringify(old)))).toMatchObject({ events: [], blankDeadlines: [] });
  });
});

describe("dates with blanks", () => {
  it.each([
    ["trước ngày 07/……./2026", { day: 7, month: null, year: 2026, bound: "before" }],
    ["chậm nhất ngày ……/5/2026", { day: null, month: 5, year: 2026, bound: "by" }],
    ["ngày 04 tháng………năm 2026", { day: 4, month: null, year: 2026 }],
    ["ngày       tháng 4 năm 2026", { day: null, month: 4, year: 2026 }],
    ["…/…/2026", { day: null, month: null, year: 2026 }],
  ])("%s", (text, blank) => {
    const found = findBlankDates(text);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ ...blank, text });
  });

  it.each([["ngày 12 tháng 4 năm 2026"], ["trước ngày 05/7/2026"], ["số 12/2026/QĐ-LĐLĐ"], ["ngày 32/……/2026"]])(
    "%s has no blank date",
    (text) => {
      expect(findBlankDates(text)).toEqual([]);
    },
  );
});

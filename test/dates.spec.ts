import { afterAll, describe, expect, it } from "vitest";
import { FakeClock } from "../src/clock.js";
import { dueMoment, dueWithPhrase, formatDayTime, occurrences, relativeDue } from "../src/domain/dates/due.js";
import { findDatePhrases, readDatePhrase } from "../src/domain/dates/phrases.js";
import { type DateSpec, DEFAULT_DUE_SETTINGS as S } from "../src/domain/dates/types.js";
import { giveRole, testApp } from "./helpers/app.js";
import { closeAll, freshDb } from "./helpers/db.js";

const TZ = "Asia/Ho_Chi_Minh";
const local = (d: Date | undefined) => (d ? formatDayTime(d, TZ) : undefined);

describe("reading a Vietnamese date or deadline phrase", () => {
  const table: [string, DateSpec][] = [
    ["ngày 14 tháng 02 năm 2025", { precision: "day", date: "2025-02-14" }],
    ["05/7/2025", { precision: "day", date: "2025-07-05" }],
    ["trước ngày 05/7/2025", { precision: "day", date: "2025-07-05", bound: "before" }],
    ["hoàn thành trước ngày 20/12/2024", { precision: "day", date: "2024-12-20", bound: "before" }],
    ["đầu tháng 6/2025", { precision: "early-month", month: "2025-06" }],
    ["tháng 12/2025", { precision: "month", month: "2025-12" }],
    ["Tháng 5 năm 2025", { precision: "month", month: "2025-05" }],
    ["sau 01 tuần khi kết thúc hội nghị", { precision: "relative", offsetDays: 7, anchor: "kết thúc hội nghị" }],
    ["định kỳ hàng quý, 6 tháng, một năm", { precision: "recurring", every: ["quarter", "half-year", "year"] }],
    [
      "theo tuần, tháng (trong tháng 5 và tháng 7)",
      { precision: "recurring", every: ["week", "month"], months: [5, 7] },
    ],
    ["hàng năm", { precision: "recurring", every: ["year"] }],
    // neighbours
    ["giữa tháng 3/2026", { precision: "mid-month", month: "2026-03" }],
    ["cuối tháng 3/2026", { precision: "end-month", month: "2026-03" }],
    ["quý I/2026", { precision: "quarter", year: 2026, quarter: 1 }],
    ["quý IV năm 2025", { precision: "quarter", year: 2025, quarter: 4 }],
    ["quý 2/2026", { precision: "quarter", year: 2026, quarter: 2 }],
    ["6 tháng đầu năm 2026", { precision: "half-year", year: 2026, half: 1 }],
    ["06 tháng cuối năm 2025", { precision: "half-year", year: 2025, half: 2 }],
    ["cuối năm 2026", { precision: "year", year: 2026 }],
    ["chậm nhất ngày 10/3/2026", { precision: "day", date: "2026-03-10", bound: "by" }],
    ["chậm nhất là ngày 10/3/2026", { precision: "day", date: "2026-03-10", bound: "by" }],
    ["trước 17h00 ngày 05/7/2025", { precision: "day", date: "2025-07-05", bound: "before", time: "17:00" }],
    ["trước 17 giờ 30 ngày 05/7/2025", { precision: "day", date: "2025-07-05", bound: "before", time: "17:30" }],
    ["hạn chót 05-07-2025", { precision: "day", date: "2025-07-05", bound: "by" }],
    ["trước ngày 15 tháng 3 năm 2026", { precision: "day", date: "2026-03-15", bound: "before" }],
    ["sau 05 ngày kể từ ngày kết thúc đợt", { precision: "relative", offsetDays: 5, anchor: "kết thúc đợt" }],
    ["sau hai tuần khi kết thúc hội nghị", { precision: "relative", offsetDays: 14, anchor: "kết thúc hội nghị" }],
    ["hằng tháng", { precision: "recurring", every: ["month"] }],
    ["định kỳ 06 tháng, năm", { precision: "recurring", every: ["half-year", "year"] }],
    ["định kỳ hàng tháng", { precision: "recurring", every: ["month"] }],
  ];
  it.each(table)("%s", (phrase, spec) => {
    const found = readDatePhrase(phrase);
    expect(found?.spec).toEqual(spec);
    expect(found?.text).toBe(phrase);
  });

  it("finds phrases inside sentences and keeps their words as written", () => {
    const s =
      "Thường xuyên cập nhật, báo cáo số liệu theo tuần, tháng (trong tháng 5 và tháng 7) và định kỳ 06 tháng, năm theo yêu cầu nhiệm vụ.";
    expect(findDatePhrases(s).map((f) => f.text)).toEqual([
      "theo tuần, tháng (trong tháng 5 và tháng 7)",
      "định kỳ 06 tháng, năm",
    ]);
  });

  it("tricky phrases found while reading the seed plans", () => {
    const tricky: [string, string[]][] = [
      // a date that is a citation, not a deadline, is still read as a date (the plan reader decides)
      ["Kế hoạch số 136/KH-LĐLĐ, ngày 14/3/2025 của Ban", ["14/3/2025"]],
      // "Tháng Công nhân năm 2025" names a month of action, not a date
      ["Tháng Công nhân năm 2025", []],
      // "đối thoại định kỳ." has no period word: not a recurrence
      ["Phối hợp tổ chức hội nghị người lao động, đối thoại định kỳ.", []],
      // a label that starts with Trước is not a bound
      ["Trước Đại hội: đầu tháng 12/2025.", ["đầu tháng 12/2025"]],
      // impossible dates are not dates
      ["31/02/2025 và tháng 13/2025", []],
      // "theo tháng 5/2025" is a month, not "monthly"
      ["báo cáo theo tháng 5/2025", ["tháng 5/2025"]],
      // the number of a document is not a date
      ["Công văn số 3710/TLĐ-ToC", []],
    ];
    for (const [text, phrases] of tricky)
      expect(
        findDatePhrases(text).map((f) => f.text),
        text,
      ).toEqual(phrases);
  });

  it("refuses text that is not one phrase", () => {
    for (const bad of ["", "mai", "sớm nhất có thể", "tháng sau", "05/7/2025 hoặc 06/7/2025", "x".repeat(10_000)])
      expect(readDatePhrase(bad)).toBeUndefined();
  });

  it("never throws on random or truncated input", () => {
    const alphabet = "trước ngày tháng năm quý đầu giữa cuối sau tuần hàng định kỳ 0123456789/.-,() \n:IVX";
    let seed = 7;
    const rnd = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let i = 0; i < 2000; i++) {
      const s = Array.from(
        { length: Math.floor(rnd() * 80) },
        () => alphabet[Math.floor(rnd() * alphabet.length)],
      ).join("");
      expect(() => findDatePhrases(s)).not.toThrow();
      expect(() => readDatePhrase(s)).not.toThrow();
    }
    expect(findDatePhrases(undefined as unknown as string)).toEqual([]);
  });
});

describe("turning a precision into a due moment (Asia/Ho_Chi_Minh, DUE_TIME 23:59, early month = 5th)", () => {
  const due = (p: string, s = S) => local(dueMoment(readDatePhrase(p)!.spec, s));
  it("a day, a bound and a time", () => {
    expect(due("05/7/2025")).toBe("23:59 05/07/2025");
    expect(due("chậm nhất ngày 05/7/2025")).toBe("23:59 05/07/2025");
    expect(due("trước ngày 05/7/2025")).toBe("23:59 04/07/2025");
    expect(due("trước 17h00 ngày 05/7/2025")).toBe("17:00 05/07/2025");
  });
  it("month parts, quarters, halves and years", () => {
    expect(due("đầu tháng 6/2025")).toBe("23:59 05/06/2025");
    expect(due("giữa tháng 6/2025")).toBe("23:59 15/06/2025");
    expect(due("cuối tháng 2/2028")).toBe("23:59 29/02/2028");
    expect(due("tháng 12/2025")).toBe("23:59 31/12/2025");
    expect(due("quý I/2026")).toBe("23:59 31/03/2026");
    expect(due("6 tháng đầu năm 2026")).toBe("23:59 30/06/2026");
    expect(due("cuối năm 2026")).toBe("23:59 31/12/2026");
  });
  it("follows the settings", () => {
    expect(due("đầu tháng 6/2025", { ...S, earlyMonthDay: 3, dueTime: "17:00" })).toBe("17:00 03/06/2025");
    expect(dueMoment(readDatePhrase("đầu tháng 6/2025")!.spec, S)!.toISOString()).toBe("2025-06-05T16:59:00.000Z");
  });
  it("a relative deadline waits for its anchor; then it is the anchor day plus the offset", () => {
    expect(dueMoment({ precision: "relative", offsetDays: 7, anchor: "kết thúc hội nghị" }, S)).toBeUndefined();
    expect(local(relativeDue(7, new Date("2025-10-20T09:00:00+07:00"), S))).toBe("23:59 27/10/2025");
  });
  it("a recurrence creates each occurrence; one moment ending several periods is one occurrence", () => {
    const year = occurrences(
      ["quarter", "half-year", "year"],
      undefined,
      new Date("2026-01-01T00:00:00+07:00"),
      new Date("2027-01-01T00:00:00+07:00"),
      S,
    );
    expect(year.map((o) => local(o.dueAt))).toEqual([
      "23:59 31/03/2026",
      "23:59 30/06/2026",
      "23:59 30/09/2026",
      "23:59 31/12/2026",
    ]);
    expect(year[3]!.label).toBe("quý IV/2026; 6 tháng cuối năm 2026; năm 2026");
    const weekly = occurrences(
      ["week", "month"],
      [5, 7],
      new Date("2025-01-01T00:00:00+07:00"),
      new Date("2026-01-01T00:00:00+07:00"),
      S,
    );
    expect(weekly.every((o) => ["05", "07"].includes(local(o.dueAt)!.slice(9, 11)))).toBe(true);
    expect(weekly.filter((o) => o.kinds.includes("week"))).toHaveLength(9); // Fridays of May (5) and July (4) 2025
    expect(weekly.filter((o) => o.kinds.includes("month")).map((o) => local(o.dueAt))).toEqual([
      "23:59 31/05/2025",
      "23:59 31/07/2025",
    ]);
  });
});

describe("a recurring report on a day of the month", () => {
  const from = new Date("2026-01-01T00:00:00+07:00");
  const to = new Date("2026-05-01T00:00:00+07:00");
  const days = (phrase: string, a = from, b = to) => {
    const spec = readDatePhrase(phrase)!.spec;
    if (spec.precision !== "recurring") throw new Error(`${phrase} is not recurring`);
    return occurrences(spec.every, spec.months, a, b, S, spec).map((o) => local(o.dueAt));
  };

  it("'trước ngày 25 hằng tháng' falls due on the 24th of every month, not on its last day", () => {
    expect(days("trước ngày 25 hằng tháng")).toEqual([
      "23:59 24/01/2026",
      "23:59 24/02/2026",
      "23:59 24/03/2026",
      "23:59 24/04/2026",
    ]);
  });

  it("'ngày 25 hằng tháng' without 'trước' falls due on the 25th itself", () => {
    expect(days("ngày 25 hằng tháng")[0]).toBe("23:59 25/01/2026");
  });

  it("a day the month does not have is its last day; 'trước ngày 01' is the month before's last day", () => {
    expect(days("ngày 31 hằng tháng").slice(0, 2)).toEqual(["23:59 31/01/2026", "23:59 28/02/2026"]);
    expect(days("trước ngày 01 hằng tháng", new Date("2026-02-01T00:00:00+07:00")).slice(0, 2)).toEqual([
      "23:59 28/02/2026",
      "23:59 31/03/2026",
    ]);
  });

  it("'trước ngày 30 tháng 6 hằng năm' falls due on 29/6 each year", () => {
    expect(days("trước ngày 30 tháng 6 hằng năm", from, new Date("2028-01-01T00:00:00+07:00"))).toEqual([
      "23:59 29/06/2026",
      "23:59 29/06/2027",
    ]);
  });

  it("a recurrence with no day keeps the period's end", () => {
    expect(days("hằng tháng").slice(0, 2)).toEqual(["23:59 31/01/2026", "23:59 28/02/2026"]);
  });
});

describe("a recurring deadline stored by the deadlines service", () => {
  afterAll(closeAll);

  it("keeps the day of the month of 'trước ngày 25 hằng tháng' in its occurrences", async () => {
    const { db } = await freshDb();
    const app = await testApp({ db, clock: new FakeClock(new Date("2026-01-05T08:00:00+07:00")) });
    await giveRole(app, "1", "Cán bộ tỉnh", "staff", "LC");
    const staff = await app.services.people.resolve("telegram", "1", "Cán bộ tỉnh");
    const lc = await app.db.unit.findUniqueOrThrow({ where: { code: "LC" } });
    const phrase = "trước ngày 25 hằng tháng";
    const r = await app.services.deadlines.create(staff, {
      what: "Báo cáo tháng",
      phrase,
      spec: readDatePhrase(phrase)!.spec,
      owingUnitIds: [lc.id],
      rootUnitId: lc.id,
    });
    const stored = await app.db.deadlineOccurrence.findMany({
      where: { deadlineId: r.deadline.id },
      orderBy: { dueAt: "asc" },
    });
    expect(stored.slice(0, 2).map((o) => local(o.dueAt))).toEqual(["23:59 24/01/2026", "23:59 24/02/2026"]);
  });
});

describe("a due day with its phrase", () => {
  it("says the day once when the phrase is that day, and keeps a phrase that adds something", () => {
    const tz = "Asia/Ho_Chi_Minh";
    const due = new Date("2026-12-04T16:59:00Z");
    expect(dueWithPhrase(due, "04/12/2026", tz)).toBe("04/12/2026");
    expect(dueWithPhrase(due, "ngày 4/12/2026", tz)).toBe("04/12/2026");
    expect(dueWithPhrase(due, "trước ngày 05/12/2026", tz)).toBe("04/12/2026 (trước ngày 05/12/2026)");
    expect(dueWithPhrase(new Date("2026-03-31T16:59:00Z"), "quý I/2026", tz)).toBe("31/03/2026 (quý I/2026)");
  });
});

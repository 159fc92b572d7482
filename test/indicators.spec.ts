import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import {
  checkSplit,
  isOddJump,
  meets,
  oddFigure,
  percentReached,
  readFigure,
  rolledValue,
  rollUpTree,
  splitTarget,
} from "../src/domain/indicators.js";
import { proposeFromParsedPlan, proposeIndicators } from "../src/domain/plan-indicators.js";

const plan = (prefix: string) => {
  const dir = path.join(import.meta.dirname, "fixtures", "plans");
  const file = fs.readdirSync(dir).find((f) => f.startsWith(prefix) && f.endsWith(".txt"))!;
  return fs.readFileSync(path.join(dir, file), "utf8");
};
const brief = (text: string) =>
  proposeIndicators(text).map((p) => [p.name, p.measure, p.rollup, p.comparator, p.target, p.strive]);

describe("indicators proposed from a plan's text", () => {
  it("143/KH-LĐLĐ: no CHỈ TIÊU section; the weekly 'báo cáo số liệu' sentence asks for two counts without a target", () => {
    expect(brief(plan("143-"))).toEqual([
      ["Phát triển đoàn viên", "people", "sum", "at-least", null, false],
      ["Thành lập công đoàn cơ sở", "unions", "sum", "at-least", null, false],
    ]);
  });

  it("214/KH-LĐLĐ: every figure of CHỈ TIÊU CỤ THỂ, one per clause, with comparator, 'phấn đấu' and the right measure", () => {
    expect(brief(plan("214-"))).toEqual([
      [
        "Công đoàn cấp trên trực tiếp cơ sở cụ thể hóa nội dung kế hoạch công tác dân vận gắn với…",
        "yes-no",
        "share",
        "all",
        100,
        false,
      ],
      ["Thành lập mới CĐCS doanh nghiệp ngoài nhà nước", "unions", "sum", "at-least", 2, true],
      ["Kết nạp được đoàn viên công đoàn", "people", "sum", "at-least", 70, true],
      [
        "Cơ quan, đơn vị hành chính sự nghiệp công lập tổ chức Hội nghị cán bộ công chức viên chức",
        "yes-no",
        "share",
        "all",
        100,
        false,
      ],
      [
        "Doanh nghiệp có tổ chức công đoàn có từ 10 lao động trở lên tổ chức đối thoại, tổ chức…",
        "yes-no",
        "share",
        "all",
        100,
        false,
      ],
      ["Công đoàn cấp trên trực tiếp cơ sở xếp loại tốt", "yes-no", "share", "more-than", 80, false],
      ["Cán bộ công đoàn chuyên trách", "percent", "average", "all", 100, false],
      [
        "Cán bộ công đoàn cơ sở được tập huấn, bồi dưỡng nghiệp vụ công tác Công đoàn",
        "percent",
        "average",
        "more-than",
        85,
        false,
      ],
      [
        "Giới thiệu đoàn viên công đoàn ưu tú cho Đảng xem xét bồi dưỡng, kết nạp",
        "people",
        "sum",
        "at-least",
        500,
        false,
      ],
      [
        "Vận động CNVCLĐ tham gia ủng hộ Quỹ “Xã hội Công đoàn tỉnh” và tham gia các hoạt động xã…",
        "percent",
        "average",
        "at-least",
        90,
        false,
      ],
    ]);
  });

  it("35/KH-LĐLĐ: CHỈ TIÊU CHỦ YẾU, 'Hàng năm,' dropped from the names, 'Trên 80% công đoàn cơ sở' a share of unions", () => {
    expect(brief(plan("35-"))).toEqual([
      [
        "Đoàn viên, người lao động được tuyên truyền, quán triệt chủ trương của Đảng, chính sách…",
        "percent",
        "average",
        "all",
        100,
        false,
      ],
      [
        "Công đoàn cơ sở tham gia các phong trào thi đua, các cuộc vận động do MTTQ phát động",
        "yes-no",
        "share",
        "all",
        100,
        false,
      ],
      [
        "Công đoàn cơ sở phối hợp thực hiện quy chế dân chủ ở cơ sở, tham gia giám sát, phản biện…",
        "yes-no",
        "share",
        "all",
        100,
        false,
      ],
      ["Công đoàn cơ sở ứng dụng công nghệ thông tin trong hoạt động", "yes-no", "share", "more-than", 80, false],
    ]);
  });

  it("a plan without targets or figures proposes nothing (122/KH-LĐLĐ asks for opinions, not numbers)", () => {
    expect(proposeIndicators(plan("122-"))).toEqual([]);
  });

  it("reads the same proposal from a plan already parsed and stored (targets' sentences and reports' 'what')", () => {
    const stored = JSON.parse(
      fs.readFileSync(
        path.join(
          import.meta.dirname,
          "fixtures",
          "plans",
          "143-KH-LDLD-2025-thang-cao-diem-phat-trien-doan-vien.expected.json",
        ),
        "utf8",
      ),
    );
    expect(proposeFromParsedPlan(stored).map((p) => p.name)).toEqual([
      "Phát triển đoàn viên",
      "Thành lập công đoàn cơ sở",
    ]);
  });
});

describe("comparing, validating and rolling up figures", () => {
  it("compares with 'ít nhất/trở lên' (≥), 'trên' (>) and '100%' (all)", () => {
    expect(meets(70, 70, "at-least")).toBe(true);
    expect(meets(80, 80, "more-than")).toBe(false);
    expect(meets(80.5, 80, "more-than")).toBe(true);
    expect(meets(99, 100, "all")).toBe(false);
    expect(percentReached(35, 70)).toBe(50);
    expect(percentReached(2, 3)).toBe(66.7);
    expect(percentReached(5, null)).toBeNull();
  });

  it("reads a figure: numbers with a comma or thousands dots, no negatives, a percent at most 100, yes/no in words", () => {
    expect(readFigure("12", "people")).toEqual({ value: 12 });
    expect(readFigure("1.200", "people")).toEqual({ value: 1200 });
    expect(readFigure("85,5%", "percent")).toEqual({ value: 85.5 });
    expect(readFigure("-3", "people")).toEqual({ problem: "negative" });
    expect(readFigure("120", "percent")).toEqual({ problem: "over-100" });
    expect(readFigure("mười", "people")).toEqual({ problem: "not-a-number" });
    expect(readFigure("2,5", "unions")).toEqual({ problem: "whole-number" });
    expect(readFigure("Có", "yes-no")).toEqual({ value: 1 });
    expect(readFigure("chưa", "yes-no")).toEqual({ value: 0 });
    expect(readFigure("8", "yes-no")).toEqual({ problem: "yes-no" });
  });

  it("asks about an odd jump: over three times the last value, or below a third of it", () => {
    expect(isOddJump(40, 10, "people")).toBe(true);
    expect(isOddJump(25, 10, "people")).toBe(false);
    expect(isOddJump(2, 30, "people")).toBe(true);
    expect(isOddJump(9, 2, "people")).toBe(false);
    expect(isOddJump(12, null, "people")).toBe(false);
  });

  it("questions a figure over the unit's members, far above its target or jumping, also with no last value", () => {
    const unit = { last: null, members: 27, target: 15 };
    expect(oddFigure(1000, "people", unit)).toEqual([
      { kind: "members", members: 27 },
      { kind: "target", target: 15 },
    ]);
    expect(oddFigure(40, "people", unit)).toEqual([{ kind: "members", members: 27 }]);
    expect(oddFigure(12, "people", unit)).toEqual([]);
    expect(oddFigure(50, "people", { ...unit, last: 12 })).toEqual([
      { kind: "members", members: 27 },
      { kind: "target", target: 15 },
      { kind: "jump", last: 12 },
    ]);
    // A district's members are 0 in the sheet (its unions hold them) and no target: nothing to compare with.
    expect(oddFigure(1000, "people", { last: null, members: 0, target: null })).toEqual([]);
    expect(oddFigure(60, "unions", { last: null, members: 27, target: 2 })).toEqual([{ kind: "target", target: 2 }]);
    expect(oddFigure(100, "percent", { last: 10, members: 27, target: 15 })).toEqual([{ kind: "jump", last: 10 }]);
    expect(oddFigure(1, "yes-no", { last: 0, members: 27, target: 1 })).toEqual([]);
  });

  it("rolls own aggregates up to every ancestor and reads them as a sum, an average or a share of units meeting", () => {
    const units = [
      { id: 1, parentId: null },
      { id: 2, parentId: 1 },
      { id: 3, parentId: 2 },
      { id: 4, parentId: 2 },
      { id: 5, parentId: 1 },
    ];
    const own = new Map([
      [3, { sum: 10, reported: 1, met: 1 }],
      [4, { sum: 4, reported: 1, met: 0 }],
      [5, { sum: 6, reported: 1, met: 1 }],
    ]);
    const total = rollUpTree(1, units, own);
    expect(total.get(2)).toEqual({ sum: 14, reported: 2, met: 1 });
    expect(total.get(1)).toEqual({ sum: 20, reported: 3, met: 2 });
    expect(rolledValue(total.get(1)!, "sum")).toBe(20);
    expect(rolledValue(total.get(1)!, "average")).toBe(6.7);
    // A share is over the units that reported (2 of 3 meet it), whatever the number owing.
    expect(rolledValue(total.get(1)!, "share")).toBe(66.7);
    expect(rolledValue({ sum: 0, reported: 0, met: 0 }, "share")).toBeNull();
  });
});

describe("splitting a parent's target among its children", () => {
  const kids = [
    { id: 1, members: 27 },
    { id: 2, members: 145 },
    { id: 3, members: 28 },
  ];
  it("evenly, the remainder going to the first ones", () => {
    expect([...splitTarget(70, kids, "even", "people").values()]).toEqual([24, 23, 23]);
  });
  it("in proportion to membership by largest remainders, adding up exactly", () => {
    const split = [...splitTarget(70, kids, "members", "people").values()];
    expect(split).toEqual([9, 51, 10]);
    expect(split.reduce((a, b) => a + b)).toBe(70);
  });
  it("gives each child the parent's percent instead of dividing it", () => {
    expect([...splitTarget(80, kids, "even", "percent").values()]).toEqual([80, 80, 80]);
  });
  it("checks the sum under a parent, saying both figures", () => {
    expect(checkSplit(70, [30, 30, 10], "people")).toEqual({ ok: true });
    expect(checkSplit(70, [30, 30], "people")).toEqual({
      ok: false,
      parentTarget: 70,
      childrenSum: 60,
      difference: -10,
    });
    expect(checkSplit(80, [80, 90], "percent")).toEqual({ ok: true });
  });
});

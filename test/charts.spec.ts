import * as vega from "vega";
import { compile, type TopLevelSpec } from "vega-lite";
import { describe, expect, it } from "vitest";
import { periodText } from "../src/domain/dates/periods.js";
import { createI18n, type Language } from "../src/i18n.js";
import {
  type ChartLabels,
  tallyChartLabels,
  tallyChartPng,
  tallyChartRows,
  tallyChartSpec,
} from "../src/reports/chart.js";
import { MAX_BARS, uniqueLabels, withinPhotoLimits } from "../src/reports/chart-bars.js";
import {
  type FiguresChartLabels,
  figuresChartData,
  figuresChartLabels,
  figuresChartPng,
  figuresChartSpec,
} from "../src/reports/figures-chart.js";
import { childCode, childShare, progressOf, tallyOf } from "./helpers/chart-data.js";

const i18n = createI18n();

function tallyLabels(lang: Language): ChartLabels {
  return tallyChartLabels(i18n.forLanguage(lang), "D1", "Liên đoàn Lao động tỉnh Lai Châu");
}

function progressLabels(lang: Language): FiguresChartLabels {
  return figuresChartLabels(i18n.forLanguage(lang), "H3", "Liên đoàn Lao động tỉnh Lai Châu");
}

/** Every text the picture draws (the SVG vega makes before resvg turns it into a PNG). */
async function textsOf(spec: TopLevelSpec): Promise<string[]> {
  const view = new vega.View(vega.parse(compile(spec).spec), { renderer: "none" });
  const svg = await view.toSVG();
  view.finalize();
  return [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) =>
    m[1]!.replace(/&amp;/g, "&").replace(/&lt;/g, "<").replace(/&gt;/g, ">"),
  );
}

const dataOf = (n: number, lang: Language = "vi", measure: "people" | "percent" = "people") =>
  figuresChartData(progressOf(n, measure, measure === "people" ? "sum" : "average"), (o) =>
    periodText(i18n.forLanguage(lang), o.label),
  );

describe("the tally chart of a unit with many children", () => {
  it.each([10, 100, 2000])("draws at most 25 bars for %i children, the ones taking part least", (n) => {
    const { rows, notDrawn } = tallyChartRows(tallyOf(n));
    expect(rows.length).toBe(Math.min(n, MAX_BARS));
    expect(notDrawn).toBe(Math.max(0, n - MAX_BARS));
    const lowest = Array.from({ length: n }, (_, k) => k + 1)
      .map((i) => childShare(i))
      .sort((a, b) => a - b)
      .slice(0, MAX_BARS);
    expect(rows.map((r) => r.participation)).toEqual(n <= MAX_BARS ? rows.map((_, k) => childShare(k + 1)) : lowest);
  });

  it("labels every bar differently: same names and names alike in their first characters get their code", () => {
    const { rows } = tallyChartRows(tallyOf(100));
    expect(new Set(rows.map((r) => r.unit)).size).toBe(rows.length);
    for (const r of rows) expect(r.unit.length).toBeLessThanOrEqual(38);
    const few = tallyChartRows(tallyOf(10)).rows.map((r) => r.unit);
    expect(few[2]).toBe("Công đoàn Trường Tiểu học"); // the only one of that name among ten: no code needed
    expect(few[0]).toBe(`Công đoàn cơ sở Công ty Cổ … (${childCode(1)})`);
  });

  it("says under the title how many children are not drawn, in the reader's language", async () => {
    expect(await textsOf(tallyChartSpec(tallyOf(2000), tallyLabels("vi"), "vi"))).toContain(
      "1.975 đơn vị khác không vẽ ở đây (đã vẽ 25 đơn vị có tỷ lệ góp ý thấp nhất); danh sách đầy đủ: /xuatbaocao",
    );
    const en = await textsOf(tallyChartSpec(tallyOf(26), tallyLabels("en"), "en"));
    expect(en).toContain("1 other unit not drawn (drawn: the 25 with the lowest participation); full list: /export");
    expect((await textsOf(tallyChartSpec(tallyOf(25), tallyLabels("vi"), "vi"))).join(" ")).not.toContain("không vẽ");
  });

  it.each([1, 10, 100, 2000])(
    "fits Telegram's photo limits with %i children",
    async (n) => {
      const png = await tallyChartPng(tallyOf(n), tallyLabels("vi"), "vi");
      expect(withinPhotoLimits(png.width, png.height)).toBe(true);
      expect(png.height).toBeLessThan(1200);
    },
    60_000,
  );
});

describe("the progress chart of a unit with many children", () => {
  it.each([10, 100, 2000])(
    "draws at most 25 bars for %i children, those not reported and furthest behind first",
    (n) => {
      const ind = dataOf(n).indicators[0]!;
      expect(ind.units.length).toBe(Math.min(n, MAX_BARS));
      expect(ind.notDrawn).toBe(Math.max(0, n - MAX_BARS));
      expect(new Set(ind.units.map((u) => u.unit)).size).toBe(ind.units.length);
      if (n > MAX_BARS) {
        // Children 5, 16, 27, … (i % 11 = 5) have reported nothing: they are the furthest behind.
        expect(ind.units[0]!.unit).toContain(`(${childCode(5)})`);
        const values = ind.units.map((u) => u.value);
        expect(values).toEqual([...values].sort((a, b) => a - b));
      }
    },
  );

  it.each([1, 10, 100, 2000])(
    "fits Telegram's photo limits with %i children",
    async (n) => {
      const png = await figuresChartPng(dataOf(n), progressLabels("vi"), "vi");
      expect(withinPhotoLimits(png.width, png.height)).toBe(true);
    },
    60_000,
  );

  it("names the periods as the text does ('quý IV/2026', 'Q4 2026'), never a day such as 31/12", async () => {
    const vi = await textsOf(figuresChartSpec(dataOf(10), progressLabels("vi"), "vi"));
    expect(vi).toContain("quý IV/2026");
    expect(vi.join(" ")).not.toMatch(/\b31\/12\b/);
    const en = dataOf(10, "en").indicators[0]!.trend.map((x) => x.period);
    expect(en.at(-1)).toBe(periodText(i18n.forLanguage("en"), "quý IV/2026"));
    expect(en.at(-1)).not.toContain("quý");
  });

  it("writes numbers as the text does: 1.000 in Vietnamese, 1,000 in English", async () => {
    const vi = await textsOf(figuresChartSpec(dataOf(10), progressLabels("vi"), "vi"));
    expect(vi).toContain("1.000");
    expect(vi).not.toContain("1000");
    expect(vi).toContain("Lũy kế theo kỳ — chỉ tiêu 10.000");
    const en = await textsOf(figuresChartSpec(dataOf(10, "en"), progressLabels("en"), "en"));
    expect(en).toContain("1,000");
    expect(en).toContain("Running total by period — target 10,000");
  });

  it("draws a percent figure period by period, not as a running total, against a target in the legend", async () => {
    const texts = await textsOf(figuresChartSpec(dataOf(10, "vi", "percent"), progressLabels("vi"), "vi"));
    expect(texts).toContain("Số liệu từng kỳ — chỉ tiêu 80%");
    expect(texts.join(" ")).not.toContain("Lũy kế");
    expect(texts).toContain("Số liệu (%)");
    // The target is named once, in the legend beside the figure's colour, never printed over a bar.
    expect(texts.filter((x) => x === "Chỉ tiêu")).toHaveLength(1);
    expect(texts.filter((x) => x === "Số liệu")).toHaveLength(1);
    expect(texts.join(" ")).not.toMatch(/Chỉ tiêu: \d/);
    const trend = dataOf(10, "vi", "percent").indicators[0]!.trend.map((x) => x.value);
    expect(trend.at(-1)).toBe(73); // the last period's own share, not a sum of the twelve
  });
});

describe("a unit that sent no figure", () => {
  it("is drawn with the words 'chưa báo cáo' where its bar would be, not as a bare zero", async () => {
    const data = dataOf(100);
    const units = data.indicators[0]!.units;
    // Children 5, 16, 27, … have reported nothing: drawn first, marked; a unit that reported is not.
    expect(units[0]).toMatchObject({ value: 0, unreported: true });
    expect(units.filter((u) => u.unreported).length).toBe(9);
    expect(units.at(-1)!.unreported).toBeUndefined();
    const vi = await textsOf(figuresChartSpec(data, progressLabels("vi"), "vi"));
    expect(vi.filter((x) => x === "chưa báo cáo")).toHaveLength(9);
    const en = await textsOf(figuresChartSpec(dataOf(100, "en"), progressLabels("en"), "en"));
    expect(en.filter((x) => x === "not reported")).toHaveLength(9);
  });
});

describe("unique labels", () => {
  it("keeps codes whole and adds them only where two labels would read the same", () => {
    const units = [
      { code: "LC-TP", name: "Liên đoàn Lao động tỉnh số một của vùng Tây Bắc" },
      { code: "LC-TQ", name: "Liên đoàn Lao động tỉnh số một của vùng Đông Bắc" },
      { code: "LC-X", name: "Công đoàn ngành Giáo dục" },
      { code: "LC-Y", name: "Công đoàn ngành Giáo dục (LC-Z)" },
      { code: "LC-Z", name: "Công đoàn ngành Giáo dục" },
    ];
    const labels = uniqueLabels(units);
    expect(new Set(labels).size).toBe(units.length);
    expect(labels[0]).toMatch(/… \(LC-TP\)$/);
    expect(labels[1]).toMatch(/… \(LC-TQ\)$/);
    expect(labels[2]).toBe("Công đoàn ngành Giáo dục (LC-X)");
    // A name that reads like another's label with its code gets its own code too.
    expect(labels[3]).toBe("Công đoàn ngành Giáo dục (LC-Z) (LC-Y)");
    expect(labels[4]).toBe("Công đoàn ngành Giáo dục (LC-Z)");
    expect(uniqueLabels([{ code: "A", name: "Tam Đường" }])).toEqual(["Tam Đường"]);
  });
});

/**
 * The tally chart: participation and opinions per child unit, drawn by vega-lite → vega SVG → resvg PNG with DejaVu
 * Sans
 * (shipped by the dejavu-fonts-ttf package), so Vietnamese labels render the same on every machine, offline.
 */
import { createRequire } from "node:module";
import { Resvg } from "@resvg/resvg-js";
import * as vega from "vega";
import { compile, type TopLevelSpec } from "vega-lite";
import { participation, type TallyNode } from "../domain/tally.js";
import type { Language } from "../i18n.js";
import type { Tally } from "../services/tally.js";
import { AXIS_NUMBER, chartLocale, MAX_BARS, pickBars, uniqueLabels } from "./chart-bars.js";
import type { T } from "./format.js";

const require = createRequire(import.meta.url);
export const CHART_FONT_FILE = require.resolve("dejavu-fonts-ttf/ttf/DejaVuSans.ttf");
const FONT = "DejaVu Sans";

export interface ChartLabels {
  title: string;
  participation: string;
  opinions: string;
  individual: string;
  meeting: string;
  unit: string;
  /** Said under the title when children were left out: "n others not drawn". */
  notDrawn: (n: number) => string;
}

/** The tally chart's words in the reader's language: the bot's picture and the web view's chart say the same. */
export function tallyChartLabels(t: T, consultationCode: string, unitName: string): ChartLabels {
  return {
    title: t("chart-title", { code: consultationCode, unit: unitName }),
    participation: t("chart-participation"),
    opinions: t("chart-opinions"),
    individual: t("chart-individual"),
    meeting: t("chart-meeting"),
    unit: t("chart-unit"),
    notDrawn: (n) => t("chart-not-drawn", { n, drawn: MAX_BARS }),
  };
}

export const CHART_WIDTH = 900;

/** Lowest participation first (no members counts as none), then by code: the children furthest behind. */
const furthestBehind = (a: TallyNode, b: TallyNode) =>
  (participation(a.total) ?? 0) - (participation(b.total) ?? 0) || (a.unit.code < b.unit.code ? -1 : 1);

/** The rows the tally chart draws: at most 25 children (the furthest behind when more), each with a unique label. */
export function tallyChartRows(tally: Tally): {
  rows: { unit: string; participation: number; individual: number; meeting: number }[];
  notDrawn: number;
} {
  const { drawn, notDrawn } = pickBars(tally.root.children.length ? tally.root.children : [tally.root], furthestBehind);
  const labels = uniqueLabels(drawn.map((n) => n.unit));
  const rows = drawn.map((n, i) => ({
    unit: labels[i]!,
    participation: participation(n.total) ?? 0,
    individual: n.total.opinions,
    meeting: n.total.meetingOpinions,
  }));
  return { rows, notDrawn };
}

export async function tallyChartPng(
  tally: Tally,
  labels: ChartLabels,
  lang: Language,
): Promise<{ png: Uint8Array; width: number; height: number }> {
  return renderChartPng(tallyChartSpec(tally, labels, lang));
}

/** The Vega-Lite spec of the tally chart (the chat's picture and the web view's SVG). */
export function tallyChartSpec(tally: Tally, labels: ChartLabels, lang: Language): TopLevelSpec {
  const { rows, notDrawn } = tallyChartRows(tally);
  const opinions = rows.flatMap((r) => [
    { unit: r.unit, source: labels.individual, count: r.individual },
    { unit: r.unit, source: labels.meeting, count: r.meeting },
  ]);
  const barHeight = Math.max(120, rows.length * 22);
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v5.json",
    title: {
      text: labels.title,
      font: FONT,
      fontSize: 15,
      ...(notDrawn ? { subtitle: labels.notDrawn(notDrawn), subtitleFont: FONT, subtitleFontSize: 13 } : {}),
    },
    config: {
      locale: chartLocale(lang),
      font: FONT,
      view: { stroke: null },
      axis: { labelFont: FONT, titleFont: FONT, labelLimit: 0 },
      legend: { labelFont: FONT, titleFont: FONT },
    },
    background: "white",
    padding: 12,
    hconcat: [
      {
        data: { values: rows },
        width: 260,
        height: barHeight,
        mark: { type: "bar", color: "#2b6cb0" },
        encoding: {
          y: { field: "unit", type: "nominal", sort: null, title: null },
          x: {
            field: "participation",
            type: "quantitative",
            title: labels.participation,
            scale: { domain: [0, 100] },
            axis: { format: AXIS_NUMBER },
          },
        },
      },
      {
        data: { values: opinions },
        width: 260,
        height: barHeight,
        mark: "bar",
        encoding: {
          y: { field: "unit", type: "nominal", sort: null, axis: null },
          x: {
            field: "count",
            type: "quantitative",
            title: labels.opinions,
            stack: "zero",
            axis: { format: AXIS_NUMBER, tickMinStep: 1 },
          },
          color: {
            field: "source",
            type: "nominal",
            title: null,
            scale: { range: ["#dd6b20", "#38a169"] },
            legend: { orient: "bottom" },
          },
        },
      },
    ],
  };
}

/** A vega-lite chart as SVG text, drawn by vega (the web view shows it as an image). */
export async function renderChartSvg(spec: TopLevelSpec): Promise<string> {
  const view = new vega.View(vega.parse(compile(spec).spec), { renderer: "none" });
  const svg = await view.toSVG();
  view.finalize();
  return svg;
}

/** A vega-lite chart drawn to SVG by vega, then to a PNG CHART_WIDTH wide by resvg with DejaVu Sans. */
export async function renderChartPng(spec: TopLevelSpec): Promise<{ png: Uint8Array; width: number; height: number }> {
  const svg = await renderChartSvg(spec);
  const resvg = new Resvg(svg, {
    fitTo: { mode: "width", value: CHART_WIDTH },
    font: { fontFiles: [CHART_FONT_FILE], loadSystemFonts: false, defaultFontFamily: FONT, sansSerifFamily: FONT },
    background: "white",
  });
  const image = resvg.render();
  return { png: new Uint8Array(image.asPng()), width: image.width, height: image.height };
}

/**
 * The /tiendo chart: per indicator (at most four), the children's progress as bars with each one's target as a tick
 * (at most 25 bars: the children furthest behind when there are more, saying how many are not drawn), and the trend
 * of the whole subtree period by period under the target line: the running total for people and unions, each
 * period's own figure for percents and yes/no shares. Targets are in the legend, never printed over a bar; numbers as
 * the text writes them; periods named as the text names them ("quý IV/2026"). vega-lite → SVG → PNG (resvg, DejaVu
 * Sans), like the tally chart.
 */
import type { TopLevelSpec } from "vega-lite";
import type { Measure } from "../domain/indicators.js";
import type { Language } from "../i18n.js";
import type { Progress, ProgressUnit } from "../services/progress.js";
import { renderChartPng } from "./chart.js";
import { AXIS_NUMBER, chartLocale, MAX_BARS, pickBars, uniqueLabels } from "./chart-bars.js";
import { num, type T } from "./format.js";

const FONT = "DejaVu Sans";
const MAX_INDICATORS = 4;
/** Periods drawn in the trend: the latest ones (the text's trend shows as many). */
const MAX_PERIODS = 12;
const VALUE_COLOR = "#38a169";
const TARGET_COLOR = "#c53030";

export interface FiguresChartLabels {
  title: string;
  byUnit: string;
  /** The trend's title for people and unions: the running total by period. */
  trend: string;
  /** The trend's title for percents and yes/no shares: each period's own figure. */
  trendByPeriod: string;
  value: string;
  target: string;
  period: string;
  /** Said under an indicator's name when children were left out: "n others not drawn". */
  notDrawn: (n: number) => string;
  /** Written where a unit that sent no figure has no bar, so it is not read as a zero ("chưa báo cáo"). */
  notReported?: string;
}

/** The chart's words in the reader's language: the bot's picture and the web view's chart say the same. */
export function figuresChartLabels(t: T, deadlineCode: string, unitName: string): FiguresChartLabels {
  return {
    title: t("progress-chart-title", { code: deadlineCode, unit: unitName }),
    byUnit: t("chart-unit"),
    trend: t("progress-chart-trend"),
    trendByPeriod: t("progress-chart-trend-period"),
    value: t("progress-chart-value"),
    target: t("figures-col-target"),
    period: t("progress-chart-period"),
    notDrawn: (n) => t("progress-chart-not-drawn", { n, drawn: MAX_BARS }),
    notReported: t("progress-chart-not-reported"),
  };
}

export interface FiguresChartData {
  indicators: {
    name: string;
    measure: Measure;
    /** The trend is a running total (people, unions), not each period's own figure. */
    running: boolean;
    target: number | null;
    /** `unreported`: the unit sent no figure (drawn as 0, with the words saying so). */
    units: { unit: string; value: number; target: number | null; unreported?: true }[];
    /** Children not drawn (the chart shows the 25 furthest behind). */
    notDrawn: number;
    trend: { period: string; value: number }[];
  }[];
}

const short = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

/**
 * Furthest behind first: no figure at all, then the lowest share of its target reached, then (where there is no
 * target) the lowest figure; code order among equals.
 */
function furthestBehind(a: ProgressUnit, b: ProgressUnit): number {
  const rank = (p: ProgressUnit) => (p.value === null ? 0 : p.target !== null ? 1 : 2);
  const score = (p: ProgressUnit) => (p.value === null ? 0 : p.target !== null ? (p.percent ?? 0) : p.value);
  return rank(a) - rank(b) || score(a) - score(b) || (a.unit.code < b.unit.code ? -1 : 1);
}

/** Period labels made unique (two occurrences a plan names alike get their number). */
function distinct(labels: string[]): string[] {
  const count = new Map<string, number>();
  for (const l of labels) count.set(l, (count.get(l) ?? 0) + 1);
  return labels.map((l, i) => ((count.get(l) ?? 0) > 1 ? `${l} (${i + 1})` : l));
}

/**
 * What the chart shows, as numbers (tests compare these with a hand computation). `periodName` says an occurrence's
 * period as the text does (periodText of its label).
 */
export function figuresChartData(
  p: Progress,
  periodName: (occurrence: { label: string; dueAt: Date }) => string,
): FiguresChartData {
  return {
    indicators: p.indicators.slice(0, MAX_INDICATORS).map((ind) => {
      const { drawn, notDrawn } = pickBars(ind.children.length ? ind.children : [ind.total], furthestBehind);
      const labels = uniqueLabels(drawn.map((c) => c.unit));
      const trend = ind.trend.slice(-MAX_PERIODS);
      const periods = distinct(trend.map((x) => periodName(x)));
      return {
        name: ind.indicator.name,
        measure: ind.indicator.measure,
        running: ind.indicator.rollup === "sum",
        target: ind.total.target,
        units: drawn.map((c, i) => ({
          unit: labels[i]!,
          value: c.value ?? 0,
          target: c.target,
          ...(c.value === null ? { unreported: true as const } : {}),
        })),
        notDrawn,
        trend: trend.map((x, i) => ({ period: periods[i]!, value: x.value ?? 0 })),
      };
    }),
  };
}

const isPercent = (m: Measure) => m === "percent" || m === "yes-no";

/** The colour legend shared by every panel: the figure's bars and the targets' ticks and line. */
const legendColor = (l: FiguresChartLabels, which: "value" | "target") => ({
  datum: which === "value" ? l.value : l.target,
  type: "nominal",
  scale: { domain: [l.value, l.target], range: [VALUE_COLOR, TARGET_COLOR] },
  legend: { orient: "top", title: null, symbolType: "stroke", symbolStrokeWidth: 6 },
});

function row(ind: FiguresChartData["indicators"][number], l: FiguresChartLabels, lang: Language): object[] {
  const height = Math.max(110, ind.units.length * 20);
  const percent = isPercent(ind.measure);
  const top = Math.max(1, ...ind.units.map((u) => Math.max(u.value, u.target ?? 0)));
  const domain = [0, percent ? Math.max(100, Math.ceil(top)) : Math.ceil(top * 1.1)];
  const targets = ind.units.filter((u) => u.target !== null);
  const unreported = ind.units.filter((u) => u.unreported);
  const trendTop = Math.max(1, ...ind.trend.map((x) => x.value), ind.target ?? 0);
  const trendDomain = [0, percent ? Math.max(100, Math.ceil(trendTop)) : Math.ceil(trendTop * 1.1)];
  const valueTitle = percent ? `${l.value} (%)` : l.value;
  const trendLayers: object[] = [
    {
      mark: { type: "bar" },
      encoding: {
        x: { field: "period", type: "ordinal", sort: null, title: l.period, axis: { labelAngle: -45 } },
        // Its own domain from 0: with no report yet (all zero) Vega drew one tick labelled "0.000000".
        y: {
          field: "value",
          type: "quantitative",
          title: valueTitle,
          axis: { tickMinStep: 1, format: AXIS_NUMBER },
          scale: { domain: trendDomain },
        },
        color: legendColor(l, "value"),
      },
    },
  ];
  if (ind.target !== null)
    trendLayers.push({
      data: { values: [{ target: ind.target }] },
      mark: { type: "rule", strokeWidth: 2, strokeDash: [6, 3] },
      encoding: { y: { field: "target", type: "quantitative" }, color: legendColor(l, "target") },
    });
  const target =
    ind.target === null ? "" : ` — ${l.target.toLowerCase()} ${num(ind.target, lang)}${percent ? "%" : ""}`;
  const trendTitle = `${ind.running ? l.trend : l.trendByPeriod}${target}`;
  return [
    {
      title: {
        text: short(ind.name, 60),
        anchor: "start",
        fontSize: 13,
        font: FONT,
        ...(ind.notDrawn ? { subtitle: l.notDrawn(ind.notDrawn), subtitleFont: FONT, subtitleFontSize: 12 } : {}),
      },
      width: 300,
      height,
      data: { values: ind.units },
      layer: [
        {
          mark: { type: "bar" },
          encoding: {
            y: { field: "unit", type: "nominal", sort: null, title: null },
            x: {
              field: "value",
              type: "quantitative",
              title: valueTitle,
              axis: { tickMinStep: 1, format: AXIS_NUMBER },
              scale: { domain, nice: false },
            },
            color: legendColor(l, "value"),
          },
        },
        ...(unreported.length && l.notReported
          ? [
              {
                data: { values: unreported },
                mark: { type: "text", align: "left", dx: 4, color: "#6b6b6b", fontStyle: "italic", fontSize: 11 },
                encoding: {
                  y: { field: "unit", type: "nominal", sort: null },
                  x: { datum: 0, type: "quantitative" },
                  text: { value: l.notReported },
                },
              },
            ]
          : []),
        ...(targets.length
          ? [
              {
                data: { values: targets },
                mark: { type: "tick", thickness: 3 },
                encoding: {
                  y: { field: "unit", type: "nominal", sort: null },
                  x: { field: "target", type: "quantitative" },
                  color: legendColor(l, "target"),
                },
              },
            ]
          : []),
      ],
    },
    {
      title: { text: trendTitle, anchor: "start", fontSize: 13, font: FONT },
      width: 300,
      height,
      data: { values: ind.trend },
      layer: trendLayers,
    },
  ];
}

/** The Vega-Lite spec of the /tiendo chart (rendered by figuresChartPng). */
export function figuresChartSpec(data: FiguresChartData, labels: FiguresChartLabels, lang: Language): TopLevelSpec {
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v5.json",
    title: { text: labels.title, font: FONT, fontSize: 15 },
    config: {
      locale: chartLocale(lang),
      font: FONT,
      view: { stroke: null },
      axis: { labelFont: FONT, titleFont: FONT, labelLimit: 0 },
      legend: { labelFont: FONT, titleFont: FONT, labelFontSize: 12 },
      title: { font: FONT },
      text: { font: FONT },
    },
    background: "white",
    padding: 12,
    vconcat: data.indicators.map((ind) => ({ hconcat: row(ind, labels, lang) })),
  } as TopLevelSpec;
}

export async function figuresChartPng(
  data: FiguresChartData,
  labels: FiguresChartLabels,
  lang: Language,
): Promise<{ png: Uint8Array; width: number; height: number }> {
  return renderChartPng(figuresChartSpec(data, labels, lang));
}

/**
 * The /tiendo chart: per indicator (at most four), the children's progress as bars with each one's target as a tick,
 * and the trend of the whole subtree period by period as bars under the target line. vega-lite → SVG → PNG (resvg,
 * DejaVu Sans), like the tally chart.
 */
import type { TopLevelSpec } from "vega-lite";
import type { Progress } from "../services/progress.js";
import { renderChartPng } from "./chart.js";

const FONT = "DejaVu Sans";
const MAX_INDICATORS = 4;
const MAX_BARS = 20;

export interface FiguresChartLabels {
  title: string;
  byUnit: string;
  trend: string;
  value: string;
  target: string;
  period: string;
}

export interface FiguresChartData {
  indicators: {
    name: string;
    target: number | null;
    units: { unit: string; value: number; target: number | null }[];
    trend: { period: string; value: number }[];
  }[];
}

const short = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

/** What the chart shows, as numbers (tests compare these with a hand computation). */
export function figuresChartData(p: Progress, dayLabel: (d: Date) => string): FiguresChartData {
  return {
    indicators: p.indicators.slice(0, MAX_INDICATORS).map((ind) => ({
      name: ind.indicator.name,
      target: ind.total.target,
      units: (ind.children.length ? ind.children : [ind.total]).slice(0, MAX_BARS).map((c) => ({
        unit: short(c.unit.name, 34),
        value: c.value ?? 0,
        target: c.target,
      })),
      trend: ind.trend.map((x) => ({ period: dayLabel(x.dueAt), value: x.value ?? 0 })),
    })),
  };
}

function row(ind: FiguresChartData["indicators"][number], l: FiguresChartLabels): object[] {
  const height = Math.max(110, ind.units.length * 20);
  const top = Math.max(1, ...ind.units.map((u) => Math.max(u.value, u.target ?? 0)));
  const domain = [0, Math.ceil(top * 1.1)];
  const targets = ind.units.filter((u) => u.target !== null);
  const trendTop = Math.max(1, ...ind.trend.map((x) => x.value), ind.target ?? 0);
  const trendDomain = [0, Math.ceil(trendTop * 1.1)];
  const trendLayers: object[] = [
    {
      mark: { type: "bar", color: "#2b6cb0" },
      encoding: {
        x: { field: "period", type: "ordinal", sort: null, title: l.period, axis: { labelAngle: -45 } },
        // Its own domain from 0: with no report yet (all zero) Vega drew one tick labelled "0.000000".
        y: {
          field: "value",
          type: "quantitative",
          title: l.value,
          axis: { tickMinStep: 1, format: "~r" },
          scale: { domain: trendDomain },
        },
      },
    },
  ];
  if (ind.target !== null)
    trendLayers.push({
      data: { values: [{ target: ind.target, label: `${l.target}: ${ind.target}` }] },
      layer: [
        {
          mark: { type: "rule", color: "#c53030", strokeWidth: 2, strokeDash: [6, 3] },
          encoding: { y: { field: "target", type: "quantitative" } },
        },
        {
          mark: { type: "text", color: "#c53030", align: "left", dx: 4, dy: -7, x: 0 },
          encoding: { y: { field: "target", type: "quantitative" }, text: { field: "label" } },
        },
      ],
    });
  return [
    {
      title: { text: short(ind.name, 60), anchor: "start", fontSize: 13, font: FONT },
      width: 300,
      height,
      data: { values: ind.units },
      layer: [
        {
          mark: { type: "bar", color: "#38a169" },
          encoding: {
            y: { field: "unit", type: "nominal", sort: null, title: l.byUnit },
            x: {
              field: "value",
              type: "quantitative",
              title: l.value,
              axis: { tickMinStep: 1, format: "~r" },
              scale: { domain, nice: false },
            },
          },
        },
        ...(targets.length
          ? [
              {
                data: { values: targets },
                mark: { type: "tick", color: "#c53030", thickness: 3 },
                encoding: {
                  y: { field: "unit", type: "nominal", sort: null },
                  x: { field: "target", type: "quantitative" },
                },
              },
            ]
          : []),
      ],
    },
    {
      title: { text: l.trend, anchor: "start", fontSize: 13, font: FONT },
      width: 300,
      height,
      data: { values: ind.trend },
      layer: trendLayers,
    },
  ];
}

/** The Vega-Lite spec of the /tiendo chart (rendered by figuresChartPng). */
export function figuresChartSpec(data: FiguresChartData, labels: FiguresChartLabels): TopLevelSpec {
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v5.json",
    title: { text: labels.title, font: FONT, fontSize: 15 },
    config: {
      font: FONT,
      view: { stroke: null },
      axis: { labelFont: FONT, titleFont: FONT, labelLimit: 220 },
      title: { font: FONT },
      text: { font: FONT },
    },
    background: "white",
    padding: 12,
    vconcat: data.indicators.map((ind) => ({ hconcat: row(ind, labels) })),
  } as TopLevelSpec;
}

export async function figuresChartPng(
  data: FiguresChartData,
  labels: FiguresChartLabels,
): Promise<{ png: Uint8Array; width: number; height: number }> {
  return renderChartPng(figuresChartSpec(data, labels));
}

/**
 * The tally chart: participation and opinions per child unit, drawn by vega-lite → vega SVG → resvg PNG with DejaVu
 * Sans
 * (shipped by the dejavu-fonts-ttf package), so Vietnamese labels render the same on every machine, offline.
 */
import { createRequire } from "node:module";
import { Resvg } from "@resvg/resvg-js";
import * as vega from "vega";
import { compile, type TopLevelSpec } from "vega-lite";
import { participation } from "../domain/tally.js";
import type { Tally } from "../services/tally.js";

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
}

export const CHART_WIDTH = 900;

export async function tallyChartPng(
  tally: Tally,
  labels: ChartLabels,
): Promise<{ png: Uint8Array; width: number; height: number }> {
  return renderChartPng(tallyChartSpec(tally, labels));
}

/** The Vega-Lite spec of the tally chart (the chat's picture and the web view's SVG). */
export function tallyChartSpec(tally: Tally, labels: ChartLabels): TopLevelSpec {
  const rows = (tally.root.children.length ? tally.root.children : [tally.root]).map((n) => ({
    unit: n.unit.name.length > 38 ? `${n.unit.name.slice(0, 37)}…` : n.unit.name,
    participation: participation(n.total) ?? 0,
    individual: n.total.opinions,
    meeting: n.total.meetingOpinions,
  }));
  const opinions = rows.flatMap((r) => [
    { unit: r.unit, source: labels.individual, count: r.individual },
    { unit: r.unit, source: labels.meeting, count: r.meeting },
  ]);
  const barHeight = Math.max(120, rows.length * 22);
  const spec: TopLevelSpec = {
    $schema: "https://vega.github.io/schema/vega-lite/v5.json",
    title: { text: labels.title, font: FONT, fontSize: 15 },
    config: {
      font: FONT,
      view: { stroke: null },
      axis: { labelFont: FONT, titleFont: FONT, labelLimit: 260 },
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
          y: { field: "unit", type: "nominal", sort: null, title: labels.unit },
          x: { field: "participation", type: "quantitative", title: labels.participation, scale: { domain: [0, 100] } },
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
            axis: { format: "d", tickMinStep: 1 },
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
  return spec;
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

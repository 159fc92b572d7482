/**
 * Figures of a deadline with indicators, for the unit in view: each indicator against its target by child unit and
 * period by period, with the same chart as /tiendo (as SVG).
 */
import { formatDay } from "../../domain/dates/due.js";
import { periodText } from "../../domain/dates/periods.js";
import { figuresPath } from "../../domain/web-paths.js";
import type { WebRequest } from "../route.js";
import type { Cell, ViewKit } from "../view-kit.js";

const show = (n: number | null) => (n === null ? "—" : String(n));

export async function figuresPage(kit: ViewKit, r: WebRequest): Promise<void> {
  const v = await kit.viewer(r);
  if (!v) return;
  const unit = await kit.unitInScope(r, v, r.url.searchParams.get("unit") ?? undefined);
  if (!unit) return;
  const { services, config, logger } = kit.app;
  const { t } = v;
  const tz = config.timezone;
  const deadline = await services.deadlines.byCode(r.match[1] ?? "");
  const progress = deadline ? await services.progress.compute(deadline, unit) : undefined;
  if (!deadline || !progress) return kit.problemPage(r.res, 404, v.lang, "webv-no-figures");
  const sections = progress.indicators.map((ind) => {
    const rows: Cell[][] = (ind.children.length ? ind.children : [ind.total]).map((c) => [
      kit.link(figuresPath(deadline.code, c.unit.code), c.unit.name),
      { text: show(c.value), num: true },
      { text: show(c.target), num: true },
      {
        text: c.percent === null ? "—" : `${c.percent}%`,
        num: true,
        cls: c.met === false ? "bad" : c.met ? "good" : "",
      },
      { text: `${c.reported}/${c.owing}`, num: true },
    ]);
    const trend: Cell[][] = ind.trend.map((p) => [
      `${p.label} (${formatDay(p.dueAt, tz)})`,
      { text: show(p.period), num: true },
      { text: show(p.value), num: true },
    ]);
    return kit.section(
      t("webv-indicator", { name: ind.indicator.name, value: show(ind.total.value), target: show(ind.total.target) }),
      [
        kit.table(
          [
            t("webv-col-name"),
            { text: t("webv-col-value"), num: true },
            { text: t("webv-col-target"), num: true },
            { text: "%", num: true },
            { text: t("webv-col-reported"), num: true },
          ],
          rows,
        ),
        kit.table(
          [
            t("webv-col-period"),
            { text: t("webv-col-period-value"), num: true },
            { text: t("webv-col-value"), num: true },
          ],
          trend,
        ),
      ],
    );
  });
  let chart = kit.text("", "");
  try {
    const { renderChartSvg } = await import("../../reports/chart.js");
    const { figuresChartData, figuresChartLabels, figuresChartSpec } = await import("../../reports/figures-chart.js");
    const data = figuresChartData(progress, (o) => periodText(t, o.label));
    const svg = await renderChartSvg(figuresChartSpec(data, figuresChartLabels(t, deadline.code, unit.name), v.lang));
    chart = kit.chart(svg, t("progress-chart-caption"));
  } catch (err) {
    logger.warn({ err }, "the figures chart could not be drawn");
  }
  kit.page(r.res, v, {
    title: t("webv-figures-title", { code: deadline.code, what: deadline.what, unit: unit.name }),
    crumbs: [
      { href: "/web", text: t("webv-home-title") },
      { href: `/web/unit/${encodeURIComponent(unit.code)}`, text: unit.code },
    ],
    main: [
      kit.text(t("webv-figures-period", { period: progress.occurrence.label, missing: progress.missing.length })),
      chart,
      ...sections,
    ],
  });
}

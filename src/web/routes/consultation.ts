/**
 * A consultation for the unit in view: participation and opinions by child unit (with the chat's chart, as SVG), the
 * counts by item and kind, and the opinions themselves (authors hidden when EXPORT_HIDE_AUTHORS), with the
 * /xuatbaocao files.
 */
import { OPINION_KINDS } from "../../domain/opinions.js";
import { participation } from "../../domain/tally.js";
import { consultationPath } from "../../domain/web-paths.js";
import { opinionRows } from "../../reports/report-data.js";
import type { WebRequest } from "../route.js";
import type { Cell, ViewKit } from "../view-kit.js";
import { downloadLinks, reaches } from "./downloads.js";
import { percent } from "./format.js";

/** Opinions shown on the page; the .xlsx holds them all. */
const SHOWN_OPINIONS = 300;

export async function consultationPage(kit: ViewKit, r: WebRequest): Promise<void> {
  const v = await kit.viewer(r);
  if (!v) return;
  const lang = v.lang;
  const unit = await kit.unitInScope(r, v, r.url.searchParams.get("unit") ?? undefined);
  if (!unit) return;
  const { services, config, db, logger } = kit.app;
  const consultation = await services.consultations.byCode(r.match[1] ?? "");
  if (!consultation || !reaches(consultation.rootUnit.path, unit.path))
    return kit.problemPage(r.res, 403, v.lang, "webv-outside-scope");
  const { t } = v;
  const tally = await services.tally.compute(consultation, unit);
  const nodes = tally.root.children.length ? tally.root.children : [tally.root];
  const byUnit: Cell[][] = nodes.map((n) => [
    kit.link(consultationPath(consultation.code, n.unit.code), n.unit.name),
    { text: `${n.total.people}/${n.total.members}`, num: true },
    { text: percent(n.total.people, n.total.members, v.lang, participation(n.total)), num: true },
    { text: String(n.total.opinions), num: true },
    { text: String(n.total.meetings), num: true },
    { text: String(n.total.meetingOpinions), num: true },
  ]);
  const total = tally.root.total;
  const byItem: Cell[][] = consultation.items.map((item) => {
    const own = total.byItem[item.id];
    const meeting = total.meetingByItem[item.id];
    return [
      `${item.position}. ${item.title}`,
      ...OPINION_KINDS.map((k) => ({ text: String((own?.[k] ?? 0) + (meeting?.[k] ?? 0)), num: true })),
    ];
  });
  // One more than shown tells whether the page shows them all (the .xlsx always does).
  const opinions = await opinionRows(
    db,
    tally,
    {
      hideAuthors: config.exportHideAuthors,
      timezone: config.timezone,
      voiceLabel: (s) => t("opinion-voice", { seconds: s }),
      hidden: t("report-author-hidden"),
    },
    SHOWN_OPINIONS + 1,
  );
  const quotes = opinions.slice(0, SHOWN_OPINIONS).map((o) =>
    kit.part("opinion", {
      text: o.text || t(`opinion-kind-${o.kind}`),
      meta: `${o.item}. ${o.itemTitle} · ${t(`opinion-kind-${o.kind}`)} · ${o.unitName} · ${o.author} · ${o.date}`,
    }),
  );
  const main = [
    kit.part("figure", {
      value: percent(total.people, total.members, v.lang, participation(total)),
      label: t("webv-participation", { people: total.people, members: total.members, opinions: total.opinions }),
    }),
    downloadLinks(kit, v, consultation.code, unit.code),
    kit.section(
      t("webv-by-unit"),
      [
        kit.table(
          [
            t("webv-col-name"),
            { text: t("webv-col-people"), num: true },
            { text: t("webv-col-participation"), num: true },
            { text: t("webv-col-opinions"), num: true },
            { text: t("webv-col-meetings"), num: true },
            { text: t("webv-col-meeting-opinions"), num: true },
          ],
          byUnit,
        ),
        await chart(),
      ],
      "by-unit",
    ),
    kit.section(
      t("webv-by-item"),
      kit.table(
        [t("webv-col-item"), ...OPINION_KINDS.map((k) => ({ text: t(`opinion-kind-${k}`), num: true }))],
        byItem,
      ),
      "by-item",
    ),
    kit.section(
      t("webv-opinions", { n: total.opinions }),
      quotes.length
        ? [
            ...quotes,
            ...(opinions.length > SHOWN_OPINIONS
              ? [kit.text(t("webv-more-opinions", { n: total.opinions - SHOWN_OPINIONS }), "muted")]
              : []),
          ]
        : [kit.text(t("webv-none"), "muted")],
      "opinions",
    ),
  ];
  kit.page(r.res, v, {
    title: `${consultation.code}: ${consultation.title}`,
    crumbs: [
      { href: "/web", text: t("webv-home-title") },
      { href: `/web/unit/${encodeURIComponent(unit.code)}`, text: unit.code },
    ],
    main,
  });

  async function chart() {
    try {
      const { renderChartSvg, tallyChartLabels, tallyChartSpec } = await import("../../reports/chart.js");
      const labels = tallyChartLabels(t, consultation!.code, unit!.name);
      const svg = await renderChartSvg(tallyChartSpec(tally, labels, lang));
      return kit.chart(svg, t("chart-caption"));
    } catch (err) {
      logger.warn({ err }, "the tally chart could not be drawn");
      return kit.text("", "");
    }
  }
}

/**
 * The home page: the person's scope, the latest announcements with the share acknowledged, deadlines with submitted and
 * overdue counts, open consultations with participation, and figures against targets; each a link to its page.
 */
import { participation } from "../../domain/tally.js";
import { consultationPath, figuresPath } from "../../domain/web-paths.js";
import type { Html } from "../pages.js";
import type { WebRequest } from "../route.js";
import type { Viewer, ViewKit } from "../view-kit.js";
import { percent } from "./format.js";

export async function homePage(kit: ViewKit, r: WebRequest): Promise<void> {
  const v = await kit.viewer(r);
  if (!v) return;
  const { t } = v;
  const main: Html[] = [
    kit.section(
      t("webv-scope"),
      kit.list(v.roots.map((u) => kit.link(`/web/unit/${encodeURIComponent(u.code)}`, `${u.name} (${u.code})`))),
      "scope",
    ),
    kit.section(t("webv-announcements"), await announcements(kit, v), "announcements"),
    kit.section(t("webv-deadlines"), await deadlines(kit, v), "deadlines"),
    kit.section(t("webv-consultations"), await consultations(kit, v), "consultations"),
    kit.section(t("webv-figures"), await figures(kit, v), "figures"),
  ];
  kit.page(r.res, v, { title: t("webv-home-title"), main });
}

async function announcements(kit: ViewKit, v: Viewer): Promise<Html> {
  const list = await kit.app.services.announcements.list(v.actor, 5);
  if (!list.length) return kit.text(v.t("webv-none"), "muted");
  return kit.list(
    list.map((a) =>
      kit.link(
        `/web/announcement/${a.seq}`,
        v.t("webv-announcement-line", {
          seq: a.seq,
          title: a.title,
          acked: a.acked,
          units: a.units,
          percent: percent(a.acked, a.units, v.lang),
        }),
      ),
    ),
  );
}

async function deadlines(kit: ViewKit, v: Viewer): Promise<Html> {
  const { deadlines: service } = kit.app.services;
  const { summaryOf } = await import("../../services/deadline-board.js");
  const boards = await service.boards(service.scopeOf(v.actor));
  if (!boards.length) return kit.text(v.t("webv-none"), "muted");
  const now = kit.app.clock.now();
  return kit.list(
    boards.slice(0, 20).map((b) => {
      const s = summaryOf(b, now, kit.app.config.timezone);
      return kit.link(
        `/web/deadline/${b.deadline.code}`,
        v.t("webv-deadline-line", {
          code: b.deadline.code,
          title: b.deadline.what,
          units: b.units.length,
          submitted: s.counts.submitted + s.counts.late,
          overdue: s.counts.overdue,
        }),
      );
    }),
  );
}

async function consultations(kit: ViewKit, v: Viewer): Promise<Html> {
  const { consultations: service, tally } = kit.app.services;
  const open = await service.openCovering(v.roots.map((u) => u.path));
  if (!open.length) return kit.text(v.t("webv-none"), "muted");
  const lines: Html[] = [];
  for (const c of open.slice(0, 10)) {
    // The tally of the viewer's own unit under the consultation (or the consultation's root, when below it).
    const root =
      v.roots.find((u) => u.path.startsWith(c.rootUnit.path)) ?? (await kit.app.services.units.byId(c.rootUnitId));
    if (!root) continue;
    const counts = (await tally.compute(c, root)).root.total;
    lines.push(
      kit.link(
        consultationPath(c.code, root.code),
        v.t("webv-consultation-line", {
          code: c.code,
          title: c.title,
          people: counts.people,
          members: counts.members,
          percent: percent(counts.people, counts.members, v.lang, participation(counts)),
        }),
      ),
    );
  }
  return kit.list(lines);
}

async function figures(kit: ViewKit, v: Viewer): Promise<Html> {
  const { progress } = kit.app.services;
  const lines: Html[] = [];
  for (const root of v.roots) {
    for (const d of (await progress.figureDeadlinesIn(root)).slice(-5)) {
      const p = await progress.compute(d, root);
      if (!p) continue;
      for (const ind of p.indicators)
        lines.push(
          kit.link(
            figuresPath(d.code, root.code),
            v.t("webv-figure-line", {
              code: d.code,
              indicator: ind.indicator.name,
              value: ind.total.value ?? "—",
              target: ind.total.target ?? "—",
              percent: ind.total.percent === null ? "—" : `${ind.total.percent}%`,
            }),
          ),
        );
    }
  }
  return lines.length ? kit.list(lines) : kit.text(v.t("webv-none"), "muted");
}

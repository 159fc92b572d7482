/**
 * A deadline: per period (one page each, the focus period first), every owing unit in the viewer's scope with its
 * state: upcoming, due today, overdue N days, submitted on time or late, excused.
 */
import { formatDay } from "../../domain/dates/due.js";
import { type UnitState, unitState } from "../../domain/occurrences.js";
import type { Translate } from "../../i18n.js";
import { recordOf } from "../../services/deadline-board.js";
import type { WebRequest } from "../route.js";
import type { Cell, ViewKit } from "../view-kit.js";
import { MAX_ROWS } from "./format.js";

export function stateText(t: Translate, state: UnitState, timezone: string): string {
  switch (state.kind) {
    case "upcoming":
      return t("deadline-state-upcoming", { n: state.daysLeft });
    case "due-today":
      return t("deadline-state-due-today");
    case "overdue":
      return t("deadline-state-overdue", { n: state.days });
    case "submitted":
      return t(state.late ? "deadline-state-submitted-late" : "deadline-state-submitted", {
        date: formatDay(state.at, timezone),
      });
    case "excused":
      return t("deadline-state-excused");
  }
}

const STATE_CLASS: Record<UnitState["kind"], string> = {
  upcoming: "",
  "due-today": "",
  overdue: "bad",
  submitted: "good",
  excused: "muted",
};

export async function deadlinePage(kit: ViewKit, r: WebRequest): Promise<void> {
  const v = await kit.viewer(r);
  if (!v) return;
  const detail = await kit.app.services.deadlines.detail(v.actor, r.match[1] ?? "");
  if (!detail.ok) return kit.problemPage(r.res, 403, v.lang, "webv-outside-scope");
  const { t } = v;
  const tz = kit.app.config.timezone;
  const { board, deadline } = detail;
  const occurrences = [...board.occurrences].sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime());
  const wanted = Number(r.url.searchParams.get("period"));
  const occurrence = occurrences.find((o) => o.id === wanted) ?? detail.occurrence;
  const now = kit.app.clock.now();
  const base = `/web/deadline/${deadline.code}`;
  const periods = occurrences.map((o) =>
    o.id === occurrence?.id
      ? kit.part("current", { text: `${o.label} (${formatDay(o.dueAt, tz)})` })
      : kit.link(`${base}?period=${o.id}`, `${o.label} (${formatDay(o.dueAt, tz)})`),
  );
  const main = [];
  if (occurrences.length > 1) main.push(kit.section(t("webv-periods"), kit.list(periods), "periods"));
  if (occurrence) {
    const rows: Cell[][] = board.units.slice(0, MAX_ROWS).map((u) => {
      const state = unitState(occurrence, recordOf(board, occurrence.id, u.id), now, tz);
      return [
        { text: u.code, cls: "wide" },
        kit.link(`/web/unit/${encodeURIComponent(u.code)}`, u.name),
        { text: stateText(t, state, tz), cls: STATE_CLASS[state.kind] },
      ];
    });
    main.push(
      kit.section(
        t("webv-period-state", { period: occurrence.label, date: formatDay(occurrence.dueAt, tz) }),
        [
          kit.table([{ text: t("webv-col-code"), cls: "wide" }, t("webv-col-name"), t("webv-col-state")], rows),
          ...(board.units.length > MAX_ROWS
            ? [kit.text(t("webv-more-rows", { n: board.units.length - MAX_ROWS }), "muted")]
            : []),
        ],
        "units",
      ),
    );
  } else main.push(kit.text(t("webv-no-period"), "muted"));
  kit.page(r.res, v, {
    title: `${deadline.code}: ${deadline.what}`,
    crumbs: [{ href: "/web", text: t("webv-home-title") }],
    main,
  });
}

/**
 * An announcement: the share of its units that acknowledged, then by unit who pressed "Đã nhận" and when, the units
 * that have not yet, and those without a linked group (or whose group removed the bot). A chair sees the units of the
 * announcement inside their scope only (AnnouncementService.status decides).
 */
import { formatDayTime } from "../../domain/dates/due.js";
import { Html } from "../pages.js";
import type { WebRequest } from "../route.js";
import type { Cell, ViewKit } from "../view-kit.js";
import { MAX_ROWS, percent } from "./format.js";

export async function announcementPage(kit: ViewKit, r: WebRequest): Promise<void> {
  const v = await kit.viewer(r);
  if (!v) return;
  const status = await kit.app.services.announcements.status(v.actor, Number(r.match[1]));
  if (!status.ok) return kit.problemPage(r.res, 403, v.lang, "webv-outside-scope");
  const { t } = v;
  const tz = kit.app.config.timezone;
  const { rows } = status;
  const unitCell = (u: { code: string; name: string }) => kit.link(`/web/unit/${encodeURIComponent(u.code)}`, u.name);
  const acked = rows.filter((x) => x.ackAt);
  const noGroup = rows.filter((x) => !x.ackAt && (x.chats === 0 || x.lostGroup));
  const waiting = rows.filter((x) => !x.ackAt && x.chats > 0 && !x.lostGroup);
  const table = (list: typeof rows, withAck: boolean) => {
    if (!list.length) return kit.text(t("webv-none"), "muted");
    const head = [
      { text: t("webv-col-code"), cls: "wide" },
      t("webv-col-name"),
      ...(withAck ? [t("webv-col-ack-by"), t("webv-col-ack-at")] : [t("webv-col-delivery")]),
    ];
    const cells: Cell[][] = list
      .slice(0, MAX_ROWS)
      .map((x) => [
        { text: x.unit.code, cls: "wide" },
        unitCell(x.unit),
        ...(withAck
          ? [x.ackBy ?? "—", x.ackAt ? formatDayTime(x.ackAt, tz) : "—"]
          : [
              x.lostGroup
                ? t("webv-delivery-removed")
                : x.chats === 0
                  ? t("webv-delivery-no-group")
                  : t("webv-delivery", { sent: x.sent, chats: x.chats, failed: x.failed }),
            ]),
      ]);
    return list.length > MAX_ROWS
      ? Html.join([kit.table(head, cells), kit.text(t("webv-more-rows", { n: list.length - MAX_ROWS }), "muted")])
      : kit.table(head, cells);
  };
  const a = status.announcement;
  kit.page(r.res, v, {
    title: t("webv-announcement-title", { seq: a.seq, title: a.title }),
    crumbs: [{ href: "/web", text: t("webv-home-title") }],
    main: [
      kit.part("figure", {
        value: percent(acked.length, rows.length, v.lang),
        label: t("webv-acked-of", { acked: acked.length, units: rows.length }),
      }),
      kit.section(t("webv-acked", { n: acked.length }), table(acked, true), "acked"),
      kit.section(t("webv-not-acked", { n: waiting.length }), table(waiting, false), "waiting"),
      kit.section(t("webv-no-group", { n: noGroup.length }), table(noGroup, false), "no-group"),
    ],
  });
}

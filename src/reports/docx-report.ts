/**
 * The summary report (báo cáo tổng hợp ý kiến) as a Vietnamese administrative document (Nghị định 30/2020/NĐ-CP):
 * issuing unit and number placeholder left, national motto and place/date right, title, body with figures and opinions
 * grouped by item and kind, recipients, and the chair's signature block.
 */
import {
  AlignmentType,
  BorderStyle,
  Document,
  Packer,
  Paragraph,
  Table,
  TableCell,
  TableRow,
  TextRun,
  WidthType,
} from "docx";
import { localParts } from "../domain/dates/due.js";
import { OPINION_KINDS } from "../domain/opinions.js";
import { participation } from "../domain/tally.js";
import type { Tally } from "../services/tally.js";
import type { MeetingRow, OpinionRow } from "./report-data.js";

type T = (key: string, args?: Record<string, string | number>) => string;

export interface DocxTexts {
  t: T;
  place: string;
  now: Date;
  timezone: string;
  chairName?: string;
  parentName?: string;
  kindLabels: string[];
}

const FONT = "Times New Roman";
const NONE = { style: BorderStyle.NONE, size: 0, color: "FFFFFF" };
const NO_BORDERS = { top: NONE, bottom: NONE, left: NONE, right: NONE, insideHorizontal: NONE, insideVertical: NONE };

const p = (
  text: string,
  o: { bold?: boolean; italic?: boolean; center?: boolean; size?: number; indent?: boolean } = {},
) =>
  new Paragraph({
    alignment: o.center ? AlignmentType.CENTER : AlignmentType.JUSTIFIED,
    indent: o.indent ? { firstLine: 567 } : undefined,
    spacing: { after: 80 },
    children: [new TextRun({ text, bold: o.bold, italics: o.italic, font: FONT, size: o.size ?? 26 })],
  });

function headerTable(tally: Tally, x: DocxTexts): Table {
  const { t } = x;
  const d = localParts(x.now, x.timezone);
  const cell = (children: Paragraph[]) =>
    new TableCell({ borders: NO_BORDERS, width: { size: 50, type: WidthType.PERCENTAGE }, children });
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    borders: NO_BORDERS,
    rows: [
      new TableRow({
        children: [
          cell([
            p((x.parentName ?? "").toUpperCase(), { center: true, size: 24 }),
            p(tally.root.unit.name.toUpperCase(), { center: true, bold: true, size: 24 }),
            p(t("report-docx-number"), { center: true, size: 24 }),
          ]),
          cell([
            p("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", { center: true, bold: true, size: 24 }),
            p("Độc lập - Tự do - Hạnh phúc", { center: true, bold: true, size: 26 }),
            p(
              `${x.place}, ngày ${String(d.day).padStart(2, "0")} tháng ${String(d.month).padStart(2, "0")} năm ${d.year}`,
              { center: true, italic: true, size: 26 },
            ),
          ]),
        ],
      }),
    ],
  });
}

export async function buildReportDocx(
  tally: Tally,
  opinions: OpinionRow[],
  meetings: MeetingRow[],
  x: DocxTexts,
): Promise<Uint8Array> {
  const { t } = x;
  const c = tally.root.total;
  const pctText = participation(c) === undefined ? "—" : `${String(participation(c)).replace(".", ",")}%`;
  const body: (Paragraph | Table)[] = [
    headerTable(tally, x),
    p(""),
    p("BÁO CÁO", { center: true, bold: true, size: 28 }),
    p(`Tổng hợp ý kiến góp ý ${tally.consultation.title}`, { center: true, bold: true }),
    p(""),
    p(t("report-docx-intro", { unit: tally.root.unit.name, code: tally.consultation.code }), { indent: true }),
    p(t("report-docx-section-figures"), { bold: true }),
    p(
      t("report-docx-figures", {
        people: c.people,
        members: c.members,
        pct: pctText,
        opinions: c.opinions,
        meetings: c.meetings,
        attendees: c.attendees,
        meetingOpinions: c.meetingOpinions,
      }),
      { indent: true },
    ),
    p(`${x.kindLabels.map((label, i) => `${label}: ${c.byKind[OPINION_KINDS[i]!]}`).join("; ")}.`, { indent: true }),
    p(t("report-docx-not-taken-part", { n: c.unitsWithMembers - c.unitsTakingPart, total: c.unitsWithMembers }), {
      indent: true,
    }),
    p(t("report-docx-section-opinions"), { bold: true }),
  ];
  for (const item of tally.consultation.items) {
    body.push(p(`${item.position}. ${item.title}`, { bold: true }));
    for (const [i, kind] of OPINION_KINDS.entries()) {
      const list = opinions.filter((o) => o.item === item.position && o.kind === kind);
      if (!list.length) continue;
      body.push(p(`${x.kindLabels[i]} (${list.length}):`, { italic: true, indent: true }));
      for (const o of list) body.push(p(`- ${o.text} (${o.unitName}; ${o.author})`, { indent: true }));
    }
    const fromMeetings = meetings.filter((m) => m.item === item.position);
    if (fromMeetings.length) {
      body.push(p(t("report-docx-via-meetings"), { italic: true, indent: true }));
      for (const m of fromMeetings) {
        const counts = m.counts.map((n, i) => `${x.kindLabels[i]} ${n}`).join(", ");
        body.push(
          p(
            `- ${m.unitName} (${m.heldOn}, ${m.attendees} ${t("report-docx-attendees")}): ${counts}${m.keyPoints ? `. ${m.keyPoints}` : ""}`,
            { indent: true },
          ),
        );
      }
    }
  }
  body.push(
    p(""),
    new Table({
      width: { size: 100, type: WidthType.PERCENTAGE },
      borders: NO_BORDERS,
      rows: [
        new TableRow({
          children: [
            new TableCell({
              borders: NO_BORDERS,
              width: { size: 50, type: WidthType.PERCENTAGE },
              children: [
                p("Nơi nhận:", { bold: true, italic: true, size: 24 }),
                p(`- ${x.parentName ?? t("report-docx-parent")};`, { size: 22 }),
                p("- Lưu: VT.", { size: 22 }),
              ],
            }),
            new TableCell({
              borders: NO_BORDERS,
              width: { size: 50, type: WidthType.PERCENTAGE },
              children: [
                p("TM. BAN THƯỜNG VỤ", { center: true, bold: true }),
                p("CHỦ TỊCH", { center: true, bold: true }),
                p(""),
                p(""),
                p(x.chairName ?? "", { center: true, bold: true }),
              ],
            }),
          ],
        }),
      ],
    }),
  );
  const doc = new Document({
    sections: [
      { properties: { page: { margin: { top: 1134, bottom: 1134, left: 1701, right: 1134 } } }, children: body },
    ],
  });
  return new Uint8Array(await Packer.toBuffer(doc));
}

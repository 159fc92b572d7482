/**
 * The summary report (báo cáo tổng hợp ý kiến) as a Vietnamese administrative document (Nghị định 30/2020/NĐ-CP):
 * issuing unit and number placeholder left, national motto and place/date right, title, body with figures (individual,
 * via meetings and total) and opinions grouped by item and kind, then Nơi nhận (the level above, "Lưu: VT") and the
 * signature block by role: "TM. BAN THƯỜNG VỤ / CHỦ TỊCH" for the chair, "KT. CHỦ TỊCH / PHÓ CHỦ TỊCH" for a deputy,
 * and the person's name on its own line.
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
import type { T } from "./format.js";
import type { MeetingRow, OpinionRow } from "./report-data.js";
import type { Signer } from "./signer.js";

export interface DocxTexts {
  t: T;
  place: string;
  now: Date;
  timezone: string;
  /** Who signs: the chair (TM.) or a deputy (KT.); the name is printed without any "(role …)" suffix. */
  signer?: Signer;
  /** The level above, named in the header and in Nơi nhận. */
  parentName?: string;
  kindLabels: string[];
  /** Active opinions in all, when the report quotes only the first of them (the files list every one). */
  opinionTotal?: number;
}

// Nouns written with a capital letter in Vietnamese administrative text: they keep it mid-sentence.
const PROPER_START =
  /^(Đại hội|Đảng|Nhà nước|Quốc hội|Chính phủ|Công đoàn Việt Nam|Tổng Liên đoàn|Liên đoàn|Điều lệ|Bộ luật|Luật|Nghị quyết|Báo cáo chính trị)\b/u;

/** A title continuing a sentence ("Tổng hợp ý kiến góp ý …"): its first word loses its capital unless a name or acronym. */
export function midSentence(title: string): string {
  const t = title.trim();
  const first = t.split(/\s+/)[0] ?? "";
  if (!first || PROPER_START.test(t) || (first.length > 1 && first === first.toUpperCase())) return t;
  return t.charAt(0).toLocaleLowerCase("vi") + t.slice(1);
}

/**
 * What the title "Tổng hợp ý kiến góp ý …" is about: the consultation's title continuing the sentence, without a
 * leading "Góp ý" the template already says ("Góp ý dự thảo văn kiện" → "dự thảo văn kiện").
 */
export function reportSubject(consultationTitle: string): string {
  return midSentence(consultationTitle.trim().replace(/^(?:lấy\s+)?(?:ý\s+kiến\s+)?góp\s+ý\s+(?:vào\s+|về\s+)?/iu, ""));
}

const FONT = "Times New Roman";
/** A4 width less the margins (left 3 cm, right 2 cm), in twips. */
const TEXT_WIDTH = 11906 - 1701 - 1134;
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
  // The motto needs the wider column (Nghị định 30/2020, Phụ lục I: about 4/9 of the text width on the left).
  const cell = (children: Paragraph[], twips: number) =>
    new TableCell({ borders: NO_BORDERS, width: { size: twips, type: WidthType.DXA }, children });
  return new Table({
    width: { size: TEXT_WIDTH, type: WidthType.DXA },
    columnWidths: [3800, TEXT_WIDTH - 3800],
    borders: NO_BORDERS,
    rows: [
      new TableRow({
        children: [
          cell(
            [
              p((x.parentName ?? "").toUpperCase(), { center: true, size: 24 }),
              p(tally.root.unit.name.toUpperCase(), { center: true, bold: true, size: 24 }),
              p(t("report-docx-number"), { center: true, size: 24 }),
            ],
            3800,
          ),
          cell(
            [
              p("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", { center: true, bold: true, size: 24 }),
              p("Độc lập - Tự do - Hạnh phúc", { center: true, bold: true, size: 26 }),
              p(
                `${x.place}, ngày ${String(d.day).padStart(2, "0")} tháng ${String(d.month).padStart(2, "0")} năm ${d.year}`,
                { center: true, italic: true, size: 26 },
              ),
            ],
            TEXT_WIDTH - 3800,
          ),
        ],
      }),
    ],
  });
}

/** Counts by kind side by side: individual opinions, opinions recorded at meetings, and their total. */
function figuresTable(tally: Tally, x: DocxTexts): Table {
  const c = tally.root.total;
  const border = { style: BorderStyle.SINGLE, size: 4, color: "000000" };
  const borders = { top: border, bottom: border, left: border, right: border };
  const cell = (text: string, o: { bold?: boolean; left?: boolean } = {}) =>
    new TableCell({
      borders,
      children: [
        new Paragraph({
          alignment: o.left ? AlignmentType.LEFT : AlignmentType.CENTER,
          children: [new TextRun({ text, bold: o.bold, font: FONT, size: 24 })],
        }),
      ],
    });
  const row = (label: string, own: number, meeting: number, bold = false) =>
    new TableRow({
      children: [
        cell(label, { bold, left: true }),
        cell(String(own), { bold }),
        cell(String(meeting), { bold }),
        cell(String(own + meeting), { bold }),
      ],
    });
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    rows: [
      new TableRow({
        tableHeader: true,
        children: [
          cell(x.t("report-docx-col-kind"), { bold: true }),
          cell(x.t("report-docx-col-own"), { bold: true }),
          cell(x.t("report-docx-col-meeting"), { bold: true }),
          cell(x.t("report-docx-col-total"), { bold: true }),
        ],
      }),
      ...OPINION_KINDS.map((k, i) => row(x.kindLabels[i] ?? k, c.byKind[k], c.meetingByKind[k])),
      row(x.t("report-docx-row-total"), c.opinions, c.meetingOpinions, true),
    ],
  });
}

/** Nơi nhận on the left (the level above, then "Lưu: VT"), the signature block by role on the right. */
function closingTable(tally: Tally, x: DocxTexts): Table {
  const signer = x.signer;
  const roleLines = signer?.deputy
    ? ["TM. BAN THƯỜNG VỤ", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"]
    : ["TM. BAN THƯỜNG VỤ", "CHỦ TỊCH"];
  const cell = (children: Paragraph[]) =>
    new TableCell({ borders: NO_BORDERS, width: { size: 50, type: WidthType.PERCENTAGE }, children });
  const recipients = [
    ...(x.parentName ? [`- ${x.parentName} (để báo cáo);`] : []),
    ...(tally.root.children.length ? ["- Các công đoàn trực thuộc;"] : []),
    "- Lưu: VT.",
  ];
  return new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    borders: NO_BORDERS,
    rows: [
      new TableRow({
        children: [
          cell([
            new Paragraph({
              children: [new TextRun({ text: "Nơi nhận:", bold: true, italics: true, font: FONT, size: 24 })],
            }),
            ...recipients.map((r) => new Paragraph({ children: [new TextRun({ text: r, font: FONT, size: 22 })] })),
          ]),
          cell([
            ...roleLines.map((l) => p(l, { center: true, bold: true })),
            p(""),
            p(""),
            p(signer?.name ?? "", { center: true, bold: true }),
          ]),
        ],
      }),
    ],
  });
}

/** One item of the draft: its opinions by kind (with the tally's count), then what meetings said of it. */
function itemSection(
  item: Tally["consultation"]["items"][number],
  tally: Tally,
  opinions: OpinionRow[],
  meetings: MeetingRow[],
  x: DocxTexts,
): Paragraph[] {
  const c = tally.root.total;
  const out = [p(`${item.position}. ${item.title}`, { bold: true })];
  for (const [i, kind] of OPINION_KINDS.entries()) {
    const list = opinions.filter((o) => o.item === item.position && o.kind === kind);
    // The count is the tally's, whether the report quotes every opinion of the kind or only the first ones.
    const count = c.byItem[item.id]?.[kind] ?? list.length;
    if (!count) continue;
    out.push(p(`${x.kindLabels[i]} (${count}):`, { italic: true, indent: true }));
    for (const o of list)
      out.push(
        p(o.text ? `- ${o.text} (${o.unitName}; ${o.author})` : `- ${o.unitName}; ${o.author}`, { indent: true }),
      );
  }
  const fromMeetings = meetings.filter((m) => m.item === item.position);
  if (fromMeetings.length) out.push(p(x.t("report-docx-via-meetings"), { italic: true, indent: true }));
  for (const m of fromMeetings) {
    const counts = m.counts.map((n, i) => `${x.kindLabels[i]} ${n}`).join(", ");
    out.push(
      p(
        `- ${m.unitName} (${m.heldOn}, ${m.attendees} ${x.t("report-docx-attendees")}): ${counts}${m.keyPoints ? `. ${m.keyPoints}` : ""}`,
        { indent: true },
      ),
    );
  }
  return out;
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
    p(t("report-docx-title", { title: reportSubject(tally.consultation.title) }), { center: true, bold: true }),
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
        total: c.opinions + c.meetingOpinions,
      }),
      { indent: true },
    ),
    figuresTable(tally, x),
    p(""),
    p(t("report-docx-not-taken-part", { n: c.unitsWithMembers - c.unitsTakingPart, total: c.unitsWithMembers }), {
      indent: true,
    }),
    p(t("report-docx-section-opinions"), { bold: true }),
  ];
  for (const item of tally.consultation.items) body.push(...itemSection(item, tally, opinions, meetings, x));
  if (x.opinionTotal !== undefined && x.opinionTotal > opinions.length)
    body.push(
      p(t("report-docx-more-opinions", { shown: opinions.length, total: x.opinionTotal }), {
        italic: true,
        indent: true,
      }),
    );
  body.push(p(""), closingTable(tally, x));
  const doc = new Document({
    sections: [
      { properties: { page: { margin: { top: 1134, bottom: 1134, left: 1701, right: 1134 } } }, children: body },
    ],
  });
  return new Uint8Array(await Packer.toBuffer(doc));
}

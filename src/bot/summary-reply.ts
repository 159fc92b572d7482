/**
 * Answering about many units in one message (domain/unit-summary.ts): the summary by child unit with a drill-down
 * button per child (Telegram and the playground; Zalo gets the typed form, which every platform accepts), the check of
 * a typed child code, and a plain list bound to one message. Used by every feature that answers about many units.
 */

import { renderSummary, type SummaryItem, type SummaryUnit, summarise } from "../domain/unit-summary.js";
import type { Choice } from "../platforms/port.js";
import { type SummaryView, summaryWords } from "../reports/summary-text.js";
import type { UnitRow } from "../services/units.js";
import type { BotContext } from "./types.js";
import { withWebLink } from "./web-link.js";

/** Up to this many units an answer names each one; more are summarised by child unit. */
export const DETAIL_LIMIT = 15;
/** Drill-down buttons under a summary: the children most behind. */
const DRILL_BUTTONS = 12;

/**
 * Replies with the summary of `items` by `groups` within the platform's message. `button(code)` is the payload of a
 * child's drill-down button (at most 64 bytes); `command` is what the reader types before a child's code.
 */
export function replySummary(
  ctx: BotContext,
  groups: SummaryUnit[],
  items: SummaryItem[],
  o: Omit<SummaryView, "example"> & {
    button: (code: string) => string;
    choices?: Choice[];
    /** The web view's page showing the same (src/bot/web-link.ts). */
    web?: string;
  },
): void {
  const summary = summarise(groups, items);
  const children = summary.rows.filter((row) => row.total > 1 || !o.leaf?.(row.unit.id));
  const words = summaryWords(ctx.t, ctx.lang, { ...o, example: children[0]?.unit.code });
  const text = renderSummary(summary, words, ctx.capabilities.maxTextLength);
  const choices: Choice[] = [
    ...(o.choices ?? []),
    ...(ctx.event.platform === "zalo"
      ? []
      : children.slice(0, DRILL_BUTTONS).map((row) => ({ id: o.button(row.unit.code), label: row.unit.code }))),
  ];
  const reply = { kind: "text" as const, text, ...(choices.length ? { choices } : {}) };
  ctx.reply(o.web ? withWebLink(ctx, reply, o.web) : reply);
}

/** The unit typed after a command for drill-down, checked (it exists, the reader may view it); undefined for none. */
export async function drillUnit(
  ctx: BotContext,
  raw: string | undefined,
): Promise<{ unit?: UnitRow; refused: boolean }> {
  if (!raw) return { refused: false };
  const unit = await ctx.services.units.byCode(raw);
  if (!unit) {
    ctx.say("summary-unknown-unit", { unit: raw.slice(0, 40) });
    return { refused: true };
  }
  if (!ctx.can("view", unit.path)) {
    ctx.say("summary-not-allowed", { unit: unit.name });
    return { refused: true };
  }
  return { unit, refused: false };
}

/** Lines within one message: those that do not fit are counted on a last line. */
export function fitLines(ctx: BotContext, lines: string[]): string {
  const budget = ctx.capabilities.maxTextLength;
  let size = 0;
  for (let i = 0; i < lines.length; i++) {
    size += (lines[i] as string).length + 1;
    if (size > budget - 40) {
      const n = lines.length - i;
      return [...lines.slice(0, i), ctx.t("summary-more", { n, count: n })].join("\n");
    }
  }
  return lines.join("\n");
}

/** The word after a command's arguments that asks for the full list as files ("Danh sách đầy đủ"). */
export const FULL_LIST_WORDS = ["ds", "danhsach", "list"];

/** Takes the full-list word off the end of `words`: the words left and whether it was there. */
export function fullListWord(words: string[]): { words: string[]; file: boolean } {
  const file = words.length > 1 && FULL_LIST_WORDS.includes(words.at(-1)!.toLowerCase());
  return { words: file ? words.slice(0, -1) : words, file };
}

/**
 * The full list as .xlsx and .csv in the private chat (a group hears to ask there): `columns` name the header keys
 * `full-list-col-<key>`, `rows` are in unit-code order already.
 */
export async function replyFullList(
  ctx: BotContext,
  name: string,
  columns: string[],
  rows: (string | number)[][],
): Promise<void> {
  if (ctx.isGroup) return ctx.say("full-list-private");
  const { fullListFiles } = await import("../reports/full-list.js");
  const files = await fullListFiles({ name, header: columns.map((k) => ctx.t(`full-list-col-${k}`)), rows });
  ctx.reply({ kind: "text", text: ctx.t("full-list-ready", { name, n: rows.length }) });
  ctx.reply({
    kind: "file",
    fileName: `${name}.xlsx`,
    mimeType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    data: files.xlsx,
  });
  ctx.reply({ kind: "file", fileName: `${name}.csv`, mimeType: "text/csv", data: files.csv });
}

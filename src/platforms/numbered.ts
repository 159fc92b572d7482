/**
 * Choices as numbered lines, for the Zalo channels (zca-js and the Bot Platform), which have no buttons: "1. Đã nhận",
 * then how to answer ("Trả lời bằng một số: 1, 2 Hoặc gõ: «Hủy».").
 */
import type { I18n, Language } from "../i18n.js";
import type { Choice } from "./port.js";

const LEADING_NUMBER = /^\s*(\d{1,3})[.)]\s+/;

/** The label without its own "2. " when that is the number the line gets anyway ("1. 1. Dự thảo…" never shows). */
function ownNumberless(label: string, n: number): string {
  const m = LEADING_NUMBER.exec(label);
  return m && Number(m[1]) === n ? label.slice(m[0].length) : label;
}

/** Whether the text already lists the choices as its own numbered lines (then they are not listed twice). */
function listsChoices(text: string, labels: string[]): boolean {
  const lines = text.split("\n").map((l) => l.trim());
  return labels.every((label, i) => {
    const head = label.replace(/…$/, "").trim();
    return lines.some((l) => l.startsWith(`${i + 1}. `) && l.slice(`${i + 1}. `.length).startsWith(head));
  });
}

export function numbered(text: string, labels: string[], hint: string): string {
  const plain = labels.map((l, i) => ownNumberless(l, i + 1));
  if (listsChoices(text, plain)) return [text, hint].join("\n");
  return [text, "", ...plain.map((l, i) => `${i + 1}. ${l}`), hint].join("\n");
}

/** "Trả lời bằng một số: 1, 2" and the words that may be typed instead, in `language`; either part may be empty. */
export function answerHint(i18n: I18n, language: Language, count: number, words: string[]): string {
  return [
    count
      ? i18n.t(language, "zalo-answer-hint", {
          list: Array.from({ length: count }, (_, i) => String(i + 1)).join(", "),
        })
      : "",
    words.length
      ? i18n.t(language, count ? "zalo-answer-words" : "zalo-answer-words-only", {
          words: words.map((w) => `«${w}»`).join(", "),
        })
      : "",
  ]
    .filter(Boolean)
    .join(" ");
}

/**
 * A text with its choices for a channel without buttons: those answered by a number become numbered lines, those
 * answered by typing their label are named as words, with `hint(count, words)` saying how to answer. Returns the
 * message and the numbered choices (what a digit then stands for).
 */
export function choicesAsText(
  text: string,
  all: readonly Choice[],
  hint: (count: number, words: string[]) => string,
): { body: string; numbered: Choice[] } {
  const choices = all.filter((c) => !c.typed);
  const words = all.filter((c) => c.typed).map((c) => c.label);
  const how = all.length ? hint(choices.length, words) : "";
  const body = choices.length
    ? numbered(
        text,
        choices.map((c) => c.label),
        how,
      )
    : how
      ? `${text}\n${how}`
      : text;
  return { body, numbered: choices };
}

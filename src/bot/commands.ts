/** The registry of commands, and the parser of a command line. */
import { foldVietnamese } from "../domain/units.js";
import type { Command, CommandList } from "./types.js";

export type { Command };

/** Every command by each of its names (Vietnamese and English), in the order the features registered them. */
export class CommandRegistry implements CommandList {
  private readonly byName = new Map<string, Command>();
  readonly all: Command[] = [];

  add(...commands: Command[]): void {
    for (const c of commands) {
      for (const n of c.names) {
        if (this.byName.has(n)) throw new Error(`command /${n} registered twice`);
        this.byName.set(n, c);
      }
      this.all.push(c);
    }
  }

  find(name: string): Command | undefined {
    return this.byName.get(name.toLowerCase());
  }
}

/** A command line read: the name without the slash, the rest as its arguments. */
export interface ParsedCommand {
  name: string;
  args: string;
  /** Addressed to another bot in the group ("/start@other_bot"). */
  forOtherBot: boolean;
}

/** "/lienket@union_bot LC-TD" → { name: "lienket", args: "LC-TD" }. */
export function parseCommand(text: string | undefined, botUsername?: string): ParsedCommand | undefined {
  const m = /^\/([A-Za-z0-9_]{1,32})(?:@([A-Za-z0-9_]{3,64}))?(?:\s+([\s\S]*))?$/.exec((text ?? "").trim());
  if (!m) return undefined;
  const forOtherBot = !!m[2] && !!botUsername && m[2].toLowerCase() !== botUsername.toLowerCase();
  return { name: m[1]!.toLowerCase(), args: (m[3] ?? "").trim(), forOtherBot };
}

/** "@union_bot /trogiup" → "/trogiup", "@union_bot 2" → "2": the bot's own mention is not part of what was said. */
export function withoutBotMention(text: string, botUsername?: string): string {
  if (!botUsername) return text;
  const name = botUsername.replace(/[^A-Za-z0-9_]/g, "");
  const lead = new RegExp(`^\\s*@${name}\\b[\\s,:]*`, "i");
  const trail = new RegExp(`\\s*@${name}\\s*$`, "i");
  return text.replace(lead, "").replace(trail, "");
}

/**
 * Words that may stand around an answer without changing it, folded (no diacritics): politeness ("dạ", "vâng", "ạ",
 * "nhé"), who says it ("em", "tôi"), thanks, and "received the notice" ("được", "thông báo", "rồi").
 */
const FILLER = new Set(
  "da vang ok oke okay em toi minh chung a roi nhe nha ne ak ah luon duoc thong bao tin nay cam on xin".split(" "),
);
/** Words that make a message a question ("đã nhận chưa?"): never taken as an answer, nor answered with a hint. */
const ASKING = new Set(["chua", "khong", "ko", "hok"]);

function wordsOf(text: string): string[] {
  return foldVietnamese(text)
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim()
    .split(" ")
    .filter(Boolean);
}

function isQuestion(text: string, words: string[]): boolean {
  return text.includes("?") || words.some((w) => ASKING.has(w));
}

/** Whether `words` hold `target` as one run, with only filler words around it. */
function fillerAround(words: string[], target: string[]): boolean {
  if (!target.length) return false;
  for (let at = 0; at + target.length <= words.length; at++) {
    if (!target.every((w, i) => words[at + i] === w)) continue;
    if (words.every((w, i) => (i >= at && i < at + target.length) || FILLER.has(w))) return true;
  }
  return false;
}

const labelsOf = (c: { label: string }) => [c.label, c.label.replace(/\s*\(.*\)\s*$/, "")];

/**
 * The choice a typed "2" or "Đã nhận" names among choices shown as numbered lines, if any; polite words around it
 * ("dạ, đã nhận rồi ạ!", "1 ạ") do not hide it, a question ("đã nhận chưa?") is not an answer.
 */
export function pickChoice<C extends { label: string }>(text: string | undefined, choices: C[]): C | undefined {
  const typed = (text ?? "").trim().replace(/[.)]$/, "");
  if (!typed) return undefined;
  if (/^\d{1,2}$/.test(typed)) return choices[Number(typed) - 1];
  const folded = foldVietnamese(typed);
  const exact = choices.find((c) => labelsOf(c).some((l) => foldVietnamese(l) === folded));
  if (exact) return exact;
  const words = wordsOf(typed);
  if (isQuestion(typed, words)) return undefined;
  const said = words.filter((w) => !FILLER.has(w));
  if (said.length === 1 && /^\d{1,2}$/.test(said[0] ?? "")) return choices[Number(said[0]) - 1];
  return choices.find((c) => labelsOf(c).some((l) => fillerAround(words, wordsOf(l))));
}

/**
 * Whether a message that picks none of the choices still reads as an attempt at one: it begins (after filler words)
 * with a choice's label and is short ("đã nhận nhưng file lỗi font"), and is not a question. Such a message gets an
 * answer saying how to choose, rather than silence.
 */
export function reachesForChoice(text: string | undefined, choices: { label: string }[]): boolean {
  const words = wordsOf(text ?? "");
  if (!words.length || words.length > 8 || isQuestion(text ?? "", words)) return false;
  let start = 0;
  while (start < words.length && FILLER.has(words[start] ?? "") && !choices.some((c) => startsWith(words, start, c)))
    start++;
  return choices.some((c) => startsWith(words, start, c));
}

function startsWith(words: string[], at: number, choice: { label: string }): boolean {
  const label = wordsOf(choice.label);
  return label.length > 0 && label.every((w, i) => words[at + i] === w);
}

/** The registry of commands, and the parser of a command line. */
import { foldVietnamese } from "../domain/units.js";
import type { Command, CommandList } from "./types.js";

export type { Command };

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

/** The choice a typed "2" or "Đã nhận" names among choices shown as numbered lines, if any. */
export function pickChoice<C extends { label: string }>(text: string | undefined, choices: C[]): C | undefined {
  const typed = (text ?? "").trim().replace(/[.)]$/, "");
  if (!typed) return undefined;
  if (/^\d{1,2}$/.test(typed)) return choices[Number(typed) - 1];
  const folded = foldVietnamese(typed);
  return choices.find(
    (c) => foldVietnamese(c.label) === folded || foldVietnamese(c.label.replace(/\s*\(.*\)\s*$/, "")) === folded,
  );
}

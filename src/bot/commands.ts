/** Commands: a Vietnamese name, an English alias, who they are for, and where they work. */
import type { Role } from "../domain/scope.js";
import type { BotContext } from "./context.js";

export interface Command {
  /** Vietnamese name first, then English alias(es), without the slash. */
  names: [string, ...string[]];
  /** Locale key of the one-line description shown in help and in the platform's command menu. */
  description: string;
  /** The lowest role the command is meant for (help and menus); scope checks happen in the services. */
  role: Role;
  /** Where it is offered in the command menu. */
  chats: ("group" | "private")[];
  run(ctx: BotContext, args: string): Promise<void> | void;
}

export class CommandRegistry {
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

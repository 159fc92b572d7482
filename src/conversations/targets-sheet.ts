/**
 * A targets sheet (.csv/.xlsx) sent on its own by someone who gives targets: which deadline is it for? The deadlines
 * of their scope that have indicators are offered (the newest first); choosing one imports the sheet as
 * "/giaochitieu MÃ_HẠN" with the file attached would.
 */
import type { BotContext } from "../bot/types.js";
import { scopeRoots } from "../domain/scope.js";
import type { IncomingAttachment } from "../platforms/port.js";
import { importSheet } from "./assign-targets.js";
import { choicesFor, type Flow } from "./engine.js";
import { snippet } from "./opinion.js";

interface SheetState {
  file: IncomingAttachment;
}

const SHEET = /\.(csv|xlsx)$/i;
/** Most deadlines offered; older ones are reached with /giaochitieu MÃ_HẠN and the file. */
const MAX_OFFERED = 12;

/** Active deadlines with indicators whose unit is within the sender's scope for deadlines, newest first. */
async function sheetDeadlines(ctx: BotContext) {
  const listed = await ctx.services.indicators.deadlinesWithIndicators(200);
  return listed
    .filter((d) => ctx.can("deadlines", d.rootPath))
    .map((d) => d.deadline)
    .slice(0, MAX_OFFERED);
}

/** One step: the deadline the sheet is for; the file waits in the state by its reference. */
export const targetsSheetFlow: Flow<SheetState> = {
  id: "targets-sheet",
  key: "ts",
  steps: {
    deadline: {
      accepts: "choice",
      async prompt(ctx, s) {
        const list = await sheetDeadlines(ctx);
        return {
          text: ctx.t("assign-sheet-which", { file: s.file.fileName ?? "" }),
          choices: choicesFor(
            targetsSheetFlow,
            "deadline",
            list.map((d) => ({ id: d.id, label: `${d.code}: ${snippet(d.what, 50)}` })),
          ),
        };
      },
      async handle(ctx, s, a) {
        if (a.kind !== "choice") return { retry: "conversation-invalid" };
        const d = (await sheetDeadlines(ctx)).find((x) => String(x.id) === a.id);
        if (!d) return { retry: "conversation-invalid" };
        return { done: true, say: [await importSheet(ctx, d, s.file)] };
      },
    },
  },
};

/** A .csv/.xlsx sent alone by someone who gives targets: ask which deadline it is for (or say how to make one). */
export async function takeTargetsSheet(ctx: BotContext): Promise<boolean> {
  const file = ctx.event.attachment;
  if (file?.kind !== "file" || !SHEET.test(file.fileName ?? "")) return false;
  if (!scopeRoots(ctx.actor.grants, "deadlines").length) return false;
  if (!(await sheetDeadlines(ctx)).length) {
    ctx.say("assign-sheet-no-deadline");
    return true;
  }
  await ctx.deps.engine.start(ctx, "targets-sheet", "deadline", { file } satisfies SheetState);
  return true;
}

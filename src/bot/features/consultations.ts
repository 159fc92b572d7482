/** Consultations: /mogopy, /donggopy (staff), /gopy, /ykiencuatoi (members), /nhapketqua (chairs). */

import { meetingFlow, startMeeting } from "../../conversations/meeting.js";
import { myOpinions, myOpinionsFlow } from "../../conversations/my-opinions.js";
import { openConsultationFlow, startOpenConsultation } from "../../conversations/open-consultation.js";
import { opinionFlow, startOpinion } from "../../conversations/opinion.js";
import { formatDayTime } from "../../domain/dates/due.js";
import { scopeRoots } from "../../domain/scope.js";
import type { Feature } from "../core.js";
import type { BotContext } from "../types.js";

async function closeConsultation(ctx: BotContext, args: string): Promise<void> {
  const code = args.trim().split(/\s+/)[0];
  if (!code) {
    const roots = scopeRoots(ctx.actor.grants, "consult");
    if (!roots.length) return ctx.say("not-allowed");
    const open = await ctx.services.consultations.openCovering(roots);
    return ctx.say("consult-close-usage", { open: open.map((c) => `${c.code}: ${c.title}`).join("\n") || "—" });
  }
  const r = await ctx.services.consultations.close(ctx.actor, code);
  if (!r.ok) return ctx.say(`consult-close-${r.problem}`, { code: code.slice(0, 20) });
  ctx.say("consult-closed", {
    code: r.consultation.code,
    title: r.consultation.title,
    at: formatDayTime(ctx.now(), ctx.deps.config.timezone),
  });
}

export const consultations: Feature = {
  flows: [opinionFlow, myOpinionsFlow, openConsultationFlow, meetingFlow],
  commands: [
    {
      names: ["gopy", "opinion"],
      description: "cmd-opinion",
      role: "member",
      chats: ["private", "group"],
      run: (ctx, args) => startOpinion(ctx, args || undefined),
    },
    {
      names: ["ykiencuatoi", "my_opinions"],
      description: "cmd-my-opinions",
      role: "member",
      chats: ["private", "group"],
      run: myOpinions,
    },
    {
      names: ["nhapketqua", "enter_meeting"],
      description: "cmd-meeting",
      role: "chair",
      chats: ["private", "group"],
      run: startMeeting,
    },
    {
      names: ["mogopy", "open_consultation"],
      description: "cmd-open-consultation",
      role: "staff",
      chats: ["private"],
      run: startOpenConsultation,
    },
    {
      names: ["donggopy", "close_consultation"],
      description: "cmd-close-consultation",
      role: "staff",
      chats: ["private", "group"],
      run: closeConsultation,
    },
  ],
  deepLinks: {
    gopy: (ctx, code) => startOpinion(ctx, code || undefined),
    ykien: (ctx) => myOpinions(ctx, ""),
    hoinghi: (ctx) => startMeeting(ctx),
  },
};

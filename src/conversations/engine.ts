/**
 * Guided conversations declared as data: each step has a prompt, accepts a choice or a (zod-validated) text or voice
 * answer, and says what comes next. State lives in the database keyed by platform + chat + user, so a restart resumes
 * at
 * the same step; an idle conversation expires politely; an answer that does not fit re-asks with the reason.
 * One engine for every platform: a choice can be pressed (button), or typed as its number or its label.
 */
import type { ZodType } from "zod";
import { sqlTime } from "../db/client.js";
import type { HotStorage } from "../db/hot-store.js";
import { foldVietnamese } from "../domain/units.js";
import type { Choice, IncomingAttachment, Reply } from "../platforms/port.js";
import type { BotContext, Conversations } from "../bot/types.js";

export interface Prompt {
  text: string;
  choices?: Choice[];
}

export type Answer =
  | { kind: "choice"; id: string }
  | { kind: "text"; text: string }
  | { kind: "voice"; attachment: IncomingAttachment }
  | { kind: "file"; attachment: IncomingAttachment };

export type StepResult<S> =
  | { next: string; state: S; say?: Reply[] }
  | { done: true; say?: Reply[] }
  /** Re-ask: `reason` is a locale key, shown before the prompt again; `state` (when given) is kept for next time. */
  | { retry: string; args?: Record<string, string | number>; state?: S };

export interface Step<S> {
  prompt(ctx: BotContext, state: S): Promise<Prompt> | Prompt;
  /**
   * "choice": one of the prompt's choices; "choice-or-text": a choice, or any typed text when it names none;
   * "text": typed text; "text-or-voice" / "text-or-file" also take an attachment.
   */
  accepts: "choice" | "choice-or-text" | "text" | "text-or-voice" | "text-or-file";
  /** Checked before handle for text answers; its issue messages are locale keys. */
  schema?: ZodType<string>;
  handle(ctx: BotContext, state: S, answer: Answer): Promise<StepResult<S>> | StepResult<S>;
}

// biome-ignore lint/suspicious/noExplicitAny: one registry holds flows whose states differ
export interface Flow<S = any> {
  id: string;
  /** Short prefix of button payloads ("o" → "o|kind|agree"); unique per flow. */
  key: string;
  steps: Record<string, Step<S>>;
}

const SEP = "|";

export function choicePayload(flow: Flow, step: string, id: string): string {
  return [flow.key, step, id].join(SEP);
}

interface StoredState {
  flow: string;
  step: string;
  data: unknown;
  expiresAt: Date;
}

export class ConversationEngine implements Conversations {
  private readonly flows = new Map<string, Flow>();
  private readonly byKey = new Map<string, Flow>();

  constructor(
    private readonly hot: HotStorage,
    private readonly idleMinutes: number,
  ) {}

  register(flow: Flow): void {
    if (this.byKey.has(flow.key)) throw new Error(`two flows use the button key "${flow.key}"`);
    this.flows.set(flow.id, flow);
    this.byKey.set(flow.key, flow);
  }

  ownsPayload(payload: string): boolean {
    return this.byKey.has(payload.split(SEP)[0] ?? "");
  }

  /** Starts (or restarts) a flow for the sender in this chat and asks its first question. */
  async start<S>(ctx: BotContext, flowId: string, step: string, state: S): Promise<void> {
    const flow = this.flows.get(flowId);
    if (!flow) throw new Error(`unknown flow ${flowId}`);
    await this.save(ctx, flowId, step, state);
    await this.ask(ctx, flow, step, state);
  }

  // The state is read and written on every message: the hot path's statements keep that cheap.
  async active(ctx: BotContext): Promise<StoredState | undefined> {
    const k = this.key(ctx);
    const row = await this.hot.conversation(k.platform, k.chatId, k.userId);
    if (!row) return undefined;
    return { flow: row.flow, step: row.step, data: JSON.parse(row.data), expiresAt: new Date(row.expiresAt) };
  }

  async cancel(ctx: BotContext): Promise<boolean> {
    return this.hot.deleteConversation(this.key(ctx));
  }

  /** Handles the sender's message or button press as an answer. False when there is no conversation to answer. */
  async continue(ctx: BotContext): Promise<boolean> {
    const state = await this.active(ctx);
    const payload = ctx.event.choice;
    if (!state) {
      if (payload && this.ownsPayload(payload)) {
        ctx.say("conversation-none");
        return true;
      }
      return false;
    }
    if (state.expiresAt < ctx.now()) {
      await this.cancel(ctx);
      ctx.say("conversation-expired");
      return true;
    }
    const flow = this.flows.get(state.flow);
    const step = flow?.steps[state.step];
    if (!flow || !step) {
      await this.cancel(ctx);
      return false;
    }
    const answer = await this.readAnswer(ctx, flow, state.step, step, state.data);
    if ("retry" in answer) {
      await this.retry(ctx, flow, state.step, state.data, answer.retry, answer.args);
      return true;
    }
    const result = await step.handle(ctx, state.data, answer);
    if ("retry" in result) {
      if (result.state !== undefined) await this.save(ctx, flow.id, state.step, result.state);
      await this.retry(ctx, flow, state.step, result.state ?? state.data, result.retry, result.args);
      return true;
    }
    for (const r of result.say ?? []) ctx.reply(r);
    if ("done" in result) {
      await this.cancel(ctx);
      return true;
    }
    await this.save(ctx, flow.id, result.next, result.state);
    await this.ask(ctx, flow, result.next, result.state);
    return true;
  }

  private async readAnswer(
    ctx: BotContext,
    flow: Flow,
    stepId: string,
    step: Step<unknown>,
    data: unknown,
  ): Promise<Answer | { retry: string; args?: Record<string, string | number> }> {
    const { event } = ctx;
    if (
      step.accepts === "choice" ||
      (step.accepts === "choice-or-text" &&
        (event.choice ||
          /^\d{1,2}$/.test((event.text ?? "").trim()) ||
          (await this.namesChoice(ctx, step, data, event.text))))
    ) {
      const prompt = await step.prompt(ctx, data);
      const choices = prompt.choices ?? [];
      if (event.choice) {
        const [key, s, id] = event.choice.split(SEP);
        if (key !== flow.key || s !== stepId) return { retry: "conversation-old-button" };
        if (!choices.some((c) => c.id === choicePayload(flow, stepId, id ?? "")))
          return { retry: "conversation-choose-one", args: { count: choices.length } };
        return { kind: "choice", id: id! };
      }
      const typed = (event.text ?? "").trim();
      const byNumber = /^\d{1,2}$/.test(typed) ? choices[Number(typed) - 1] : undefined;
      const byLabel = choices.find((c) => foldVietnamese(c.label) === foldVietnamese(typed));
      const chosen = byNumber ?? byLabel;
      if (!chosen) return { retry: "conversation-choose-one", args: { count: choices.length } };
      return { kind: "choice", id: chosen.id.split(SEP)[2] ?? "" };
    }
    if (event.choice) return { retry: "conversation-old-button" };
    if (event.attachment) {
      if (step.accepts === "text-or-voice" && event.attachment.kind === "voice")
        return { kind: "voice", attachment: event.attachment };
      if (step.accepts === "text-or-file" && event.attachment.kind !== "voice")
        return { kind: "file", attachment: event.attachment };
      if (!event.text)
        return { retry: step.accepts === "text-or-voice" ? "conversation-text-or-voice" : "conversation-text-only" };
    }
    const text = (event.text ?? "").trim();
    if (!text) return { retry: "conversation-empty" };
    if (step.schema) {
      const parsed = step.schema.safeParse(text);
      if (!parsed.success) {
        const issue = parsed.error.issues[0] as
          | { message?: string; maximum?: number | bigint; minimum?: number | bigint }
          | undefined;
        const args: Record<string, number> = {};
        if (issue?.maximum !== undefined) args.max = Number(issue.maximum);
        if (issue?.minimum !== undefined) args.min = Number(issue.minimum);
        return { retry: issue?.message ?? "conversation-invalid", args };
      }
      return { kind: "text", text: parsed.data };
    }
    return { kind: "text", text };
  }

  /** Whether typed text is one of the prompt's choice labels ("gửi" for [Gửi]), so it is read as that choice. */
  private async namesChoice(ctx: BotContext, step: Step<unknown>, data: unknown, text?: string): Promise<boolean> {
    const typed = foldVietnamese((text ?? "").trim());
    if (!typed || typed.length > 80) return false;
    const prompt = await step.prompt(ctx, data);
    return (prompt.choices ?? []).some((c) => foldVietnamese(c.label) === typed);
  }

  private async retry(
    ctx: BotContext,
    flow: Flow,
    stepId: string,
    data: unknown,
    reason: string,
    args?: Record<string, string | number>,
  ): Promise<void> {
    ctx.say(reason, args);
    await this.touch(ctx);
    await this.ask(ctx, flow, stepId, data);
  }

  private async ask(ctx: BotContext, flow: Flow, stepId: string, data: unknown): Promise<void> {
    const step = flow.steps[stepId];
    if (!step) throw new Error(`flow ${flow.id} has no step ${stepId}`);
    const prompt = await step.prompt(ctx, data);
    ctx.reply({ kind: "text", text: prompt.text, ...(prompt.choices?.length ? { choices: prompt.choices } : {}) });
  }

  private key(ctx: BotContext) {
    return { platform: ctx.event.platform, chatId: ctx.event.chat.id, userId: ctx.event.sender.id };
  }

  private expiry(ctx: BotContext): string {
    return sqlTime(new Date(ctx.now().getTime() + this.idleMinutes * 60_000));
  }

  private async save(ctx: BotContext, flow: string, step: string, state: unknown): Promise<void> {
    await this.hot.saveConversation(
      this.key(ctx),
      flow,
      step,
      JSON.stringify(state ?? null),
      sqlTime(ctx.now()),
      this.expiry(ctx),
    );
  }

  private async touch(ctx: BotContext): Promise<void> {
    await this.hot.touchConversation(this.key(ctx), this.expiry(ctx));
  }
}

/** Builds the choices of a step with payloads the engine recognises. */
export function choicesFor(flow: Flow, step: string, items: { id: string | number; label: string }[]): Choice[] {
  return items.map((i) => ({ id: choicePayload(flow, step, String(i.id)), label: i.label }));
}

/** Members' opinions (give, list, edit, withdraw) and chairs' meeting results, while a consultation is open. */

import type { Clock } from "../clock.js";
import type { Db } from "../db/client.js";
import { isOpen, OPINION_KINDS, type OpinionKind } from "../domain/opinions.js";
import { can } from "../domain/scope.js";
import { cleanText, hasVisibleText } from "../domain/text.js";
import { isInSubtree } from "../domain/units.js";
import { audit } from "./audit.js";
import type { Actor } from "./people.js";
import { writtenOnce } from "./step-outcomes.js";

export type OpinionProblem =
  | "closed"
  | "unit-not-covered"
  | "not-member"
  | "too-long"
  | "empty"
  | "unknown-item"
  | "not-found"
  | "withdrawn"
  | "not-allowed";

export interface NewOpinion {
  consultationId: number;
  itemId: number;
  unitId: number;
  kind: OpinionKind;
  text?: string;
  voice?: { fileRef: string; durationSec?: number };
  /** The conversation step this opinion answers (`ctx.stepKey`): the same step handled again stores nothing more. */
  stepKey?: string;
}

export interface MeetingInput {
  consultationId: number;
  unitId: number;
  heldOn: string;
  attendees: number;
  items: { itemId: number; counts: Record<OpinionKind, number>; keyPoints: string }[];
}

export class OpinionService {
  constructor(
    private readonly db: Db,
    private readonly clock: Clock,
    private readonly maxLength: number,
  ) {}

  /** Checks that the consultation is open, covers the unit, and the person may speak for the unit. */
  private async check(
    actor: Actor,
    consultationId: number,
    unitId: number,
    action: "give-opinion" | "manage",
  ): Promise<OpinionProblem | undefined> {
    const c = await this.db.consultation.findUniqueOrThrow({
      where: { id: consultationId },
      include: { rootUnit: true },
    });
    if (!isOpen(c, this.clock.now())) return "closed";
    const unit = await this.db.unit.findUniqueOrThrow({ where: { id: unitId } });
    if (!isInSubtree(c.rootUnit.path, unit.path)) return "unit-not-covered";
    if (!can(actor.grants, action, unit.path)) return action === "manage" ? "not-allowed" : "not-member";
    return undefined;
  }

  async give(
    actor: Actor,
    input: NewOpinion,
  ): Promise<{ ok: true; id: number } | { ok: false; problem: OpinionProblem }> {
    const problem = await this.check(actor, input.consultationId, input.unitId, "give-opinion");
    if (problem) return { ok: false, problem };
    const cleaned = input.text === undefined ? undefined : cleanText(input.text).trim();
    // "Đồng ý" may stand alone; every other kind needs visible words or a voice message.
    const text = hasVisibleText(cleaned) ? cleaned : undefined;
    if (!input.voice && !text && input.kind !== "agree") return { ok: false, problem: "empty" };
    if (text && text.length > this.maxLength) return { ok: false, problem: "too-long" };
    const item = await this.db.consultationItem.findFirst({
      where: { id: input.itemId, consultationId: input.consultationId },
    });
    if (!item) return { ok: false, problem: "unknown-item" };
    const id = await writtenOnce(this.db, input.stepKey, async (tx) => {
      const created = await tx.opinion.create({
        data: {
          consultationId: input.consultationId,
          itemId: input.itemId,
          unitId: input.unitId,
          personId: actor.personId,
          kind: input.kind,
          text: text ?? null,
          voiceFileRef: input.voice?.fileRef ?? null,
          voiceDuration: input.voice?.durationSec ?? null,
        },
      });
      const key = { consultationId: input.consultationId, unitId: input.unitId, personId: actor.personId };
      await tx.participation.upsert({
        where: { consultationId_unitId_personId: key },
        create: { ...key, opinions: 1 },
        update: { opinions: { increment: 1 } },
      });
      return created.id;
    });
    return { ok: true, id };
  }

  /** The person's opinions in consultations still open, newest first. */
  async mine(personId: number) {
    const rows = await this.db.opinion.findMany({
      where: { personId, status: "active" },
      include: { item: true, consultation: true, unit: true },
      orderBy: { id: "desc" },
      take: 30,
    });
    const now = this.clock.now();
    return rows.filter((o) => isOpen(o.consultation, now));
  }

  /** One of the person's active opinions by its id, whether or not its consultation is still open. */
  async activeOf(personId: number, opinionId: number) {
    return this.db.opinion.findFirst({
      where: { id: opinionId, personId, status: "active" },
      include: { item: true, consultation: true, unit: true },
    });
  }

  private async own(
    personId: number,
    opinionId: number,
  ): Promise<{ problem: OpinionProblem } | { problem?: undefined }> {
    const o = await this.db.opinion.findUnique({ where: { id: opinionId }, include: { consultation: true } });
    if (!o || o.personId !== personId) return { problem: "not-found" };
    if (o.status === "withdrawn") return { problem: "withdrawn" };
    if (!isOpen(o.consultation, this.clock.now())) return { problem: "closed" };
    return {};
  }

  async edit(
    personId: number,
    opinionId: number,
    text: string,
  ): Promise<{ ok: true } | { ok: false; problem: OpinionProblem }> {
    const found = await this.own(personId, opinionId);
    if (found.problem) return { ok: false, problem: found.problem };
    const clean = cleanText(text).trim();
    if (!hasVisibleText(clean)) return { ok: false, problem: "empty" };
    if (clean.length > this.maxLength) return { ok: false, problem: "too-long" };
    await this.db.opinion.update({ where: { id: opinionId }, data: { text: clean } });
    return { ok: true };
  }

  async withdraw(personId: number, opinionId: number): Promise<{ ok: true } | { ok: false; problem: OpinionProblem }> {
    const found = await this.own(personId, opinionId);
    if (found.problem) return { ok: false, problem: found.problem };
    const withdrawn = await this.db.$transaction(async (tx) => {
      const o = await tx.opinion.findUniqueOrThrow({ where: { id: opinionId } });
      const { count } = await tx.opinion.updateMany({
        where: { id: opinionId, status: "active" },
        data: { status: "withdrawn" },
      });
      if (!count) return false;
      const key = { consultationId: o.consultationId, unitId: o.unitId, personId: o.personId };
      await tx.participation.updateMany({ where: key, data: { opinions: { decrement: 1 } } });
      await tx.participation.deleteMany({ where: { ...key, opinions: { lte: 0 } } });
      return true;
    });
    return withdrawn ? { ok: true } : { ok: false, problem: "withdrawn" };
  }

  async meetingOf(consultationId: number, unitId: number) {
    return this.db.meetingResult.findUnique({
      where: { consultationId_unitId: { consultationId, unitId } },
      include: { items: true },
    });
  }

  /** Saves (or replaces) a unit meeting's results; a chair may edit them until the consultation closes. */
  async saveMeeting(
    actor: Actor,
    input: MeetingInput,
  ): Promise<{ ok: true; updated: boolean } | { ok: false; problem: OpinionProblem }> {
    const problem = await this.check(actor, input.consultationId, input.unitId, "manage");
    if (problem) return { ok: false, problem };
    const updated = await this.db.$transaction(async (tx) => {
      const existing = await tx.meetingResult.findUnique({
        where: { consultationId_unitId: { consultationId: input.consultationId, unitId: input.unitId } },
      });
      const meeting = existing
        ? await tx.meetingResult.update({
            where: { id: existing.id },
            data: { heldOn: input.heldOn, attendees: input.attendees, enteredById: actor.personId },
          })
        : await tx.meetingResult.create({
            data: {
              consultationId: input.consultationId,
              unitId: input.unitId,
              heldOn: input.heldOn,
              attendees: input.attendees,
              enteredById: actor.personId,
            },
          });
      await tx.meetingItem.deleteMany({ where: { meetingId: meeting.id } });
      for (const item of input.items) {
        await tx.meetingItem.create({
          data: {
            meetingId: meeting.id,
            itemId: item.itemId,
            keyPoints: item.keyPoints.slice(0, this.maxLength),
            countAgree: item.counts.agree,
            countAdd: item.counts.add,
            countAmend: item.counts.amend,
            countPropose: item.counts.propose,
            countOther: item.counts.other,
          },
        });
      }
      return !!existing;
    });
    await audit(this.db, actor, updated ? "meeting.update" : "meeting.create", `unit:${input.unitId}`, {
      consultation: input.consultationId,
    });
    return { ok: true, updated };
  }
}

export { OPINION_KINDS };

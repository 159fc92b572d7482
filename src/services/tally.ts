/**
 * The tally of a consultation for a unit and everything under it, computed by the database: grouped queries over
 * covering indexes, the subtree read once by its path range, and the counts rolled up in one pass (domain/tally.ts).
 */
import type { Clock } from "../clock.js";
import { type Db, openReader } from "../db/client.js";
import type { Reader } from "../db/reader.js";
import { isOpinionKind, OPINION_KINDS } from "../domain/opinions.js";
import { type Counts, emptyCounts, rollUp, type TallyNode, type UnitInfo, zeroKinds } from "../domain/tally.js";
import type { ConsultationRow, ConsultationService } from "./consultations.js";
import type { Actor } from "./people.js";
import { type UnitRow, type UnitService, upperBound } from "./units.js";

export interface Tally {
  consultation: ConsultationRow;
  open: boolean;
  root: TallyNode;
  at: Date;
}

export type TallyResult =
  | { ok: true; tally: Tally }
  | {
      ok: false;
      problem: "unknown-unit" | "not-allowed" | "no-scope" | "unknown-consultation" | "no-consultation";
      unit?: UnitRow;
    };

export class TallyService {
  constructor(
    private readonly db: Db,
    private readonly units: UnitService,
    private readonly consultations: ConsultationService,
    private readonly clock: Clock,
  ) {}

  private opened?: Reader;

  /** The big aggregates are read on the engine's own driver (db/reader.ts): Prisma costs microseconds a row. */
  private get reader(): Reader {
    this.opened ??= openReader(this.db);
    return this.opened;
  }

  /** Gives back the reader's connection and page cache after a big read (reopened by the next tally). */
  releaseReader(): void {
    this.opened?.release();
  }

  /** Resolves "/tonghop [UNIT] [CONSULTATION]" for a person: their own scope by default, never outside it. */
  async forActor(actor: Actor, unitCode?: string, consultationCode?: string): Promise<TallyResult> {
    const found = await this.units.inScope(actor, unitCode);
    if (!found.ok) return found;
    const { unit } = found;
    const consultation = consultationCode
      ? await this.consultations.byCode(consultationCode)
      : await this.consultations.latestFor(unit.path);
    if (!consultation)
      return { ok: false, problem: consultationCode ? "unknown-consultation" : "no-consultation", unit };
    return { ok: true, tally: await this.compute(consultation, unit) };
  }

  async compute(consultation: ConsultationRow, unit: UnitRow, at = this.clock.now()): Promise<Tally> {
    const lo = unit.path;
    const hi = upperBound(unit.path);
    const units = await this.reader.rows<UnitInfo>(
      `SELECT id, "parentId", code, name, depth, "memberCount", active FROM "Unit" WHERE path >= ? AND path < ?`,
      lo,
      hi,
    );
    // The only top-level unit holds every unit: its tally needs no subtree filter (the common "province" case).
    const wholeTree = unit.parentId === null && (await this.db.unit.count({ where: { parentId: null } })) === 1;
    const inSubtree = wholeTree ? "" : `AND "unitId" IN (SELECT id FROM "Unit" WHERE path >= ? AND path < ?)`;
    const range = wholeTree ? [] : [lo, hi];
    const own = new Map<number, Counts>();
    const of = (id: number) => {
      let c = own.get(id);
      if (!c) own.set(id, (c = emptyCounts()));
      return c;
    };
    const byKind = await this.reader.rows<{ unitId: number; itemId: number; kind: string; n: number | bigint }>(
      `SELECT "unitId", "itemId", kind, COUNT(*) AS n FROM "Opinion"
        WHERE "consultationId" = ? AND status = 'active' ${inSubtree}
        GROUP BY "unitId", "itemId", kind`,
      consultation.id,
      ...range,
    );
    for (const r of byKind) {
      if (!isOpinionKind(r.kind)) continue;
      const c = of(Number(r.unitId));
      const n = Number(r.n);
      c.opinions += n;
      c.byKind[r.kind] += n;
      (c.byItem[Number(r.itemId)] ??= zeroKinds())[r.kind] += n;
    }
    const people = await this.reader.rows<{ unitId: number; n: number | bigint }>(
      `SELECT "unitId", COUNT(*) AS n FROM "Participation" WHERE "consultationId" = ? ${inSubtree} GROUP BY "unitId"`,
      consultation.id,
      ...range,
    );
    for (const r of people) of(Number(r.unitId)).people = Number(r.n);
    const meetings = await this.db.$queryRawUnsafe<
      {
        unitId: number;
        attendees: number;
        itemId: number | null;
        a: number;
        b: number;
        c: number;
        d: number;
        e: number;
      }[]
    >(
      `SELECT m."unitId", m.attendees, i."itemId",
              i."countAgree" AS a, i."countAdd" AS b, i."countAmend" AS c, i."countPropose" AS d, i."countOther" AS e
         FROM "MeetingResult" m LEFT JOIN "MeetingItem" i ON i."meetingId" = m.id
        WHERE m."consultationId" = ? AND m."unitId" IN (SELECT id FROM "Unit" WHERE path >= ? AND path < ?)`,
      consultation.id,
      lo,
      hi,
    );
    const seenMeeting = new Set<number>();
    for (const r of meetings) {
      const c = of(Number(r.unitId));
      if (!seenMeeting.has(Number(r.unitId))) {
        seenMeeting.add(Number(r.unitId));
        c.meetings += 1;
        c.attendees += Number(r.attendees);
      }
      if (r.itemId === null) continue;
      const values = [r.a, r.b, r.c, r.d, r.e].map(Number);
      const item = (c.meetingByItem[Number(r.itemId)] ??= zeroKinds());
      OPINION_KINDS.forEach((k, i) => {
        item[k] += values[i]!;
        c.meetingByKind[k] += values[i]!;
        c.meetingOpinions += values[i]!;
      });
    }
    const root = rollUp(
      unit.id,
      units.map((u) => ({
        ...u,
        id: Number(u.id),
        parentId: u.parentId === null ? null : Number(u.parentId),
        depth: Number(u.depth),
        memberCount: Number(u.memberCount),
        active: Boolean(u.active),
      })),
      own,
    );
    return { consultation, open: this.consultations.isOpen(consultation), root, at };
  }
}

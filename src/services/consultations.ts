/** Consultations (đợt lấy ý kiến): opening, closing, and which are open for a member's units. */
import type { Clock } from "../clock.js";
import type { Db } from "../db/client.js";
import { withNextNumber } from "../db/numbering.js";
import { isOpen } from "../domain/opinions.js";
import { can } from "../domain/scope.js";
import { isInSubtree } from "../domain/units.js";
import { audit } from "./audit.js";
import type { Actor } from "./people.js";
import { writtenOnce } from "./step-outcomes.js";
import type { UnitService } from "./units.js";

export type ConsultationRow = Awaited<ReturnType<Db["consultation"]["findUniqueOrThrow"]>> & {
  items: { id: number; position: number; title: string }[];
  rootUnit: { id: number; code: string; name: string; path: string };
};

export type OpenResult =
  | { ok: true; consultation: ConsultationRow }
  | { ok: false; problem: "unknown-unit" | "not-allowed" | "no-items" | "closes-in-past" | "bad-title" };

/** Queues the opening notice of a consultation on the transaction that stores it (consultation-notices.ts). */
export type OpeningNotice = (
  consultation: { id: number; code: string; title: string; closesAt: Date; rootUnit: { path: string; name: string } },
  tx: Db,
) => Promise<number>;

export class ConsultationService {
  constructor(
    private readonly db: Db,
    private readonly units: UnitService,
    private readonly clock: Clock,
    /** Without it (tools, tests of the service alone) nothing is queued at opening; the scheduler still announces it. */
    private readonly openingNotice?: OpeningNotice,
  ) {}

  async open(
    actor: Actor,
    input: { title: string; items: string[]; rootUnitCode: string; closesAt: Date; planId?: number },
    /** The conversation step that opens it (`ctx.stepKey`): the same step handled again opens nothing more. */
    stepKey?: string,
  ): Promise<OpenResult> {
    const root = await this.units.byCode(input.rootUnitCode);
    if (!root) return { ok: false, problem: "unknown-unit" };
    if (!can(actor.grants, "consult", root.path)) return { ok: false, problem: "not-allowed" };
    const items = input.items.map((i) => i.trim()).filter(Boolean);
    if (!items.length) return { ok: false, problem: "no-items" };
    const title = input.title.trim();
    if (!title || title.length > 500) return { ok: false, problem: "bad-title" };
    const now = this.clock.now();
    if (input.closesAt <= now) return { ok: false, problem: "closes-in-past" };
    const created = await withNextNumber(() =>
      writtenOnce(this.db, stepKey, async (tx) => {
        const count = await tx.consultation.count();
        const c = await tx.consultation.create({
          data: {
            code: `GY${count + 1}`,
            title,
            planId: input.planId ?? null,
            rootUnitId: root.id,
            opensAt: now,
            closesAt: input.closesAt,
            createdById: actor.personId,
            items: { create: items.map((t, i) => ({ position: i + 1, title: t.slice(0, 1000) })) },
          },
        });
        // The notice commits with the opening: no clock move, restart or downtime can leave the groups without it.
        await this.openingNotice?.({ ...c, rootUnit: root }, tx as unknown as Db);
        await audit(tx as unknown as Db, actor, "consultation.open", `consultation:${c.id}`, {
          root: root.code,
          items: items.length,
        });
        return c.id;
      }),
    );
    return { ok: true, consultation: await this.byId(created) };
  }

  async close(
    actor: Actor,
    code: string,
  ): Promise<
    { ok: true; consultation: ConsultationRow } | { ok: false; problem: "unknown" | "not-allowed" | "already-closed" }
  > {
    const c = await this.byCode(code);
    if (!c) return { ok: false, problem: "unknown" };
    if (!can(actor.grants, "consult", c.rootUnit.path)) return { ok: false, problem: "not-allowed" };
    if (!isOpen(c, this.clock.now())) return { ok: false, problem: "already-closed" };
    await this.db.consultation.update({ where: { id: c.id }, data: { closedAt: this.clock.now() } });
    await audit(this.db, actor, "consultation.close", `consultation:${c.id}`);
    return { ok: true, consultation: await this.byId(c.id) };
  }

  /** Records the closing of consultations whose closing time has passed (they are already closed for every reader). */
  async closeDue(): Promise<number> {
    const now = this.clock.now();
    const { count } = await this.db.consultation.updateMany({
      where: { closedAt: null, closesAt: { lte: now } },
      data: { closedAt: now },
    });
    return count;
  }

  async byCode(raw: string): Promise<ConsultationRow | undefined> {
    const code = raw.trim().toUpperCase();
    if (!/^[A-Z0-9-]{1,20}$/.test(code)) return undefined;
    return (
      (await this.db.consultation.findUnique({
        where: { code },
        include: { items: { orderBy: { position: "asc" } }, rootUnit: true },
      })) ?? undefined
    );
  }

  async byId(id: number): Promise<ConsultationRow> {
    return this.db.consultation.findUniqueOrThrow({
      where: { id },
      include: { items: { orderBy: { position: "asc" } }, rootUnit: true },
    });
  }

  /** Open consultations covering any of these unit paths, newest first. */
  async openCovering(unitPaths: string[]): Promise<ConsultationRow[]> {
    const now = this.clock.now();
    const all = await this.db.consultation.findMany({
      where: { closedAt: null, opensAt: { lte: now }, closesAt: { gt: now } },
      include: { items: { orderBy: { position: "asc" } }, rootUnit: true },
      orderBy: { id: "desc" },
    });
    return all.filter((c) => unitPaths.some((p) => isInSubtree(c.rootUnit.path, p)));
  }

  /** The newest consultations (open first) reaching a unit path: for tallies and exports. */
  async latestFor(unitPath: string): Promise<ConsultationRow | undefined> {
    const all = await this.db.consultation.findMany({
      include: { items: { orderBy: { position: "asc" } }, rootUnit: true },
      orderBy: { id: "desc" },
      take: 50,
    });
    const now = this.clock.now();
    const reaching = all.filter(
      (c) => isInSubtree(c.rootUnit.path, unitPath) || isInSubtree(unitPath, c.rootUnit.path),
    );
    return reaching.find((c) => isOpen(c, now)) ?? reaching[0];
  }

  isOpen(c: ConsultationRow): boolean {
    return isOpen(c, this.clock.now());
  }
}

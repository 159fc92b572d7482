/**
 * Deadline reminders: at each reminder moment (REMINDER_OFFSETS_DAYS around the due day, then every
 * OVERDUE_REMINDER_EVERY_DAYS while overdue) every owing unit that still owes the occurrence is reminded in each of
 * its group chats. A unit gets at most ONE reminder message a day: everything due for it that morning (or missed
 * during downtime) goes into one message, queued in the outbox under `rem:<unit>:<local day>:<platform>:<chat>`.
 * Each item it carries (occurrence, unit, day offset) is put on record in `ReminderSent` in the same transaction, so
 * an item is carried once whatever happens later (the next day's run, a restart, a second scheduler or process):
 * whoever queues the unit's message of the day records its items; the others find the key taken and record nothing,
 * and an item left over waits for the next day's message.
 */
import type { Clock } from "../clock.js";
import type { Config } from "../config.js";
import { type Db, openReader, sqlTime } from "../db/client.js";
import type { Reader } from "../db/reader.js";
import { dueWithPhrase, localParts } from "../domain/dates/due.js";
import { periodText } from "../domain/dates/periods.js";
import { unitState } from "../domain/occurrences.js";
import { dueReminder, nextReminderAt, reminderSlots } from "../domain/reminders.js";
import type { I18n, Language } from "../i18n.js";
import type { Choice } from "../platforms/port.js";
import {
  type DeadlineBoard,
  type DeadlineRow,
  type OccurrenceRow,
  type OwingUnit,
  recordOf,
  reminderRules,
} from "./deadline-board.js";
import type { DeadlineService } from "./deadlines.js";
import { figuresButton, type IndicatorService } from "./indicators.js";
import type { OutboxItem, OutboxService } from "./outbox.js";

const DAY_MS = 86_400_000;
/** How far ahead the playground's "next reminder" looks. */
const HORIZON_MS = 400 * DAY_MS;
/**
 * Units whose messages are queued in one transaction: a commit through Prisma's interactive transaction costs
 * milliseconds, and a country's 07:30 queues tens of thousands (48,000 messages: 31 s in transactions of 50 units,
 * 15 s in transactions of 250); one of 250 units holds SQLite's write lock for about a tenth of a second.
 */
const UNITS_PER_TRANSACTION = 250;
/** Items listed in one message; the rest are counted (a Zalo message holds 2,000 characters). */
const MAX_ITEMS = 10;
/** (occurrence, offset) pairs per ledger query: two parameters each, under SQLite's 999. */
const PAIRS_PER_QUERY = 400;
/** Unit ids per chat query. */
const UNITS_PER_QUERY = 500;
/** ReminderSent rows per INSERT: five parameters each. */
const LEDGER_ROWS_PER_INSERT = 150;

/** One thing a unit is reminded of: an occurrence, at the reminder named by its day offset. */
interface DueItem {
  board: DeadlineBoard;
  occurrence: OccurrenceRow;
  offsetDays: number;
}

type Chat = { platform: string; platformChatId: string };

/** What a deadline's reminder says of its figures: the lines of a single item, and the indicators' names. */
interface FiguresAsked {
  lines: string[];
  names: string[];
}

export class DeadlineReminderService {
  constructor(
    private readonly db: Db,
    private readonly deadlines: DeadlineService,
    /** Says which figures a deadline asks for, so its reminders carry them and a button to report them. */
    private readonly indicators: IndicatorService,
    private readonly outbox: OutboxService,
    private readonly i18n: I18n,
    private readonly config: Config,
    private readonly clock: Clock,
  ) {}

  private t(key: string, args?: Record<string, string | number>, lang: Language = this.config.defaultLanguage): string {
    return this.i18n.t(lang, key, args);
  }

  /** The active group chats of these units (their ids in chunks, under SQLite's parameter limit). */
  private async groupChatsOf(unitIds: number[]): Promise<Map<number, Chat[]>> {
    const map = new Map<number, Chat[]>();
    for (let i = 0; i < unitIds.length; i += UNITS_PER_QUERY) {
      const chats = await this.db.chat.findMany({
        where: { kind: "group", status: "active", unitId: { in: unitIds.slice(i, i + UNITS_PER_QUERY) } },
        orderBy: { id: "asc" },
      });
      for (const c of chats) if (c.unitId !== null) map.set(c.unitId, [...(map.get(c.unitId) ?? []), c]);
    }
    return map;
  }

  private opened?: Reader;

  /** The ledger is read on the engine's own driver (db/reader.ts): a country's units are many rows for Prisma. */
  private get reader(): Reader {
    this.opened ??= openReader(this.db);
    return this.opened;
  }

  /** How an occurrence stands at `now` for a unit that still owes it, in words ("còn 3 ngày"). */
  private when(occ: OccurrenceRow, now: Date, lang?: Language): string {
    const state = unitState(occ, undefined, now, this.config.timezone);
    return state.kind === "upcoming"
      ? this.t("reminder-days-left", { n: state.daysLeft }, lang)
      : state.kind === "due-today"
        ? this.t("reminder-today", undefined, lang)
        : this.t("reminder-overdue", { n: state.kind === "overdue" ? state.days : 0 }, lang);
  }

  /** The text of the reminder a unit gets for one occurrence at `now`. */
  reminderText(deadline: DeadlineRow, occ: OccurrenceRow, unitName: string, now: Date, lang?: Language): string {
    return this.t(
      "reminder-text",
      {
        unit: unitName,
        what: deadline.what,
        due: dueWithPhrase(
          occ.dueAt,
          periodText((k, a) => this.t(k, a, lang), occ.label),
          this.config.timezone,
        ),
        when: this.when(occ, now, lang),
        code: deadline.code,
      },
      lang,
    );
  }

  /**
   * A unit's message of the day: one item reads as before; several are listed by due day, with the figures each
   * figures deadline asks for and a button per figures deadline.
   */
  private message(
    unit: OwingUnit,
    items: DueItem[],
    now: Date,
    figuresOf: Map<number, FiguresAsked>,
  ): { text: string; choices: Choice[] } {
    const deadlines = [...new Map(items.map((i) => [i.board.deadline.id, i.board.deadline])).values()];
    const asked = new Map(deadlines.map((d) => [d.id, figuresOf.get(d.id)?.lines ?? []]));
    const figures = deadlines.filter((d) => asked.get(d.id)?.length);
    const choices = figures.map((d) =>
      figuresButton(
        d.code,
        figures.length > 1 ? this.t("figures-button-for", { code: d.code }) : this.t("figures-button"),
      ),
    );
    if (items.length === 1) {
      const [only] = items as [DueItem];
      const text = this.reminderText(only.board.deadline, only.occurrence, unit.name, now);
      return { text: [text, ...(asked.get(only.board.deadline.id) ?? [])].join("\n"), choices };
    }
    const tz = this.config.timezone;
    const lines = [this.t("reminder-combined-title", { unit: unit.name, n: items.length })];
    for (const [i, item] of items.slice(0, MAX_ITEMS).entries())
      lines.push(
        this.t("reminder-combined-line", {
          i: i + 1,
          code: item.board.deadline.code,
          what: item.board.deadline.what,
          due: dueWithPhrase(
            item.occurrence.dueAt,
            periodText((k, a) => this.t(k, a), item.occurrence.label),
            tz,
          ),
          when: this.when(item.occurrence, now),
        }),
      );
    if (items.length > MAX_ITEMS) lines.push(this.t("reminder-combined-more", { n: items.length - MAX_ITEMS }));
    if (figures.length === 1) lines.push(...(asked.get((figures[0] as DeadlineRow).id) ?? []));
    else if (figures.length) {
      for (const d of figures)
        lines.push(this.t("figures-asked-for", { code: d.code, list: figuresOf.get(d.id)?.names.join("; ") ?? "" }));
      lines.push(this.t("figures-asked-how"));
    }
    lines.push(this.t("reminder-combined-footer", { code: (items[0] as DueItem).board.deadline.code }));
    return { text: lines.join("\n"), choices };
  }

  /**
   * The scheduler's tick: for each occurrence whose latest reminder time has come (within the catch-up window), the
   * units that still owe it and have a group chat; minus the items already carried by an earlier message; then one
   * message per unit (and chat) for the day, listing what is left.
   */
  async queueReminders(): Promise<number> {
    const now = this.clock.now();
    const due = await this.dueNow(now);
    if (!due.length) return 0;
    const byUnit = await this.leftToCarry(due);
    // Chats are read only for units with something left to carry (most minutes: none but those without a chat).
    const chats = byUnit.size ? await this.groupChatsOf([...byUnit.keys()]) : new Map<number, Chat[]>();
    for (const id of byUnit.keys()) if (!chats.has(id)) byUnit.delete(id);
    if (!byUnit.size) return 0;
    const figuresOf = await this.figuresAsked(due);
    const p = localParts(now, this.config.timezone);
    const day = `${p.year}-${String(p.month).padStart(2, "0")}-${String(p.day).padStart(2, "0")}`;
    // Units in id order, so two processes queueing at once take the keys in the same order (no deadlock).
    const units = [...byUnit.values()].sort((a, b) => a.unit.id - b.unit.id);
    let queued = 0;
    for (let i = 0; i < units.length; i += UNITS_PER_TRANSACTION) {
      const batch = units.slice(i, i + UNITS_PER_TRANSACTION).map(({ unit, items }) => {
        items.sort(
          (a, b) =>
            a.occurrence.dueAt.getTime() - b.occurrence.dueAt.getTime() || a.board.deadline.id - b.board.deadline.id,
        );
        const { text, choices } = this.message(unit, items, now, figuresOf);
        const messages: OutboxItem[] = (chats.get(unit.id) ?? []).map((chat) => ({
          key: `rem:${unit.id}:${day}:${chat.platform}:${chat.platformChatId}`,
          platform: chat.platform,
          platformChatId: chat.platformChatId,
          kind: "reminder",
          unitId: unit.id,
          reply: { kind: "text", text, ...(choices.length ? { choices } : {}) },
        }));
        return { unit, items, messages };
      });
      queued += await this.queueBatch(batch, now);
    }
    return queued;
  }

  /** The occurrences whose latest reminder time has come (within the catch-up window), with the units still owing. */
  private async dueNow(now: Date): Promise<{ item: DueItem; units: OwingUnit[] }[]> {
    const before = Math.max(0, ...this.config.reminders.offsetsDays) + 1;
    const boards = await this.deadlines.boards(
      { all: true },
      { dueBefore: new Date(now.getTime() + before * DAY_MS), openOnly: true },
    );
    const window = new Date(now.getTime() - 8 * DAY_MS);
    const due: { item: DueItem; units: OwingUnit[] }[] = [];
    for (const board of boards)
      for (const occurrence of board.occurrences) {
        const units = board.units.filter((u) => !recordOf(board, occurrence.id, u.id));
        if (!units.length) continue;
        const slots = reminderSlots(
          occurrence.dueAt,
          board.deadline.createdAt,
          now,
          reminderRules(this.config),
          window,
        );
        const reminder = dueReminder(slots, now);
        if (reminder) due.push({ item: { board, occurrence, offsetDays: reminder.offsetDays }, units });
      }
    return due;
  }

  /** Per unit, the due items no earlier message carried. */
  private async leftToCarry(
    due: { item: DueItem; units: OwingUnit[] }[],
  ): Promise<Map<number, { unit: OwingUnit; items: DueItem[] }>> {
    const carried = await this.carried(due.map((d) => d.item));
    const byUnit = new Map<number, { unit: OwingUnit; items: DueItem[] }>();
    for (const { item, units } of due)
      for (const unit of units) {
        if (carried.has(`${item.occurrence.id}:${unit.id}:${item.offsetDays}`)) continue;
        const entry = byUnit.get(unit.id) ?? { unit, items: [] };
        entry.items.push(item);
        byUnit.set(unit.id, entry);
      }
    return byUnit;
  }

  /** What each deadline asks for, read once for every unit's message. */
  private async figuresAsked(due: { item: DueItem }[]): Promise<Map<number, FiguresAsked>> {
    const figuresOf = new Map<number, FiguresAsked>();
    for (const { item } of due)
      if (!figuresOf.has(item.board.deadline.id))
        figuresOf.set(item.board.deadline.id, {
          lines: await this.indicators.askedFor(item.board.deadline.id, (k, a) => this.t(k, a)),
          names: (await this.indicators.indicatorsOf(item.board.deadline.id)).map((x) => x.name),
        });
    return figuresOf;
  }

  /** One transaction: the units' messages queued, and the items they carry written to the ledger; returns how many. */
  private async queueBatch(
    batch: { unit: OwingUnit; items: DueItem[]; messages: OutboxItem[] }[],
    now: Date,
  ): Promise<number> {
    return this.db.$transaction(async (tx) => {
      const added = await this.outbox.enqueueNew(
        batch.flatMap((b) => b.messages),
        tx as unknown as Db,
      );
      // A unit none of whose keys was new has had its message today: what is left waits for tomorrow's.
      const carriedNow = batch.flatMap(({ unit, items, messages }) => {
        const key = messages.find((m) => added.has(m.key))?.key;
        return key ? items.map((item) => [item.occurrence.id, unit.id, item.offsetDays, key, sqlTime(now)]) : [];
      });
      for (let j = 0; j < carriedNow.length; j += LEDGER_ROWS_PER_INSERT) {
        const rows = carriedNow.slice(j, j + LEDGER_ROWS_PER_INSERT);
        await tx.$executeRawUnsafe(
          `INSERT INTO "ReminderSent" ("occurrenceId", "unitId", "offsetDays", "messageKey", "createdAt")
           VALUES ${rows.map(() => "(?, ?, ?, ?, ?)").join(", ")} ON CONFLICT DO NOTHING`,
          ...rows.flat(),
        );
      }
      return added.size;
    });
  }

  /** The (occurrence:unit:offset) items already carried by a message, among the reminders due now. */
  private async carried(items: DueItem[]): Promise<Set<string>> {
    const out = new Set<string>();
    for (let i = 0; i < items.length; i += PAIRS_PER_QUERY) {
      const pairs = items.slice(i, i + PAIRS_PER_QUERY);
      const rows = await this.reader.rows<{ occurrenceId: number; unitId: number; offsetDays: number }>(
        `SELECT "occurrenceId" AS "occurrenceId", "unitId" AS "unitId", "offsetDays" AS "offsetDays"
           FROM "ReminderSent" WHERE ${pairs.map(() => `("occurrenceId" = ? AND "offsetDays" = ?)`).join(" OR ")}`,
        ...pairs.flatMap((p) => [p.occurrence.id, p.offsetDays]),
      );
      for (const r of rows) out.add(`${Number(r.occurrenceId)}:${Number(r.unitId)}:${Number(r.offsetDays)}`);
    }
    return out;
  }

  /** The next moment a reminder falls due for some unit still owing (the playground's "advance the clock"). */
  async nextReminderAt(): Promise<Date | undefined> {
    const now = this.clock.now();
    const until = new Date(now.getTime() + HORIZON_MS);
    const boards = await this.deadlines.boards({ all: true }, { dueBefore: until, openOnly: true });
    let next: Date | undefined;
    for (const board of boards) {
      for (const occ of board.occurrences) {
        if (board.units.every((u) => recordOf(board, occ.id, u.id))) continue;
        const at = nextReminderAt(
          reminderSlots(occ.dueAt, board.deadline.createdAt, until, reminderRules(this.config), now),
          now,
        );
        if (at && (!next || at < next)) next = at;
      }
    }
    return next;
  }
}

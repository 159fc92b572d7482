/** The application graph as main.ts builds it, on a fresh database, with a movable clock and fake settings. */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { type App, createApp } from "../../src/app.js";
import { FakeClock } from "../../src/clock.js";
import { loadConfig } from "../../src/config.js";
import type { Db } from "../../src/db/client.js";
import { silentLogger } from "../../src/logger.js";
import type { Capabilities, Choice, IncomingEvent, Outgoing, PlatformName, Reply } from "../../src/platforms/port.js";
import { TELEGRAM_CAPABILITIES } from "../../src/platforms/telegram/sender.js";
import { importUnits } from "../../src/services/unit-import.js";
import { freshDb } from "./db.js";

export const EXAMPLE_UNITS = fs.readFileSync(
  path.join(import.meta.dirname, "..", "..", "examples", "units-lai-chau.csv"),
  "utf8",
);

export async function testApp(
  options: { env?: Record<string, string>; db?: Db; clock?: FakeClock; units?: string | false } = {},
): Promise<App & { clock: FakeClock }> {
  const db = options.db ?? (await freshDb()).db;
  const cwd = fs.mkdtempSync(path.join(os.tmpdir(), "app-"));
  const config = loadConfig({ ADMIN_IDS: "telegram:9000,zalo:9000,web:admin", PLAYGROUND: "off", ...options.env }, cwd);
  const clock = options.clock ?? new FakeClock(new Date("2026-03-02T02:00:00Z"));
  if (options.units !== false && !(await db.unit.count())) {
    const r = await importUnits(db, options.units ?? EXAMPLE_UNITS, { format: "csv" });
    if (!r.ok) throw new Error(JSON.stringify(r.problems));
  }
  const app = createApp({ config, db, logger: silentLogger, clock });
  return Object.assign(app, { clock });
}

/** A person in a chat, talking to the core the way an adapter would (neutral events, neutral replies). */
export class Talker {
  private static seq = 0;
  constructor(
    readonly app: App,
    readonly user: { id: string; name: string },
    readonly chat: { id: string; kind: "group" | "private"; title?: string },
    readonly platform: PlatformName = "telegram",
    /** What the platform can do (Telegram's unless a spec plays another platform's limits). */
    readonly capabilities: Capabilities = TELEGRAM_CAPABILITIES,
  ) {}

  static private(app: App, id: string, name: string): Talker {
    return new Talker(app, { id, name }, { id, kind: "private" });
  }

  static group(app: App, chatId: string, id: string, name: string): Talker {
    return new Talker(app, { id, name }, { id: chatId, kind: "group", title: `Nhóm ${chatId}` });
  }

  event(extra: Partial<IncomingEvent>): IncomingEvent {
    Talker.seq += 1;
    return {
      platform: this.platform,
      updateId: `u${Date.now()}-${Talker.seq}`,
      chat: this.chat,
      sender: this.user,
      messageId: String(Talker.seq),
      ...extra,
    };
  }

  async send(text: string, extra: Partial<IncomingEvent> = {}): Promise<Outgoing[]> {
    return this.deliver(this.event({ text, ...extra }));
  }

  async press(choice: string): Promise<Outgoing[]> {
    return this.deliver(this.event({ choice }));
  }

  /** Files members "uploaded": what the platform's download would return for a file reference. */
  static readonly files = new Map<string, Uint8Array>();

  async deliver(event: IncomingEvent): Promise<Outgoing[]> {
    return this.app.core.handle(event, {
      capabilities: this.capabilities,
      botUsername: "union_test_bot",
      download: async (ref) => {
        const f = Talker.files.get(ref);
        if (!f) throw new Error(`no file ${ref}`);
        return f;
      },
    });
  }
}

export function texts(out: Outgoing[]): string[] {
  return out.map((o) =>
    "text" in o.reply
      ? o.reply.text
      : o.reply.kind === "file"
        ? `[file ${o.reply.fileName}]`
        : `[picture ${o.reply.fileName}]`,
  );
}

export function lastText(out: Outgoing[]): string {
  return texts(out).at(-1) ?? "";
}

export function choicesOf(out: Outgoing[]): Choice[] {
  const r = out
    .map((o) => o.reply)
    .reverse()
    .find((x): x is Extract<Reply, { kind: "text" }> => x.kind === "text" && !!x.choices?.length);
  return r?.choices ?? [];
}

/** Makes a person a chair or staff of a unit directly in the database (the way an admin's /vaitro would). */
export async function giveRole(
  app: App,
  platformUserId: string,
  name: string,
  role: "member" | "chair" | "staff",
  unitCode: string,
  platform: PlatformName = "telegram",
): Promise<number> {
  const actor = await app.services.people.resolve(platform, platformUserId, name);
  const unit = await app.db.unit.findUniqueOrThrow({ where: { code: unitCode } });
  await app.db.membership.upsert({
    where: { personId_unitId_role: { personId: actor.personId, unitId: unit.id, role } },
    create: { personId: actor.personId, unitId: unit.id, role },
    update: {},
  });
  app.services.people.forget(actor.personId);
  return actor.personId;
}

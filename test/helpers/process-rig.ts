/**
 * The life cycle both multi-process specs share, registered as the enclosing describe's hooks: a fresh schema on the
 * server, a client and app of the test's own to seed it, the fake Bot API, then `count` bot processes on the schema;
 * afterwards all stopped, closed and the schema dropped. The rig's fields are set once `beforeAll` has run.
 */
import { afterAll, beforeAll } from "vitest";
import type { App } from "../../src/app.js";
import { type Db, openDatabase } from "../../src/db/client.js";
import { type BotProcess, startBotProcesses, stopBotProcesses } from "./bot-processes.js";
import { type FakeBotApi, startFakeBotApi } from "./fake-bot-api.js";
import { freshSchema } from "./postgres.js";

export interface ProcessRig {
  db: Db;
  app: App;
  api: FakeBotApi;
  processes: BotProcess[];
}

export interface ProcessRigOptions {
  count: number;
  /** Each process's query connections (the server allows about a hundred sessions in all). */
  connectionLimit: number;
  env?: Record<string, string>;
  /** The test's own app on the seeding client. */
  app(db: Db): Promise<App>;
  /** Seeds the database before the processes start. */
  seed?(rig: Pick<ProcessRig, "db" | "app">): Promise<void>;
}

export function processRig(server: string, o: ProcessRigOptions): ProcessRig {
  const rig = {} as ProcessRig;
  let drop: (() => Promise<void>) | undefined;
  beforeAll(async () => {
    const schema = await freshSchema(server);
    drop = schema.drop;
    rig.db = await openDatabase(`${schema.url}&connection_limit=3`);
    rig.app = await o.app(rig.db);
    await o.seed?.(rig);
    rig.api = await startFakeBotApi();
    rig.processes = await startBotProcesses(o.count, {
      databaseUrl: `${schema.url}&connection_limit=${o.connectionLimit}`,
      apiRoot: rig.api.url,
      ...(o.env ? { env: o.env } : {}),
    });
  }, 120_000);
  afterAll(async () => {
    await stopBotProcesses(rig.processes ?? []);
    await rig.api?.close();
    await rig.db?.$disconnect();
    await drop?.();
  });
  return rig;
}

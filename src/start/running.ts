/** What every start function of `main.ts` shares: the built application and the platforms' senders and pacers. */
import type { App } from "../app.js";
import type { Config } from "../config.js";
import type { Db } from "../db/client.js";
import type { Coordination } from "../db/coordination.js";
import type { Logger } from "../logger.js";
import type { PlatformSender } from "../platforms/port.js";
import type { SharedPacer } from "../scheduler/pacer.js";

/** Stops what one start function started; a failure is logged by the shutdown, which carries on with the next step. */
export type Stop = () => Promise<void>;

/** The running process: settings, database, application, and each platform's sender once it is up. */
export interface Running {
  config: Config;
  logger: Logger;
  db: Db;
  app: App;
  coordination: Coordination;
  /** One pacer per platform account: its interactive replies, the outbox and reminders all take slots from it. */
  pacers: { telegram: SharedPacer; zalo: SharedPacer; zaloBot: SharedPacer };
  /** Filled in by each platform as it starts (Zalo's after its login); the outbox worker reads it at every send. */
  senders: Partial<Record<string, PlatformSender>>;
}

/** Nothing to stop: the platform is not configured. */
export const nothingToStop: Stop = async () => undefined;

/** Builds the platform-neutral application (services, conversations, bot core) once; main.ts and tests share it. */

import { type BotCore, createBotCore, type Feature } from "./bot/core.js";
import { announcements } from "./bot/features/announcements.js";
import { basics } from "./bot/features/basics.js";
import { consultations } from "./bot/features/consultations.js";
import { deadlines } from "./bot/features/deadlines.js";
import { figuresFeature } from "./bot/features/figures.js";
import { tallyFeature } from "./bot/features/tally.js";
import { units } from "./bot/features/units.js";
import { web } from "./bot/features/web.js";
import type { BotDeps } from "./bot/types.js";
import { type Clock, systemClock } from "./clock.js";
import type { Config } from "./config.js";
import { ConversationEngine } from "./conversations/engine.js";
import type { CacheBus } from "./db/cache-bus.js";
import { type Db, openHotStore } from "./db/client.js";
import { createI18n, type I18n } from "./i18n.js";
import type { Logger } from "./logger.js";
import { createServices, type Services } from "./services/index.js";

export interface App {
  config: Config;
  db: Db;
  logger: Logger;
  clock: Clock;
  i18n: I18n;
  services: Services;
  engine: ConversationEngine;
  core: BotCore;
  deps: BotDeps;
}

export const FEATURES: Feature[] = [
  basics,
  units,
  consultations,
  tallyFeature,
  announcements,
  deadlines,
  figuresFeature,
  web,
];

export function createApp(options: {
  config: Config;
  db: Db;
  logger: Logger;
  clock?: Clock;
  i18n?: I18n;
  /** Cache changes shared with the other processes on the database (PostgreSQL); none by default. */
  cacheBus?: CacheBus;
}): App {
  const clock = options.clock ?? systemClock;
  const i18n = options.i18n ?? createI18n();
  const hot = openHotStore(options.db);
  const services = createServices(options.db, hot, options.config, clock, i18n, options.cacheBus);
  const engine = new ConversationEngine(hot, options.config.conversationIdleMinutes);
  const deps: BotDeps = {
    db: options.db,
    hot,
    config: options.config,
    i18n,
    logger: options.logger,
    clock,
    services,
    engine,
  };
  const core = createBotCore(deps, engine, FEATURES);
  return { ...options, clock, i18n, services, engine, core, deps };
}

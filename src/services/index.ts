/** Every use case, built once over the database and handed to the bot through its context. */
import type { Clock } from "../clock.js";
import type { Config } from "../config.js";
import type { Db } from "../db/client.js";
import type { CacheBus } from "../db/cache-bus.js";
import type { HotStorage } from "../db/hot-store.js";
import type { I18n } from "../i18n.js";
import { AnnouncementService } from "./announcements.js";
import { ChatService } from "./chats.js";
import { OutboxService } from "./outbox.js";
import { ConsultationNoticeService } from "./consultation-notices.js";
import { ConsultationService } from "./consultations.js";
import { DeadlineService } from "./deadlines.js";
import { FigureService } from "./figures.js";
import { OpinionService } from "./opinions.js";
import { PlanService } from "./plans.js";
import { PeopleService } from "./people.js";
import { RoleService } from "./roles.js";
import { TallyService } from "./tally.js";
import { UnitService } from "./units.js";

export interface Services {
  people: PeopleService;
  units: UnitService;
  chats: ChatService;
  roles: RoleService;
  plans: PlanService;
  consultations: ConsultationService;
  consultationNotices: ConsultationNoticeService;
  opinions: OpinionService;
  tally: TallyService;
  outbox: OutboxService;
  announcements: AnnouncementService;
  deadlines: DeadlineService;
  figures: FigureService;
}

export function createServices(
  db: Db,
  hot: HotStorage,
  config: Config,
  clock: Clock,
  i18n: I18n,
  cacheBus?: CacheBus,
): Services {
  const units = new UnitService(db);
  const people = new PeopleService(db, hot, config.adminIds, config.defaultLanguage, cacheBus);
  const consultations = new ConsultationService(db, units, clock);
  const plans = new PlanService(db);
  const outbox = new OutboxService(db, clock);
  const chats = new ChatService(db, units, cacheBus, { outbox, i18n, clock, defaultLanguage: config.defaultLanguage });
  const figures = new FigureService(db, units, clock);
  return {
    people,
    units,
    chats,
    roles: new RoleService(db, units, people),
    plans,
    consultations,
    consultationNotices: new ConsultationNoticeService(db, outbox, i18n, config, clock),
    opinions: new OpinionService(db, clock, config.opinionMaxLength),
    tally: new TallyService(db, units, consultations, clock),
    outbox,
    announcements: new AnnouncementService(db, units, plans, outbox, chats, i18n, config, clock),
    deadlines: new DeadlineService(db, units, outbox, i18n, config, clock, figures),
    figures,
  };
}

/** Every use case, built once over the database and handed to the bot through its context. */
import type { Clock } from "../clock.js";
import type { Config } from "../config.js";
import type { CacheBus } from "../db/cache-bus.js";
import type { Db } from "../db/client.js";
import type { HotStorage } from "../db/hot-store.js";
import type { I18n } from "../i18n.js";
import { AnnouncementService } from "./announcements.js";
import { ChatService } from "./chats.js";
import { ConsultationNoticeService } from "./consultation-notices.js";
import { ConsultationService } from "./consultations.js";
import { DeadlineReminderService } from "./deadline-reminders.js";
import { DeadlineService } from "./deadlines.js";
import { DigestService } from "./digest.js";
import { FigureReportService } from "./figure-reports.js";
import { IndicatorService } from "./indicators.js";
import { OpinionService } from "./opinions.js";
import { OutboxService } from "./outbox.js";
import { PeopleService } from "./people.js";
import { PlanService } from "./plans.js";
import { ProgressService } from "./progress.js";
import { ReportExportService } from "./report-exports.js";
import { RoleService } from "./roles.js";
import { StoredFileService } from "./stored-files.js";
import { TallyService } from "./tally.js";
import { TargetService } from "./targets.js";
import { UnitService } from "./units.js";
import { WebAccessService } from "./web-access.js";

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
  reminders: DeadlineReminderService;
  digests: DigestService;
  indicators: IndicatorService;
  targets: TargetService;
  figureReports: FigureReportService;
  progress: ProgressService;
  webAccess: WebAccessService;
  /** Files people sent that the bot keeps. */
  files: StoredFileService;
  /** A tally's xlsx, csv and docx. */
  exports: ReportExportService;
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
  const outbox = new OutboxService(db, clock);
  const consultationNotices = new ConsultationNoticeService(db, outbox, i18n, config, clock);
  const consultations = new ConsultationService(db, units, clock, (c, tx) => consultationNotices.opened(c, tx));
  const plans = new PlanService(db);
  const chats = new ChatService(db, units, hot, cacheBus, {
    outbox,
    i18n,
    clock,
    defaultLanguage: config.defaultLanguage,
  });
  const deadlines = new DeadlineService(db, units, config, clock);
  const indicators = new IndicatorService(db, units);
  const figureReports = new FigureReportService(db, clock);
  const tally = new TallyService(db, units, consultations, clock);
  return {
    people,
    units,
    chats,
    roles: new RoleService(db, units, people),
    plans,
    consultations,
    consultationNotices,
    opinions: new OpinionService(db, clock, config.opinionMaxLength),
    tally,
    outbox,
    announcements: new AnnouncementService(db, units, plans, outbox, chats, i18n, config, clock),
    deadlines,
    reminders: new DeadlineReminderService(db, deadlines, indicators, outbox, i18n, config, clock),
    digests: new DigestService(db, deadlines, outbox, i18n, config, clock),
    indicators,
    targets: new TargetService(db, indicators, clock),
    figureReports,
    progress: new ProgressService(db, units, indicators, figureReports, clock),
    webAccess: new WebAccessService(db, clock, config.web),
    files: new StoredFileService(db),
    exports: new ReportExportService(db, tally),
  };
}

/** The playground: a web page that plays every platform's part, with sample data and a clock one can move forward. */
import { OffsetClock } from "../clock.js";
import { advanceToNextPost } from "../scheduler/advance.js";
import type { Scheduler } from "../scheduler/reminders.js";
import { seedSamples } from "../services/samples.js";
import type { Running, Stop } from "./running.js";

/** Seeds the samples, serves the page (its server loaded only now) and registers its transcript as the web sender. */
export async function startPlayground(running: Running, scheduler: Scheduler): Promise<Stop> {
  const { config, app, db, logger } = running;
  await seedSamples(db);
  const clock = app.clock;
  const advance = async () =>
    clock instanceof OffsetClock
      ? advanceToNextPost(app, scheduler, (at) => clock.advanceTo(at))
      : app.i18n.t(config.defaultLanguage, "playground-no-reminder");
  const { startPlayground: serve } = await import("../platforms/web/server.js");
  const playground = await serve({
    app,
    host: config.playground.host,
    port: config.playground.port,
    logger,
    advance,
  });
  running.senders.web = playground.transcript;
  console.log(
    [
      "",
      `Sân thử (playground) đang chạy / is running: ${playground.url}`,
      "Mở địa chỉ này trong trình duyệt. Open it in a browser. Ctrl+C để dừng / to stop.",
      "",
    ].join("\n"),
  );
  return () => playground.close();
}

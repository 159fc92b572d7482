/** The playground's clock button reaches every kind of scheduled post: reminders, the staff digest, consultation notices. */
import { afterAll, describe, expect, it } from "vitest";
import { FakeClock } from "../src/clock.js";
import { readDatePhrase } from "../src/domain/dates/phrases.js";
import { advanceToNextPost } from "../src/scheduler/advance.js";
import { Scheduler } from "../src/scheduler/reminders.js";
import { giveRole, testApp } from "./helpers/app.js";
import { closeAll } from "./helpers/db.js";

afterAll(closeAll);

const at = (local: string) => new Date(`${local}+07:00`);

describe("the playground's clock button", () => {
  it("says when nothing is scheduled, and otherwise moves to each scheduled post in turn", async () => {
    const clock = new FakeClock(at("2026-03-02T09:00:00"));
    const app = await testApp({ clock });
    const scheduler = new Scheduler(app);
    const press = () => advanceToNextPost(app, scheduler, (t) => clock.set(t));
    expect(await press()).toBe(
      "Chưa có lời nhắc nào sắp tới. Hãy thêm hạn bằng /themhanchot hoặc gửi một kế hoạch có hạn báo cáo.",
    );
    const unit = await app.db.unit.findUniqueOrThrow({ where: { code: "LC-TD-01" } });
    await app.db.chat.create({ data: { platform: "web", platformChatId: "g1", kind: "group", unitId: unit.id } });
    await giveRole(app, "staff", "Cán bộ tỉnh", "staff", "LC", "web");
    const staff = await app.services.people.resolve("web", "staff", "Cán bộ tỉnh");
    const lc = await app.db.unit.findUniqueOrThrow({ where: { code: "LC" } });
    await app.services.deadlines.create(staff, {
      what: "Báo cáo quý",
      phrase: "chậm nhất ngày 06/3/2026",
      spec: readDatePhrase("chậm nhất ngày 06/3/2026")!.spec,
      owingUnitIds: [unit.id],
      rootUnitId: lc.id,
    });
    const opened = await app.services.consultations.open(staff, {
      title: "Góp ý dự thảo",
      items: ["Phần I"],
      rootUnitCode: "LC-TD-01",
      closesAt: at("2026-03-05T23:59:00"),
    });
    expect(opened.ok).toBe(true);
    // The opening notice went into the outbox with the opening itself; the press adds the reminder and the
    // low-participation notice due that morning.
    expect(await app.db.outboxMessage.count({ where: { key: { startsWith: "cons-open:" } } })).toBe(1);
    const first = await press();
    expect(first).toMatch(/^Đã tua tới 07:30 03\/03\/2026: 2 tin nhắn hẹn giờ/);
    for (let i = 0; i < 12; i++) await press();
    const keys = (await app.db.outboxMessage.findMany({ orderBy: { id: "asc" } })).map((m) => m.key.split(":")[0]);
    expect(new Set(keys)).toEqual(new Set(["rem", "cons-open", "cons-remind", "cons-close", "digest"]));
  });
});

/**
 * Ids read from what people send (a button's payload, a command's number) that no record can have: 20 digits, just
 * past PostgreSQL's `integer`, past 2^53, signs, exponents, hex. Each is refused the way a forged button or a wrong
 * command is (issue 25.5: `ack|99999999999999999999` gave the generic error and an error log from the database).
 */
import { afterAll, describe, expect, it } from "vitest";
import { createApp } from "../src/app.js";
import { createLogger } from "../src/logger.js";
import { giveRole, lastText, Talker, testApp } from "./helpers/app.js";
import { closeAll } from "./helpers/db.js";

afterAll(closeAll);

const HUGE = ["99999999999999999999", "2147483648", "9007199254740993", "1e3", "-5", "0x10", "0", "1.5", ""];

describe("ids no record can have", () => {
  it("are refused like a forged button or a wrong command: no generic error, no error logged", async () => {
    const base = await testApp();
    const errors: string[] = [];
    const logger = createLogger({
      level: "error",
      destination: { write: (l: string) => void errors.push(l.slice(0, 400)) },
    });
    const app = createApp({ config: base.config, db: base.db, logger, clock: base.clock });
    await giveRole(app, "7000", "Cán bộ tỉnh", "staff", "LC");
    const staff = await app.services.people.resolve("telegram", "7000", "Cán bộ tỉnh");
    const opened = await app.services.consultations.open(staff, {
      title: "Góp ý dự thảo",
      items: ["Dự thảo"],
      rootUnitCode: "LC",
      closesAt: new Date(app.clock.now().getTime() + 30 * 86_400_000),
    });
    expect(opened.ok).toBe(true);
    const memberId = await giveRole(app, "7100", "Lan", "member", "LC-TD-01");
    const unit = await app.db.unit.findUniqueOrThrow({ where: { code: "LC-TD-01" } });
    const consultation = await app.db.consultation.findFirstOrThrow({ include: { items: true } });
    await app.db.opinion.create({
      data: {
        consultationId: consultation.id,
        itemId: consultation.items[0]!.id,
        unitId: unit.id,
        personId: memberId,
        kind: "agree",
      },
    });
    const group = await app.db.chat.create({
      data: { platform: "telegram", platformChatId: "-100", kind: "group", unitId: unit.id },
    });
    expect(group.id).toBeGreaterThan(0);

    const t = (key: string) => app.i18n.t("vi", key);
    const generic = t("error-generic");
    const forged = t("button-unknown");
    const chair = Talker.private(app, "7000", "Cán bộ tỉnh");
    const inGroup = Talker.group(app, "-100", "7100", "Lan");
    const member = Talker.private(app, "7100", "Lan");
    const answers: string[] = [];
    for (const id of HUGE) {
      for (const [who, payload] of [
        [inGroup, `ack|${id}`],
        [chair, `st|show|${id}`],
        [chair, `st|resend|${id}`],
        [chair, `st|remind|${id}`],
        [chair, `ind|use|${id}`],
      ] as const) {
        const answer = lastText(await who.press(payload));
        answers.push(answer);
        expect(answer, payload).toBe(forged);
      }
      // Drill-down buttons carry codes, not ids: a number in their place is only an unknown code.
      for (const payload of [
        `sum|chuanop|${id}|${id}`,
        `sum|hanchot|${id}|LC`,
        `tho|${id}`,
        `tdo|${id}`,
        `st|show|${id}|LC`,
      ])
        answers.push(lastText(await chair.press(payload)));
      const withdraw = lastText(await member.send(`/ykiencuatoi rut ${id}`));
      answers.push(withdraw);
      expect(withdraw, `/ykiencuatoi rut ${id}`).toBe(t("my-opinions-usage"));
      await member.send("/huy");
      answers.push(lastText(await chair.send(`/tinhtrang ${id}`)));
    }
    expect(answers.filter((a) => a === generic)).toEqual([]);
    expect(errors).toEqual([]);
    // The numbers that do exist still work: the member's opinion 1 is offered for withdrawal.
    expect(lastText(await member.send("/ykiencuatoi rut 1"))).not.toBe(t("my-opinions-usage"));
  }, 120_000);
});

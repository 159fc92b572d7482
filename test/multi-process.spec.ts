/**
 * Three real bot processes on one PostgreSQL schema, behind what is in effect a load balancer: the test posts each
 * update to the process it chooses (test/helpers/bot-processes.ts). The database is seeded through a client of its
 * own, as an admin's import would. Skipped, saying why, when no PostgreSQL answers.
 */
import { describe, expect, it } from "vitest";
import { FakeClock } from "../src/clock.js";
import { giveRole, testApp } from "./helpers/app.js";
import { callbackUpdate, messageUpdate, waitHandled } from "./helpers/bot-processes.js";
import type { Received } from "./helpers/fake-bot-api.js";
import { postgresOrSkip } from "./helpers/postgres.js";
import { processRig } from "./helpers/process-rig.js";

const server = await postgresOrSkip("the multi-process tests (three bot processes on one database)");
const DRAFTS = ["Dự thảo Báo cáo chính trị", "Dự thảo Báo cáo kinh tế - xã hội", "Dự thảo Báo cáo xây dựng Đảng"];

describe.skipIf(!server)("three bot processes on one PostgreSQL", () => {
  const rig = processRig(server!, {
    count: 3,
    connectionLimit: 4,
    env: { ADMIN_IDS: "telegram:9000" },
    app: (db) => testApp({ db, clock: new FakeClock(new Date()) }),
  });

  /** Posts `update` to process `index` and returns what the bot sent to `chat` once it was handled. */
  async function at(index: number, chat: number, update: object): Promise<Received[]> {
    const before = rig.api.received.filter((r) => r.chat === String(chat)).length;
    expect(await rig.processes[index]!.post(update)).toBe(200);
    await waitHandled(rig.db, update);
    return rig.api.received.filter((r) => r.chat === String(chat)).slice(before);
  }

  it("a member whose consecutive answers reach different processes finishes /gopy correctly", async () => {
    await giveRole(rig.app, "9100", "Cán bộ tỉnh", "staff", "LC");
    const staff = await rig.app.services.people.resolve("telegram", "9100", "Cán bộ tỉnh");
    const opened = await rig.app.services.consultations.open(staff, {
      title: "Góp ý dự thảo văn kiện",
      items: DRAFTS,
      rootUnitCode: "LC",
      closesAt: new Date(Date.now() + 30 * 86_400_000),
    });
    expect(opened.ok).toBe(true);
    await giveRole(rig.app, "700", "Đoàn viên 700", "member", "LC-TD-01");
    const member = 700;

    const items = await at(0, member, messageUpdate(member, "/gopy"));
    expect(items.map((m) => m.text)).toEqual([expect.stringContaining("Bạn góp ý cho nội dung nào?")]);
    expect(items[0]!.buttons.map((b) => b.text)).toEqual([
      "1. Dự thảo Báo cáo chính trị",
      "2. Dự thảo Báo cáo kinh tế - xã hội",
      "3. Dự thảo Báo cáo xây dựng Đảng",
      "Hủy",
    ]);

    const kinds = await at(1, member, callbackUpdate(member, items[0]!.buttons[1]!.data!));
    expect(kinds.at(-1)!.buttons.map((b) => b.text)).toEqual([
      "Đồng ý",
      "Bổ sung",
      "Sửa đổi",
      "Kiến nghị",
      "Khác",
      "Quay lại",
      "Hủy",
    ]);

    const ask = await at(2, member, messageUpdate(member, "2"));
    expect(ask.at(-1)!.text).toMatch(/^Hãy gõ ý kiến của bạn/);

    const words = "Cần bổ sung chỉ tiêu về việc làm cho lao động vùng cao.";
    const review = await at(0, member, messageUpdate(member, words));
    expect(review.at(-1)!.text).toContain("Loại ý kiến: Bổ sung");
    expect(review.at(-1)!.text).toContain("Tính cho: CĐCS Ủy ban nhân dân xã Bình Lư");

    const sent = await at(1, member, callbackUpdate(member, review.at(-1)!.buttons[0]!.data!));
    expect(sent.at(-1)!.text).toMatch(/^Cảm ơn bạn! Ý kiến đã được ghi nhận\./);

    const stored = await rig.db.opinion.findMany({ include: { item: true, unit: true } });
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ kind: "add", text: words, status: "active" });
    expect(stored[0]!.item.title).toBe(DRAFTS[1]);
    expect(stored[0]!.unit.code).toBe("LC-TD-01");
  });
});

/**
 * #33's burst of "Đã nhận" presses, shared by bench/burst.ts and test/multi-process-burst.spec.ts: an announcement
 * addressed to every unit with a group (test/helpers/big-tree.ts), `perGroup` members of each unit holding a member
 * role there, and the button presses as Telegram posts them to the webhook.
 */
import type { App } from "../../src/app.js";
import { type Db, engineOf } from "../../src/db/client.js";
import { giveRole } from "./app.js";
import { bigTree } from "./big-tree.js";

export const STAFF = 9001;
/** big-tree.ts numbers the grassroots units from here. */
const FIRST_UNIT = 22;

/** The province's `groups` groups, their members and an announcement to all of them; returns the announcement's id. */
export async function seedPresses(db: Db, app: App, groups: number, perGroup: number): Promise<number> {
  await bigTree(db, { districts: 20, grassroots: groups, groups });
  await giveRole(app, String(STAFF), "Cán bộ tỉnh", "staff", "P");
  const staff = await app.services.people.resolve("telegram", String(STAFF), "Cán bộ tỉnh");
  await members(db, groups, perGroup);
  const units = await db.chat.findMany({ select: { unitId: true } });
  const a = await db.announcement.create({
    data: {
      seq: 1,
      title: "Hội nghị giao ban",
      body: "Kính gửi các đơn vị: hội nghị giao ban ngày 05/7/2026.",
      rootUnitId: 1,
      targetUnits: JSON.stringify(units.map((u) => u.unitId)),
      createdById: staff.personId,
    },
  });
  return a.id;
}

/** Member i belongs to unit FIRST_UNIT + i mod groups (written set-based: 20,000 rows in a few statements). */
async function members(db: Db, groups: number, perGroup: number): Promise<void> {
  const n = `WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < ${groups * perGroup - 1})`;
  await db.$executeRawUnsafe(
    `${n} INSERT INTO "Person" (id, "displayName", language, "createdAt")
     SELECT 100000 + i, 'Đoàn viên ' || i, 'vi', CURRENT_TIMESTAMP FROM n`,
  );
  await db.$executeRawUnsafe(
    `${n} INSERT INTO "Identity" ("personId", platform, "platformUserId", "displayName", "createdAt")
     SELECT 100000 + i, 'telegram', CAST(1000000 + i AS TEXT), 'Đoàn viên ' || i, CURRENT_TIMESTAMP FROM n`,
  );
  await db.$executeRawUnsafe(
    `${n} INSERT INTO "Membership" ("personId", "unitId", role, "createdAt")
     SELECT 100000 + i, ${FIRST_UNIT} + (i % ${groups}), 'member', CURRENT_TIMESTAMP FROM n`,
  );
  if (engineOf(db) === "postgresql")
    await db.$executeRawUnsafe(
      `SELECT setval(pg_get_serial_sequence('"Person"', 'id'), (SELECT MAX(id) FROM "Person"))`,
    );
}

/** Every member's press, group after group in turn (press i: member i, in the group of unit FIRST_UNIT + i mod groups). */
export function presses(groups: number, perGroup: number, announcementId: number, firstUpdateId = 5_000_000): object[] {
  return Array.from({ length: groups * perGroup }, (_, i) =>
    press(firstUpdateId + i, FIRST_UNIT + (i % groups), i, announcementId),
  );
}

/** The group chat of a unit (big-tree.ts: -(100000 + unit id)). */
export const groupOf = (unitId: number) => -(100_000 + unitId);

function press(updateId: number, unitId: number, member: number, announcementId: number): object {
  const chatId = groupOf(unitId);
  const from = { id: 1_000_000 + member, is_bot: false, first_name: `Đoàn viên ${member}`, language_code: "vi" };
  return {
    update_id: updateId,
    callback_query: {
      id: String(updateId),
      chat_instance: `g${unitId}`,
      from,
      data: `ack|${announcementId}`,
      message: { message_id: 7, date: 0, chat: { id: chatId, type: "group", title: `CĐCS ${unitId}` } },
    },
  };
}

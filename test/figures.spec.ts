import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import ExcelJS from "exceljs";
import * as vega from "vega";
import { compile } from "vega-lite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FakeClock } from "../src/clock.js";
import { parsePlan } from "../src/domain/plan/parse.js";
import type { IncomingEvent, Outgoing } from "../src/platforms/port.js";
import { WEB_CAPABILITIES } from "../src/platforms/web/transcript.js";
import { ZALO_CAPABILITIES } from "../src/platforms/zalo/sender.js";
import { figuresChartData, figuresChartPng, figuresChartSpec } from "../src/reports/figures-chart.js";
import { addFigureSheets, writeFigureSheets } from "../src/reports/figures-sheets.js";
import { figuresButton } from "../src/services/indicators.js";
import type { Progress } from "../src/services/progress.js";
import { choicesOf, giveRole, lastText, Talker, testApp, texts } from "./helpers/app.js";
import { closeAll } from "./helpers/db.js";

afterAll(closeAll);

const at = (local: string) => new Date(`${local}+07:00`);
const PLAN_143 = fs.readFileSync(
  path.join(import.meta.dirname, "fixtures", "plans", "143-KH-LDLD-2025-thang-cao-diem-phat-trien-doan-vien.txt"),
  "utf8",
);

/**
 * Plan 143's "báo cáo số liệu … theo tuần, tháng (trong tháng 5 và tháng 7)": every Friday and the last day of May
 * and July 2025, at 23:59 (written out by hand, not computed by the date reader).
 */
const DUE = [
  "2025-05-02",
  "2025-05-09",
  "2025-05-16",
  "2025-05-23",
  "2025-05-30",
  "2025-05-31",
  "2025-07-04",
  "2025-07-11",
  "2025-07-18",
  "2025-07-25",
  "2025-07-31",
];
const OWING = ["LC-TD-01", "LC-TD-02", "LC-PT-01", "LC-PT-02", "LC-GD-01"] as const;
type Owing = (typeof OWING)[number];

/** New members and new unions each unit reports per occurrence (the final values; see the late and corrected ones). */
const MEMBERS: Record<Owing, number[]> = {
  "LC-TD-01": [2, 3, 1, 2, 0, 0, 1, 2, 2, 1, 0],
  "LC-TD-02": [4, 5, 13, 6, 4, 1, 3, 5, 6, 4, 2],
  "LC-PT-01": [1, 1, 0, 2, 1, 0, 1, 0, 1, 1, 1],
  "LC-PT-02": [3, 2, 4, 3, 2, 1, 2, 3, 2, 3, 1],
  "LC-GD-01": [2, 2, 3, 1, 2, 0, 2, 2, 1, 2, 1],
};
const UNIONS: Record<Owing, number[]> = {
  "LC-TD-01": [0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0],
  "LC-TD-02": [0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0],
  "LC-PT-01": [0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0],
  "LC-PT-02": [0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0],
  "LC-GD-01": [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1],
};

/**
 * The province at the end of each week, computed by hand from the tables above and the timeline: LC-PT-02 sends
 * week 2 (09/05) late on 11/05; LC-TD-02 sends 30 for 16/05 (confirming the odd jump) and corrects it to 13 on 17/05;
 * LC-GD-01 sends 23/05 late on 28/05. Running totals per occurrence, the branches LC-GD / LC-PT / LC-TD, and who is
 * missing.
 */
const EXPECTED = [
  { members: [12], unions: [0], gd: 2, pt: 4, td: 6, missing: [] },
  { members: [12, 23], unions: [0, 1], gd: 4, pt: 5, td: 14, missing: ["LC-PT-02"] },
  { members: [12, 25, 63], unions: [0, 1, 2], gd: 7, pt: 11, td: 45, missing: [] },
  { members: [12, 25, 46, 59], unions: [0, 1, 2, 3], gd: 7, pt: 16, td: 36, missing: ["LC-GD-01"] },
  { members: [12, 25, 46, 60, 69], unions: [0, 1, 2, 3, 4], gd: 10, pt: 19, td: 40, missing: [] },
  { members: [12, 25, 46, 60, 69, 71], unions: [0, 1, 2, 3, 4, 4], gd: 10, pt: 20, td: 41, missing: [] },
  { members: [12, 25, 46, 60, 69, 71, 80], unions: [0, 1, 2, 3, 4, 4, 5], gd: 12, pt: 23, td: 45, missing: [] },
  { members: [12, 25, 46, 60, 69, 71, 80, 92], unions: [0, 1, 2, 3, 4, 4, 5, 6], gd: 14, pt: 26, td: 52, missing: [] },
  {
    members: [12, 25, 46, 60, 69, 71, 80, 92, 104],
    unions: [0, 1, 2, 3, 4, 4, 5, 6, 7],
    gd: 15,
    pt: 29,
    td: 60,
    missing: [],
  },
  {
    members: [12, 25, 46, 60, 69, 71, 80, 92, 104, 115],
    unions: [0, 1, 2, 3, 4, 4, 5, 6, 7, 8],
    gd: 17,
    pt: 33,
    td: 65,
    missing: [],
  },
  {
    members: [12, 25, 46, 60, 69, 71, 80, 92, 104, 115, 120],
    unions: [0, 1, 2, 3, 4, 4, 5, 6, 7, 8, 9],
    gd: 18,
    pt: 35,
    td: 67,
    missing: [],
  },
];

/**
 * The reminders of the run (REMINDER_OFFSETS_DAYS 7,3,1,0,-1,-3 at 07:30, then every 7 days while overdue), by hand:
 * per local day, "due offset units" ("*" = all five owing units). Chairs report at 10:00 on the due day, after that
 * day's reminder; LC-PT-02 is reminded of 09/05 once more (10/05) before reporting on 11/05, LC-GD-01 of 23/05 on 24/05
 * and 26/05 before reporting on 28/05; nobody else is reminded after the due day.
 */
const REMINDERS: Record<string, string[]> = {
  "04-25": ["05-02 7 *"],
  "04-29": ["05-02 3 *"],
  "05-01": ["05-02 1 *"],
  "05-02": ["05-02 0 *", "05-09 7 *"],
  "05-06": ["05-09 3 *"],
  "05-08": ["05-09 1 *"],
  "05-09": ["05-09 0 *", "05-16 7 *"],
  "05-10": ["05-09 -1 LC-PT-02"],
  "05-13": ["05-16 3 *"],
  "05-15": ["05-16 1 *"],
  "05-16": ["05-16 0 *", "05-23 7 *"],
  "05-20": ["05-23 3 *"],
  "05-22": ["05-23 1 *"],
  "05-23": ["05-23 0 *", "05-30 7 *"],
  "05-24": ["05-23 -1 LC-GD-01", "05-31 7 *"],
  "05-26": ["05-23 -3 LC-GD-01"],
  "05-27": ["05-30 3 *"],
  "05-28": ["05-31 3 *"],
  "05-29": ["05-30 1 *"],
  "05-30": ["05-30 0 *", "05-31 1 *"],
  "05-31": ["05-31 0 *"],
  "06-27": ["07-04 7 *"],
  "07-01": ["07-04 3 *"],
  "07-03": ["07-04 1 *"],
  "07-04": ["07-04 0 *", "07-11 7 *"],
  "07-08": ["07-11 3 *"],
  "07-10": ["07-11 1 *"],
  "07-11": ["07-11 0 *", "07-18 7 *"],
  "07-15": ["07-18 3 *"],
  "07-17": ["07-18 1 *"],
  "07-18": ["07-18 0 *", "07-25 7 *"],
  "07-22": ["07-25 3 *"],
  "07-24": ["07-25 1 *", "07-31 7 *"],
  "07-25": ["07-25 0 *"],
  "07-28": ["07-31 3 *"],
  "07-30": ["07-31 1 *"],
  "07-31": ["07-31 0 *"],
};

async function setup() {
  const clock = new FakeClock(at("2025-04-25T09:00:00"));
  const app = await testApp({ clock });
  await giveRole(app, "100", "Cán bộ tỉnh", "staff", "LC");
  const staff = Talker.private(app, "100", "Cán bộ tỉnh");
  const chairs = {} as Record<Owing, Talker>;
  for (const [i, code] of OWING.entries()) {
    await giveRole(app, String(200 + i), `Chủ tịch ${code}`, "chair", code);
    chairs[code] = Talker.private(app, String(200 + i), `Chủ tịch ${code}`);
  }
  const staffId = (await app.services.people.resolve("telegram", "100", "Cán bộ tỉnh")).personId;
  const parsed = parsePlan(PLAN_143);
  const plan = await app.db.plan.create({
    data: { number: parsed.number, year: 2025, title: parsed.title, parsed: JSON.stringify(parsed) },
  });
  const lc = await app.db.unit.findUniqueOrThrow({ where: { code: "LC" } });
  const owing = await app.db.unit.findMany({ where: { code: { in: [...OWING] } } });
  const deadline = await app.db.deadline.create({
    data: {
      code: "H1",
      planId: plan.id,
      what: "báo cáo số liệu phát triển đoàn viên, thành lập công đoàn cơ sở",
      phrase: "theo tuần, tháng (trong tháng 5 và tháng 7)",
      precision: "recurring",
      spec: JSON.stringify({ precision: "recurring", every: ["week", "month"], months: [5, 7] }),
      rootUnitId: lc.id,
      createdById: staffId,
      units: { create: owing.map((u) => ({ unitId: u.id })) },
    },
  });
  for (const day of DUE)
    await app.db.deadlineOccurrence.create({
      data: { deadlineId: deadline.id, dueAt: at(`${day}T23:59:00`), label: `tuần đến ${day}` },
    });
  return { app, clock, staff, chairs, deadline, lc };
}

type Setup = Awaited<ReturnType<typeof setup>>;

const pick = (out: Outgoing[], suffix: string) => {
  const c = choicesOf(out).find((x) => x.id.endsWith(`|${suffix}`));
  if (!c) throw new Error(`no choice ${suffix} in ${texts(out).join(" / ")}`);
  return c.id;
};

/** A chair answers /baocaoso: members, unions (confirming an odd jump when asked), then sends. */
async function report(chair: Talker, members: number, unions: number, args = ""): Promise<string[]> {
  const said: string[] = [];
  let out = await chair.send(`/baocaoso ${args}`.trim());
  said.push(...texts(out));
  out = await chair.send(String(members));
  said.push(...texts(out));
  if (lastText(out).includes("khác nhiều")) {
    out = await chair.press(pick(out, "yes"));
    said.push(...texts(out));
  }
  out = await chair.send(String(unions));
  said.push(...texts(out));
  out = await chair.press(pick(out, "send"));
  said.push(...texts(out));
  return said;
}

async function defineIndicatorsAndTargets(s: Setup) {
  const { staff, deadline } = s;
  const proposal = await staff.send("/chitieu H1");
  expect(lastText(proposal)).toContain("1. Phát triển đoàn viên — người, không có mức");
  expect(lastText(proposal)).toContain("2. Thành lập công đoàn cơ sở — đơn vị, không có mức");
  expect(lastText(await staff.press(`ind|use|${deadline.id}`))).toBe(
    "Hạn H1 có 2 chỉ tiêu. Các đơn vị báo cáo bằng /baocaoso.",
  );
  // Giao chỉ tiêu by conversation: 70 new members for the province, split evenly among the 3 of its children with
  // units that report (LC-GD, LC-PT, LC-TD; the 8 others report nothing and get no target), then the 23 of LC-TD in
  // proportion to its two unions' members (27 and 145: 23·27/172 = 3.61 → 4, 23·145/172 = 19.39 → 19).
  let out = await staff.send("/giaochitieu H1");
  out = await staff.press(pick(out, String((await s.app.services.indicators.indicatorsOf(deadline.id))[0]!.id)));
  out = await staff.send("LC");
  expect(lastText(out)).toContain("chưa có chỉ tiêu");
  out = await staff.send("70");
  out = await staff.press(pick(out, "even"));
  const review = lastText(out);
  expect(review).toContain("• LC-GD Công đoàn ngành Giáo dục tỉnh: 24");
  expect(review).toContain("• LC-PT LĐLĐ huyện Phong Thổ: 23");
  expect(review).toContain("• LC-TD LĐLĐ huyện Tam Đường: 23");
  expect(review).not.toContain("LC-TP");
  expect(lastText(await staff.press(pick(out, "save")))).toBe(
    "Đã giao chỉ tiêu cho 3 đơn vị trực thuộc Liên đoàn Lao động tỉnh Lai Châu.",
  );
  out = await staff.send("/giaochitieu H1");
  out = await staff.press(pick(out, String((await s.app.services.indicators.indicatorsOf(deadline.id))[0]!.id)));
  out = await staff.send("LC-TD");
  expect(lastText(out)).toContain("hiện là 23");
  out = await staff.send("giu");
  out = await staff.press(pick(out, "members"));
  expect(lastText(out)).toContain("• LC-TD-01 CĐCS Ủy ban nhân dân xã Bình Lư: 4");
  expect(lastText(out)).toContain("• LC-TD-02 CĐCS Công ty TNHH Chè Tam Đường: 19");
  await staff.press(pick(out, "save"));
}

async function importUnionsTargets(s: Setup) {
  const { staff, app } = s;
  const before = await app.db.unitTarget.count();
  const csv = "ma_don_vi,chi_tieu,muc\nLC,2,10\nLC-TD,2,3\nLC-PT,2,3\nLC-GD,2,3\n";
  Talker.files.set("targets-wrong.csv", new TextEncoder().encode(csv));
  const refused = await staff.send("/giaochitieu H1", {
    attachment: { kind: "file", fileRef: "targets-wrong.csv", fileName: "chi-tieu.csv" },
  });
  expect(lastText(refused)).toBe(
    [
      "Chưa nhập tệp chỉ tiêu (không có gì bị thay đổi):",
      'Tổng chỉ tiêu các đơn vị trực thuộc Liên đoàn Lao động tỉnh Lai Châu là 9, khác chỉ tiêu của Liên đoàn Lao động tỉnh Lai Châu là 10 (lệch 1) — "Thành lập công đoàn cơ sở". Chưa lưu gì.',
    ].join("\n"),
  );
  expect(await app.db.unitTarget.count()).toBe(before);

  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet("Chỉ tiêu");
  ws.addRow(["Mã đơn vị", "Chỉ tiêu", "Mức"]);
  for (const row of [
    ["LC", 2, 10],
    ["LC-TD", 2, 3],
    ["LC-PT", 2, 3],
    ["LC-GD", 2, 4],
  ])
    ws.addRow(row);
  Talker.files.set("targets.xlsx", new Uint8Array(await wb.xlsx.writeBuffer()));
  const ok = await staff.send("/giaochitieu H1", {
    attachment: { kind: "file", fileRef: "targets.xlsx", fileName: "chi-tieu.xlsx" },
  });
  expect(lastText(ok)).toBe("Đã nhập 4 chỉ tiêu cho hạn H1.");
}

function branch(p: Progress, indicator: number, code: string) {
  return p.indicators[indicator]!.children.find((c) => c.unit.code === code)!;
}

const DAY_MS = 86_400_000;

/** The late reports and the correction, at 08:00 on these days (after that day's reminders). */
const LATE: Record<string, { said: string; unit: Owing; members: number; unions: number; args?: string }> = {
  "2025-05-11": { said: "late", unit: "LC-PT-02", members: MEMBERS["LC-PT-02"][1]!, unions: UNIONS["LC-PT-02"][1]! },
  "2025-05-17": { said: "correction", unit: "LC-TD-02", members: 13, unions: 0, args: "H1 sua" },
  "2025-05-28": { said: "late2", unit: "LC-GD-01", members: MEMBERS["LC-GD-01"][3]!, unions: UNIONS["LC-GD-01"][3]! },
};

interface Reminder {
  at: Date;
  occurrenceId: number;
  unitId: number;
  chat: string;
  reply: { text: string; choices?: { id: string; label: string }[] };
}

describe("figures against targets over May–July 2025 with plan 143 (weekly reporting)", () => {
  let s: Setup;
  const weekly: Progress[] = [];
  const said: Record<string, string[]> = {};
  const reminders: Reminder[] = [];
  const reminded: Record<string, Record<string, string[]>> = {};

  beforeAll(async () => {
    s = await setup();
    await defineIndicatorsAndTargets(s);
    await importUnionsTargets(s);
    const { clock, chairs, app, deadline, lc } = s;
    // The deadline exists before its first reminder (25/04, seven days before 02/05); each owing unit has a group.
    await app.db.deadline.update({ where: { id: deadline.id }, data: { createdAt: at("2025-04-20T08:00:00") } });
    const units = await app.db.unit.findMany({ where: { code: { in: [...OWING] } } });
    for (const u of units)
      await app.db.chat.create({
        data: { platform: "telegram", platformChatId: `g-${u.code}`, kind: "group", unitId: u.id },
      });
    const occurrences = await app.db.deadlineOccurrence.findMany({ where: { deadlineId: deadline.id } });
    const dueDay = new Map(occurrences.map((o) => [o.id, o.dueAt.toISOString().slice(5, 10)]));
    const code = new Map(units.map((u) => [u.id, u.code]));
    let seen = 0;
    for (
      let day = at("2025-04-21T07:30:00");
      day <= at("2025-08-15T07:30:00");
      day = new Date(day.getTime() + DAY_MS)
    ) {
      const iso = day.toISOString().slice(0, 10);
      clock.set(day);
      await app.services.reminders.queueReminders();
      const rows = await app.db.outboxMessage.findMany({
        where: { kind: "reminder", id: { gt: seen } },
        orderBy: { id: "asc" },
      });
      seen = Math.max(seen, ...rows.map((r) => r.id));
      for (const r of rows) {
        const reply = JSON.parse(r.payload) as Reminder["reply"];
        // One message a unit a day; what it carried is on record with its key.
        for (const item of await app.db.reminderSent.findMany({ where: { messageKey: r.key } })) {
          const { occurrenceId, unitId, offsetDays } = item;
          reminders.push({ at: day, occurrenceId, unitId, chat: r.platformChatId, reply });
          const key = `${dueDay.get(occurrenceId)} ${offsetDays}`;
          const to = (reminded[iso.slice(5)] ??= {});
          to[key] = [...(to[key] ?? []), code.get(unitId)!];
        }
      }
      const late = LATE[iso];
      if (late) {
        clock.set(at(`${iso}T08:00:00`));
        said[late.said] = await report(chairs[late.unit], late.members, late.unions, late.args);
      }
      const k = DUE.indexOf(iso);
      if (k < 0) continue;
      clock.set(at(`${iso}T10:00:00`));
      for (const unit of OWING) {
        if ((unit === "LC-PT-02" && k === 1) || (unit === "LC-GD-01" && k === 3)) continue;
        const members = unit === "LC-TD-02" && k === 2 ? 30 : MEMBERS[unit][k]!;
        said[`${unit}@${k}`] = await report(chairs[unit], members, UNIONS[unit][k]!);
      }
      clock.set(at(`${iso}T23:59:30`));
      weekly.push((await app.services.progress.compute(deadline, lc))!);
    }
  }, 120_000);

  it("the province's roll-up at the end of each week equals the hand computation", () => {
    for (const [k, want] of EXPECTED.entries()) {
      const p = weekly[k]!;
      expect(p.occurrence.dueAt).toEqual(at(`${DUE[k]}T23:59:00`));
      expect(p.indicators[0]!.trend.map((x) => x.value)).toEqual(want.members);
      expect(p.indicators[1]!.trend.map((x) => x.value)).toEqual(want.unions);
      expect(p.indicators[0]!.total.value).toBe(want.members.at(-1));
      expect([branch(p, 0, "LC-GD").value, branch(p, 0, "LC-PT").value, branch(p, 0, "LC-TD").value]).toEqual([
        want.gd,
        want.pt,
        want.td,
      ]);
      expect(p.missing.map((m) => m.code)).toEqual(want.missing);
      expect(p.owing).toBe(5);
    }
  });

  it("reminds each week exactly the units that have not reported yet, late reporters until they report", () => {
    const got = Object.fromEntries(
      Object.entries(reminded).map(([day, byOcc]) => [
        day,
        Object.entries(byOcc)
          .map(([k, codes]) => `${k} ${codes.length === OWING.length ? "*" : codes.sort().join(",")}`)
          .sort(),
      ]),
    );
    expect(got).toEqual(REMINDERS);
  });

  it("every reminder goes to the unit's group, says what figures are asked, and carries the report button", () => {
    // 11 occurrences × 4 reminders up to the due day (7, 3, 1, 0 days before) × 5 units, and the 3 overdue ones.
    expect(reminders.length).toBe(DUE.length * 4 * OWING.length + 3);
    for (const r of reminders) {
      expect(r.chat).toMatch(/^g-LC-/);
      expect(r.reply.text).toContain("Số liệu cần báo cáo: Phát triển đoàn viên; Thành lập công đoàn cơ sở");
      expect(r.reply.choices).toEqual([{ id: "bcs|H1", label: "Báo cáo số liệu" }]);
    }
  });

  it("never reminds a unit of a week it has already reported", async () => {
    const submissions = await s.app.db.submission.findMany();
    expect(submissions.length).toBe(DUE.length * OWING.length);
    for (const r of reminders) {
      const done = submissions.find((x) => x.occurrenceId === r.occurrenceId && x.unitId === r.unitId)!;
      expect(done.submittedAt.getTime()).toBeGreaterThan(r.at.getTime());
    }
    // One message a unit a day: LC-GD-01's of 24/05 carries its overdue week and the next month's 7-day reminder.
    const overdue = reminders.filter((r) => r.reply.text.includes("quá hạn"));
    const messages = [...new Map(overdue.map((r) => [`${r.chat} ${r.at.toISOString()}`, r])).values()];
    expect(messages.map((r) => [r.chat, r.at])).toEqual([
      ["g-LC-PT-02", at("2025-05-10T07:30:00")],
      ["g-LC-GD-01", at("2025-05-24T07:30:00")],
      ["g-LC-GD-01", at("2025-05-26T07:30:00")],
    ]);
  });

  it("compares with the targets given: 70 members (even split among reporting branches, LC-TD 23), 10 unions imported (LC-GD 4)", () => {
    const end = weekly.at(-1)!;
    expect(end.indicators[0]!.total).toMatchObject({ value: 120, target: 70, percent: 171.4, met: true });
    expect(branch(end, 0, "LC-TD")).toMatchObject({ value: 67, target: 23, met: true });
    // LC-TP owes nothing and was given no target: it is not a row at all (#26.8), never a "—".
    expect(branch(end, 0, "LC-TP")).toBeUndefined();
    expect(end.indicators[1]!.total).toMatchObject({ value: 9, target: 10, percent: 90, met: false });
    expect(branch(end, 1, "LC-GD")).toMatchObject({ value: 1, target: 4, percent: 25 });
    const week3 = weekly[3]!;
    expect(week3.indicators[0]!.total).toMatchObject({ value: 59, period: 13, percent: 84.3, met: false });
  });

  it("the chart at the end of each week shows the same numbers: bars per branch with targets, trend under the line", () => {
    for (const [k, want] of EXPECTED.entries()) {
      const data = figuresChartData(weekly[k]!, (o) => o.dueAt.toISOString().slice(5, 10));
      const members = data.indicators[0]!;
      expect(members.target).toBe(70);
      expect(members.trend.map((x) => x.value)).toEqual(want.members);
      const bars = Object.fromEntries(members.units.map((u) => [u.unit, [u.value, u.target]]));
      expect(bars["Công đoàn ngành Giáo dục tỉnh"]).toEqual([want.gd, 24]);
      expect(bars["LĐLĐ huyện Phong Thổ"]).toEqual([want.pt, 23]);
      expect(bars["LĐLĐ huyện Tam Đường"]).toEqual([want.td, 23]);
      expect(data.indicators[1]!.trend.map((x) => x.value)).toEqual(want.unions);
    }
  });

  it("keeps the late and corrected reports with who and when; the last one counts", async () => {
    const { app } = s;
    // Week 2 sent on 11/05, when week 3 had begun: it goes to week 2, and the next week is offered.
    expect(said.late!.at(-1)).toBe(
      "Đã gửi số liệu của CĐCS Trung tâm Y tế huyện Phong Thổ (sau hạn, được ghi là nộp muộn).\n" +
        "Kỳ tuần đến 2025-05-16 (hạn 16/05/2025) đã bắt đầu: bấm nút dưới đây để báo cáo tiếp.",
    );
    expect(said["LC-TD-02@2"]!.join("\n")).toContain("Số 30 khác nhiều so với kỳ trước (5).\nCó đúng không?");
    expect(said.correction!.join("\n")).toContain("Đã gửi kỳ này: 30");
    expect(said.correction!.at(-1)).toBe(
      "Đã sửa số liệu của CĐCS Công ty TNHH Chè Tam Đường; số mới được tính, số cũ vẫn lưu trong lịch sử.",
    );
    const unit = await app.db.unit.findUniqueOrThrow({ where: { code: "LC-TD-02" } });
    const occ = await app.db.deadlineOccurrence.findFirstOrThrow({ where: { dueAt: at("2025-05-16T23:59:00") } });
    const history = await app.services.figureReports.history(unit.id, occ.id);
    const chair = await app.services.people.resolve("telegram", "201", "Chủ tịch LC-TD-02");
    const members = history.filter((h) => h.indicatorId === history[0]!.indicatorId);
    expect(members.map((h) => [h.value, h.current, h.late, h.reportedById, h.reportedAt])).toEqual([
      [30, false, false, chair.personId, at("2025-05-16T10:00:00")],
      [13, true, true, chair.personId, at("2025-05-17T08:00:00")],
    ]);
    const late = await app.db.figureReport.findMany({ where: { late: true, current: true } });
    expect(late.length).toBe(6); // 2 figures × (LC-PT-02 on 11/05, LC-TD-02 on 17/05, LC-GD-01 on 28/05)
  });

  it("each question shows the last period's value", () => {
    const q = said["LC-TD-02@3"]!.join("\n");
    expect(q).toContain("Chỉ tiêu 1/2: Phát triển đoàn viên (người)");
    expect(q).toContain("Kỳ trước: 13");
    expect(said["LC-TD-01@0"]!.join("\n")).toContain("Kỳ trước: —");
  });

  it("/tiendo answers with the roll-up text and a chart picture (looked at: bars, ticks, trend, target line)", async () => {
    const out = await s.staff.send("/tiendo LC H1");
    const text = texts(out)[0]!;
    expect(text).toContain("TIẾN ĐỘ H1:");
    expect(text).toContain("Kỳ: tuần đến 2025-07-31 (hạn 31/07/2025); đã báo cáo 5/5 đơn vị");
    expect(text).toContain("1. Phát triển đoàn viên (người): 120 / 70 (171,4%) ✓ — kỳ này 5");
    expect(text).toContain("   • LĐLĐ huyện Tam Đường (LC-TD): 67 / 23 (291,3%) ✓");
    expect(text).toContain("2. Thành lập công đoàn cơ sở (đơn vị): 9 / 10 (90%) — kỳ này 1");
    expect(text).toContain("Theo kỳ: 02/05: 12 · 09/05: 25 · 16/05: 46 · 23/05: 60 · 30/05: 69 · 31/05: 71");
    expect(text).toContain("Tất cả đơn vị đã báo cáo kỳ này.");
    const picture = out.find((o) => o.reply.kind === "picture")!.reply as { data: Uint8Array };
    expect(Buffer.from(picture.data.slice(0, 8)).toString("hex")).toBe("89504e470d0a1a0a");
    const dir = process.env.FIGURES_CHART_DIR;
    if (dir) fs.writeFileSync(path.join(dir, "tien-do.png"), picture.data);
  });

  it("a chair sees only their own subtree", async () => {
    const out = await s.chairs["LC-TD-01"].send("/tiendo LC H1");
    expect(lastText(out)).toContain("nằm ngoài phạm vi đó");
    const own = await s.chairs["LC-TD-01"].send("/tiendo");
    expect(texts(own)[0]).toContain("1. Phát triển đoàn viên (người): 14 / 4 (350%) ✓ — kỳ này 0");
  });

  it("writes a sheet per indicator into the workbook, a column per period", async () => {
    const wb = new ExcelJS.Workbook();
    writeFigureSheets(wb, weekly.at(-1)!, {
      t: (k, a) => s.app.i18n.t("vi", k, a),
      timezone: "Asia/Ho_Chi_Minh",
    });
    expect(wb.worksheets.map((w) => w.name)).toEqual(["H1 1 Phát triển đoàn viên", "H1 2 Thành lập công đoàn cơ sở"]);
    const ws = wb.worksheets[0]!;
    const row = (n: number) => (ws.getRow(n).values as unknown[]).slice(1);
    expect(row(3).slice(0, 3)).toEqual(["Mã đơn vị", "Đơn vị", "02/05/2025"]);
    expect(row(4)).toEqual([
      "LC",
      "Liên đoàn Lao động tỉnh Lai Châu",
      12,
      13,
      21,
      14,
      9,
      2,
      9,
      12,
      12,
      11,
      5,
      120,
      70,
      171.4,
    ]);
  });
  it("/xuatbaocao's workbook gets the sheets of every figures deadline in the unit's subtree", async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet("Tổng hợp");
    const n = await addFigureSheets(wb, s.app.db, s.lc.id, {
      t: (k, a) => s.app.i18n.t("vi", k, a),
      now: at("2025-08-01T09:00:00"),
      timezone: "Asia/Ho_Chi_Minh",
    });
    expect(n).toBe(2);
    expect(wb.worksheets.map((w) => w.name)).toEqual([
      "Tổng hợp",
      "H1 1 Phát triển đoàn viên",
      "H1 2 Thành lập công đoàn cơ sở",
    ]);
  });

  it("works on the playground and in English: text and chart for the staff's private chat", async () => {
    await giveRole(s.app, "staff-web", "Cán bộ web", "staff", "LC", "web");
    let n = 0;
    const say = (text: string) =>
      s.app.core.handle(
        {
          platform: "web",
          updateId: `w${++n}`,
          chat: { id: "staff-web", kind: "private" },
          sender: { id: "staff-web", name: "Cán bộ web" },
          text,
        },
        { capabilities: WEB_CAPABILITIES },
      );
    await say("/ngonngu en");
    const out = await say("/progress");
    expect(texts(out)[0]).toContain("1. Phát triển đoàn viên (people): 120 / 70 (171.4%) ✓ — this period 5");
    expect(texts(out)[0]).toContain("Every unit has reported for this period.");
    expect(out.at(-1)!.reply).toMatchObject({ kind: "picture", fileName: "tien-do-H1.png" });
  });
});

describe("reporting figures: validation and platforms", () => {
  it("refuses a negative number, a word, and a percent over 100, and re-asks the same question", async () => {
    const s = await setup();
    s.clock.set(at("2025-04-28T09:00:00"));
    await s.staff.send("/chitieu H1");
    await s.staff.press(`ind|use|${s.deadline.id}`);
    await s.staff.send("/chitieu H1 them Tỷ lệ đoàn viên được tập huấn | % | trên 80");
    const chair = s.chairs["LC-TD-01"];
    await chair.send("/baocaoso");
    const negative = texts(await chair.send("-4"));
    expect(negative[0]).toBe("Số liệu không thể âm.");
    expect(negative[1]).toContain("Chỉ tiêu 1/3: Phát triển đoàn viên (người)");
    const refused = texts(await chair.send("mười"));
    expect(refused[0]).toBe("Cần một con số, ví dụ 12 hoặc 85,5.");
    await chair.send("3");
    await chair.send("0");
    expect(texts(await chair.send("120"))[0]).toBe("Tỷ lệ phần trăm không vượt quá 100.");
    const review = await chair.send("85,5");
    expect(lastText(review)).toContain("3. Tỷ lệ đoàn viên được tập huấn: 85,5%");
    expect(await s.app.db.figureReport.count()).toBe(0);
  });

  it("starts from the reminder's button: in a Telegram group it moves to the private chat; the lines say what is asked", async () => {
    const s = await setup();
    await s.staff.send("/chitieu H1");
    await s.staff.press(`ind|use|${s.deadline.id}`);
    const lines = await s.app.services.indicators.askedFor(s.deadline.id, (k, a) => s.app.i18n.t("vi", k, a));
    expect(lines).toEqual([
      "Số liệu cần báo cáo: Phát triển đoàn viên; Thành lập công đoàn cơ sở",
      'Bấm "Báo cáo số liệu" hoặc gõ /baocaoso để gửi.',
    ]);
    const button = figuresButton("H1", "Báo cáo số liệu");
    expect(button.id).toBe("bcs|H1");
    const unit = await s.app.db.unit.findUniqueOrThrow({ where: { code: "LC-TD-01" } });
    await s.app.db.chat.create({
      data: { platform: "telegram", platformChatId: "g1", kind: "group", unitId: unit.id },
    });
    const inGroup = await Talker.group(s.app, "g1", "200", "Chủ tịch LC-TD-01").press(button.id);
    expect(inGroup[0]!.reply).toMatchObject({ kind: "continue-privately", payload: "baocaoso_H1" });
    const deep = await s.chairs["LC-TD-01"].send("/start baocaoso_H1");
    expect(lastText(deep)).toContain("Chỉ tiêu 1/2: Phát triển đoàn viên (người)");
  });

  it("a figures deadline's reminder says which numbers are asked and carries the button to report them", async () => {
    const s = await setup();
    await s.staff.send("/chitieu H1");
    await s.staff.press(`ind|use|${s.deadline.id}`);
    await s.app.db.deadline.update({ where: { id: s.deadline.id }, data: { createdAt: at("2025-04-20T08:00:00") } });
    const unit = await s.app.db.unit.findUniqueOrThrow({ where: { code: "LC-TD-01" } });
    await s.app.db.chat.create({
      data: { platform: "telegram", platformChatId: "g1", kind: "group", unitId: unit.id },
    });
    s.clock.set(at("2025-05-02T07:30:00"));
    // Due today (the week to 02/05) and seven days ahead (the week to 09/05): one message carries both, with the figures.
    expect(await s.app.services.reminders.queueReminders()).toBe(1);
    const rows = await s.app.db.outboxMessage.findMany({ where: { kind: "reminder", platformChatId: "g1" } });
    for (const row of rows) {
      const reply = JSON.parse(row.payload) as { text: string; choices?: { id: string; label: string }[] };
      expect(reply.text).toContain("Số liệu cần báo cáo: Phát triển đoàn viên; Thành lập công đoàn cơ sở");
      expect(reply.choices).toEqual([{ id: "bcs|H1", label: "Báo cáo số liệu" }]);
    }
    // Sending the figures hands the report in: the unit is not reminded of that week again, and /hanchot says so.
    await report(s.chairs["LC-TD-01"], 3, 0);
    s.clock.set(at("2025-05-03T07:30:00"));
    await s.app.services.reminders.queueReminders();
    const week1 = await s.app.db.deadlineOccurrence.findFirstOrThrow({ where: { deadlineId: s.deadline.id } });
    expect(
      await s.app.db.reminderSent.count({ where: { occurrenceId: week1.id, unitId: unit.id, offsetDays: -1 } }),
    ).toBe(0);
    const submission = await s.app.db.submission.findFirstOrThrow({
      where: { occurrenceId: week1.id, unitId: unit.id },
    });
    expect(submission.kind).toBe("submitted");
  });

  it("works in a Zalo group: stays in the group, and yes/no and review are numbered choices answered with a digit", async () => {
    const s = await setup();
    s.clock.set(at("2025-05-01T09:00:00"));
    await s.staff.send("/chitieu H1 them Đã tổ chức hội nghị người lao động | cokhong");
    const unit = await s.app.db.unit.findUniqueOrThrow({ where: { code: "LC-PT-01" } });
    await giveRole(s.app, "z1", "Chủ tịch Zalo", "chair", "LC-PT-01", "zalo");
    await s.app.db.chat.create({ data: { platform: "zalo", platformChatId: "zg", kind: "group", unitId: unit.id } });
    let n = 0;
    const say = (extra: Partial<IncomingEvent>) =>
      s.app.core.handle(
        {
          platform: "zalo",
          updateId: `z${++n}`,
          chat: { id: "zg", kind: "group" },
          sender: { id: "z1", name: "Chủ tịch Zalo" },
          messageId: `m${n}`,
          ...extra,
        },
        { capabilities: ZALO_CAPABILITIES },
      );
    const first = await say({ text: "/baocaoso" });
    expect(lastText(first)).toContain("Đã tổ chức hội nghị người lao động (có/không)");
    // "Có"/"Không" are numbered; "Hủy" is a word to type (never a number).
    expect(choicesOf(first).map((c) => [c.label, !!c.typed])).toEqual([
      ["Có", false],
      ["Không", false],
      ["Hủy", true],
    ]);
    const review = await say({ text: "1" });
    expect(lastText(review)).toContain("1. Đã tổ chức hội nghị người lao động: Có");
    expect(lastText(await say({ text: "1" }))).toBe("Đã gửi số liệu của CĐCS Ủy ban nhân dân xã Dào San. Cảm ơn!");
  });

  it("staff confirm the plan's proposal once, then add or correct indicators one by one without losing targets", async () => {
    const s = await setup();
    expect(lastText(await s.staff.send("/chitieu H1 dung"))).toBe(
      "Hạn H1 có 2 chỉ tiêu. Các đơn vị báo cáo bằng /baocaoso.",
    );
    const [members] = await s.app.services.indicators.indicatorsOf(s.deadline.id);
    await s.app.db.unitTarget.create({
      data: { indicatorId: members!.id, unitId: s.lc.id, value: 70, source: "hand", setById: 1 },
    });
    expect(lastText(await s.staff.press(`ind|use|${s.deadline.id}`))).toContain("Hạn này đã có chỉ tiêu");
    expect(lastText(await s.staff.send("/chitieu H1 sua 1 Kết nạp đoàn viên mới | người | ít nhất 80"))).toBe(
      "Đã sửa chỉ tiêu 1 của hạn H1.",
    );
    expect(lastText(await s.staff.send("/chitieu H1 them Tỷ lệ CĐCS xếp loại tốt | cokhong | trên 80"))).toBe(
      "Hạn H1 có 3 chỉ tiêu. Các đơn vị báo cáo bằng /baocaoso.",
    );
    expect(lastText(await s.staff.send("/chitieu H1"))).toContain(
      [
        "1. Kết nạp đoàn viên mới — người, ít nhất 80",
        "2. Thành lập công đoàn cơ sở — đơn vị, không có mức",
        "3. Tỷ lệ CĐCS xếp loại tốt — có/không, trên 80%",
      ].join("\n"),
    );
    expect(await s.app.db.unitTarget.count()).toBe(1);
    expect(lastText(await s.chairs["LC-TD-01"].send("/chitieu H1"))).toBe("Bạn không có quyền làm việc này.");
  });

  it("refuses a split by hand that does not add up, saying both sums, and stores nothing", async () => {
    const s = await setup();
    await s.staff.send("/chitieu H1");
    await s.staff.press(`ind|use|${s.deadline.id}`);
    const [members] = await s.app.services.indicators.indicatorsOf(s.deadline.id);
    let out = await s.staff.send("/giaochitieu H1");
    out = await s.staff.press(pick(out, String(members!.id)));
    await s.staff.send("LC-TD");
    out = await s.staff.send("20");
    out = await s.staff.press(pick(out, "hand"));
    out = await s.staff.send("LC-TD-01 5\nLC-TD-02 12");
    expect(texts(out)[0]).toBe(
      'Tổng chỉ tiêu các đơn vị trực thuộc LĐLĐ huyện Tam Đường là 17, khác chỉ tiêu của LĐLĐ huyện Tam Đường là 20 (lệch 3) — "Phát triển đoàn viên". Chưa lưu gì.',
    );
    out = await s.staff.send("LC-TD-01 5\nLC-TD-02 15");
    expect(lastText(await s.staff.press(pick(out, "save")))).toBe(
      "Đã giao chỉ tiêu cho 2 đơn vị trực thuộc LĐLĐ huyện Tam Đường.",
    );
    expect((await s.app.db.unitTarget.findMany({ orderBy: { unitId: "asc" } })).map((t) => t.value)).toEqual([
      20, 5, 15,
    ]);
  });
});

describe("targets go only to units that report the figures", () => {
  it("keeps a target at a unit whose units report nothing, and refuses a share for a unit that cannot /baocaoso", async () => {
    const s = await setup();
    await s.staff.send("/chitieu H1");
    await s.staff.press(`ind|use|${s.deadline.id}`);
    const [members] = await s.app.services.indicators.indicatorsOf(s.deadline.id);
    // LC-SH's two grassroots unions owe no figures of H1: the target stays with LC-SH, nothing is asked of them.
    let out = await s.staff.send("/giaochitieu H1");
    out = await s.staff.press(pick(out, String(members!.id)));
    await s.staff.send("LC-SH");
    expect(lastText(await s.staff.send("5"))).toBe(
      "Đã lưu chỉ tiêu của LĐLĐ huyện Sìn Hồ. Các đơn vị trực thuộc không báo cáo số liệu của hạn này (không dùng được /baocaoso), nên chỉ tiêu không chia tiếp xuống.",
    );
    // A split by hand naming a unit without reporting units under it is refused by name; nothing is stored.
    out = await s.staff.send("/giaochitieu H1");
    out = await s.staff.press(pick(out, String(members!.id)));
    await s.staff.send("LC");
    out = await s.staff.send("70");
    out = await s.staff.press(pick(out, "hand"));
    expect(texts(await s.staff.send("LC-TD 40\nLC-SH 30"))[0]).toBe(
      "LC-SH không báo cáo số liệu của hạn này nên không nhận chỉ tiêu.",
    );
    const lcsh = await s.app.db.unit.findUniqueOrThrow({ where: { code: "LC-SH" } });
    expect((await s.app.db.unitTarget.findMany()).map((t) => [t.unitId, t.value])).toEqual([
      [lcsh.id, 5],
      [s.lc.id, 70],
    ]);
  });
});

describe("importing a targets sheet", () => {
  it("names every bad row with its line (unknown unit, unknown indicator, not a number, out of scope) and writes nothing", async () => {
    const s = await setup();
    await s.staff.send("/chitieu H1");
    await s.staff.press(`ind|use|${s.deadline.id}`);
    await giveRole(s.app, "300", "Cán bộ huyện", "staff", "LC-TD");
    const district = await s.app.services.people.resolve("telegram", "300", "Cán bộ huyện");
    const csv = "unit_code,indicator,target\nLC-TD-01,1,4\nLC-XX,1,3\nLC-TD-02,7,2\nLC-TD-02,1,nhiều\nLC-PT,1,5\n";
    const r = await s.app.services.targets.importTargets(district, s.deadline, {
      name: "t.csv",
      data: new TextEncoder().encode(csv),
    });
    expect(r).toEqual({
      ok: false,
      problems: [
        { line: 3, key: "figures-import-unknown-unit", args: { code: "LC-XX" } },
        { line: 4, key: "figures-import-unknown-indicator", args: { n: "7" } },
        { line: 5, key: "figures-import-bad-value", args: { value: "nhiều" } },
        { line: 6, key: "figures-import-not-allowed", args: { code: "LC-PT" } },
      ],
    });
    expect(await s.app.db.unitTarget.count()).toBe(0);
    const wrongHeader = await s.app.services.targets.importTargets(district, s.deadline, {
      name: "t.csv",
      data: new TextEncoder().encode("a,b\n1,2\n"),
    });
    expect(wrongHeader).toEqual({ ok: false, problems: [{ key: "figures-import-bad-header" }] });
  });
});

describe("the chart picture", () => {
  it("renders bars against a target line to a PNG", async () => {
    const png = await figuresChartPng(
      {
        indicators: [
          {
            name: "Phát triển đoàn viên",
            measure: "people",
            running: true,
            notDrawn: 0,
            target: 70,
            units: [
              { unit: "LĐLĐ huyện Tam Đường", value: 67, target: 60 },
              { unit: "LĐLĐ huyện Phong Thổ", value: 35, target: 40 },
            ],
            trend: [
              { period: "02/05", value: 12 },
              { period: "09/05", value: 25 },
            ],
          },
        ],
      },
      {
        title: "Tiến độ H1",
        byUnit: "Đơn vị",
        trend: "Lũy kế",
        trendByPeriod: "Từng kỳ",
        value: "Số liệu",
        target: "Chỉ tiêu",
        period: "Kỳ",
        notDrawn: (n) => `${n} khác`,
      },
      "vi",
    );
    expect(png.width).toBe(900);
    expect(png.height).toBeGreaterThan(150);
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "chart-")), "c.png");
    fs.writeFileSync(file, png.png);
    expect(fs.statSync(file).size).toBeGreaterThan(5000);
  });
});

describe("the chart before any report", () => {
  it("draws whole-number axes from 0, never a lone '0.000000' tick", async () => {
    const spec = figuresChartSpec(
      {
        indicators: [
          {
            name: "Phát triển đoàn viên",
            measure: "people",
            running: true,
            notDrawn: 0,
            target: null,
            units: [{ unit: "LĐLĐ huyện Tam Đường", value: 0, target: null }],
            trend: [],
          },
        ],
      },
      {
        title: "Tiến độ H1",
        byUnit: "Đơn vị",
        trend: "Lũy kế",
        trendByPeriod: "Từng kỳ",
        value: "Số liệu",
        target: "Chỉ tiêu",
        period: "Kỳ",
        notDrawn: (n) => `${n} khác`,
      },
      "vi",
    );
    const view = new vega.View(vega.parse(compile(spec).spec), { renderer: "none" });
    const svg = await view.toSVG();
    view.finalize();
    const labels = [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]);
    expect(labels).not.toContain("0.000000");
    expect(labels.filter((x) => /^\d/.test(x!))).toEqual(["0", "1", "2", "0", "1", "2"]);
  });
});

describe("confirming the plan's indicators when announcing it", () => {
  async function announce(env: Record<string, string> = {}, plan = PLAN_143, now = at("2025-04-25T09:00:00")) {
    const app = await testApp({ clock: new FakeClock(now), env });
    await giveRole(app, "100", "Cán bộ tỉnh", "staff", "LC");
    const unit = await app.db.unit.findUniqueOrThrow({ where: { code: "LC-TD-01" } });
    await app.db.chat.create({ data: { platform: "telegram", platformChatId: "g1", kind: "group", unitId: unit.id } });
    const staff = Talker.private(app, "100", "Cán bộ tỉnh");
    await staff.send("/thongbao");
    Talker.files.set("143.txt", new TextEncoder().encode(plan));
    const targets = await staff.send("", { attachment: { kind: "file", fileRef: "143.txt", fileName: "143.txt" } });
    const confirm = await staff.press(choicesOf(targets)[0]!.id);
    const done = await staff.press(choicesOf(confirm)[0]!.id);
    return { app, staff, done };
  }

  it("offers the plan's proposal per figures deadline; its button confirms it as /chitieu does, and nothing else", async () => {
    const { app, staff, done } = await announce();
    expect(texts(done)[1]).toBe(
      "Đã tạo 3 hạn báo cáo từ kế hoạch cho 11 đơn vị; bot sẽ nhắc các đơn vị chưa nộp. Xem: /hanchot",
    );
    const [h1, h2, h3] = await app.db.deadline.findMany({ orderBy: { id: "asc" } });
    expect([h1!.what, h2!.what, h3!.what]).toEqual([
      "báo cáo kết quả triển khai, thực hiện về Liên đoàn Lao động tỉnh (qua Ban Tổ chức - Kiểm tra tổng hợp)",
      // The same words with two schedules: each names its own, so listings and reminders tell them apart.
      "báo cáo số liệu phát triển đoàn viên, thành lập công đoàn cơ sở (theo tuần, tháng trong tháng 5 và tháng 7)",
      "báo cáo số liệu phát triển đoàn viên, thành lập công đoàn cơ sở (định kỳ 06 tháng, năm)",
    ]);
    expect(texts(done)[2]).toBe(
      [
        "Kế hoạch đề xuất các chỉ tiêu số liệu sau:",
        "1. Phát triển đoàn viên — người, không có mức",
        "2. Thành lập công đoàn cơ sở — đơn vị, không có mức",
        "",
        'Bấm "Dùng các chỉ tiêu này" để xác nhận. Muốn sửa: /chitieu H2 sua SỐ Tên | người | mức, thêm: /chitieu H2 them Tên | người | mức',
      ].join("\n"),
    );
    // H1 (a report without figures) gets no button; the two "báo cáo số liệu" deadlines get the /chitieu action.
    expect(choicesOf(done)).toEqual([
      { id: `ind|use|${h2!.id}`, label: "Dùng các chỉ tiêu này cho H2" },
      { id: `ind|use|${h3!.id}`, label: "Dùng các chỉ tiêu này cho H3" },
    ]);
    expect(await app.db.indicator.count()).toBe(0);
    expect(lastText(await staff.press(`ind|use|${h2!.id}`))).toBe(
      "Hạn H2 có 2 chỉ tiêu. Các đơn vị báo cáo bằng /baocaoso.",
    );
    expect((await app.services.indicators.indicatorsOf(h2!.id)).map((i) => [i.name, i.measure])).toEqual([
      ["Phát triển đoàn viên", "people"],
      ["Thành lập công đoàn cơ sở", "unions"],
    ]);
    expect(await app.services.indicators.indicatorsOf(h3!.id)).toEqual([]);
    expect(await app.services.indicators.indicatorsOf(h1!.id)).toEqual([]);
    // Corrected afterwards with /chitieu, as the message says.
    expect(lastText(await staff.send("/chitieu H2 sua 1 Kết nạp đoàn viên mới | người | ít nhất 70"))).toBe(
      "Đã sửa chỉ tiêu 1 của hạn H2.",
    );
    expect(lastText(await staff.press(`ind|use|${h2!.id}`))).toContain("Hạn này đã có chỉ tiêu");
  });

  it("a plan with targets but no figures deadline (214) gets no button, only how to use them with /chitieu", async () => {
    const plan214 = fs.readFileSync(
      path.join(import.meta.dirname, "fixtures", "plans", "214-KH-LDLD-2021-cong-tac-dan-van.txt"),
      "utf8",
    );
    const { app, done } = await announce({}, plan214, at("2021-03-01T09:00:00"));
    // Only the districts' own report: "Liên đoàn Lao động tỉnh tổng hợp báo cáo Tỉnh ủy" is the province's duty.
    expect(texts(done)[1]).toMatch(/^Đã tạo 1 hạn báo cáo/);
    const offer = texts(done)[2]!;
    expect(offer).toContain("3. Kết nạp được đoàn viên công đoàn — người, ít nhất 70 (phấn đấu)");
    expect(offer).toContain(
      "9. Giới thiệu đoàn viên công đoàn ưu tú cho Đảng xem xét bồi dưỡng, kết nạp — người, ít nhất 500",
    );
    expect(offer.split("\n").at(-1)).toBe(
      "Kế hoạch không có hạn báo cáo số liệu riêng (các hạn đã tạo: H1). Muốn hạn nào hỏi các số này: /chitieu H1 dung, hoặc thêm từng cái: /chitieu H1 them Tên | người | mức",
    );
    expect(choicesOf(done)).toEqual([]);
    expect(await app.db.indicator.count()).toBe(0);
  });

  it("says nothing about indicators when the plan proposes none (122)", async () => {
    const plan122 = fs.readFileSync(
      path.join(import.meta.dirname, "fixtures", "plans", "122-KH-LDLD-2025-lay-y-kien-van-kien.txt"),
      "utf8",
    );
    const { done } = await announce({}, plan122, at("2025-04-25T09:00:00"));
    expect(texts(done)[1]).toMatch(/^Đã tạo 5 hạn báo cáo/);
    expect(texts(done)).toHaveLength(2);
  });

  it("says the same in English", async () => {
    const { done } = await announce({ DEFAULT_LANGUAGE: "en" });
    expect(texts(done)[2]).toContain("The plan proposes these figures to report:");
    expect(texts(done)[2]).toContain('Press "Use these indicators" to confirm. To correct one: /chitieu H2 sua NUMBER');
    expect(choicesOf(done).map((c) => c.label)).toEqual(["Use these indicators for H2", "Use these indicators for H3"]);
  });
});

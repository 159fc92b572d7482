/**
 * One language at a time: every command, as each role, answered in English has no Vietnamese words left but the data
 * (unit names, plan words, opinions, people), and answered in Vietnamese no English words. Period names ("quý I/2026",
 * "Q1 2026"), plurals ("1 unit", "2 units") and dates come from locales/.
 */
import fs from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { App } from "../src/app.js";
import { FakeClock } from "../src/clock.js";
import type { Language } from "../src/i18n.js";
import type { Outgoing } from "../src/platforms/port.js";
import { choicesOf, giveRole, Talker, testApp, texts } from "./helpers/app.js";
import { closeAll } from "./helpers/db.js";

afterAll(closeAll);

const PLAN_143 = fs.readFileSync(
  path.join(import.meta.dirname, "fixtures", "plans", "143-KH-LDLD-2025-thang-cao-diem-phat-trien-doan-vien.txt"),
  "utf8",
);
const PLAN_122 = fs.readFileSync(
  path.join(import.meta.dirname, "fixtures", "plans", "122-KH-LDLD-2025-lay-y-kien-van-kien.txt"),
  "utf8",
);

function pick(out: Outgoing[], label: RegExp): string {
  const c = choicesOf(out).find((x) => label.test(x.label));
  if (!c)
    throw new Error(
      `no choice ${label} in ${choicesOf(out)
        .map((x) => x.label)
        .join(" | ")}`,
    );
  return c.id;
}

/** Staff announce plans 143 and 122, a consultation is open, a member gave an opinion, a chair reported figures. */
async function scene() {
  const clock = new FakeClock(new Date("2025-04-25T02:00:00Z"));
  const app = await testApp({ clock });
  await giveRole(app, "1", "Cán bộ tỉnh", "staff", "LC");
  await giveRole(app, "2", "Chủ tịch Bình Lư", "chair", "LC-TD-01");
  await giveRole(app, "3", "Chủ tịch Tam Đường", "chair", "LC-TD");
  const staff = Talker.private(app, "1", "Cán bộ tỉnh");
  const chair = Talker.private(app, "2", "Chủ tịch Bình Lư");
  const district = Talker.private(app, "3", "Chủ tịch Tam Đường");
  const member = Talker.private(app, "4", "Lò Thị Mai");
  const group = (t: Talker) => Talker.group(app, "-100", t.user.id, t.user.name);
  await group(chair).send("/lienket LC-TD-01");
  await group(member).send("Chào cả nhóm");
  for (const plan of [PLAN_143, PLAN_122]) {
    await staff.send("/thongbao");
    const preview = await staff.send(plan);
    const confirm = await staff.press(pick(preview, /^Toàn bộ/));
    const done = await staff.press(pick(confirm, /^Gửi$/));
    const use = choicesOf(done).find((c) => c.id.startsWith("ind|use|"));
    if (use) await staff.press(use.id);
  }
  await staff.send("/themhanchot");
  await staff.send("Báo cáo sơ kết quý");
  await staff.send("hàng quý");
  await staff.press(pick(await staff.send("LC-TD-01 LC-TD-02"), /^Lưu$/));
  const unit = await staff.press(pick(await staff.send("/mogopy"), /^122/));
  await staff.press(pick(unit, /^Liên đoàn/));
  await staff.press(pick(await staff.send("cuối tháng 12/2025"), /^Mở đợt/));
  return { app, clock, staff, chair, district, member, group };
}

/** Every string the data holds (names, plan words, opinions): they stay in their own language whatever the reader's. */
async function dataStrings(app: App): Promise<string[]> {
  const out = new Set<string>();
  // Words, not codes: a plan's "precision": "day" is no text anyone reads.
  const add = (x: unknown): void => {
    // A plan's "Đợt 1: Tháng 5 năm 2025" is shown without the label its name already says.
    if (typeof x === "string" && /^[^:]{1,40}:\s*\S/u.test(x)) add(x.replace(/^[^:]{1,40}:\s*/u, ""));
    if (typeof x === "string" && x.trim().length > 1 && /[\s\u0080-\uffff]/u.test(x.trim())) out.add(x.trim());
    else if (Array.isArray(x)) for (const y of x) add(y);
    else if (x && typeof x === "object") for (const y of Object.values(x)) add(y);
  };
  for (const u of await app.db.unit.findMany()) add(u.name);
  for (const p of await app.db.person.findMany()) add(p.displayName);
  for (const p of await app.db.plan.findMany()) add([p.title, JSON.parse(p.parsed)]);
  for (const d of await app.db.deadline.findMany()) add([d.what, d.phrase]);
  for (const c of await app.db.consultation.findMany({ include: { items: true } }))
    add([c.title, c.items.map((i) => i.title)]);
  for (const o of await app.db.opinion.findMany()) add(o.text);
  for (const i of await app.db.indicator.findMany()) add(i.name);
  for (const m of await app.db.meetingItem.findMany()) add(m.keyPoints);
  for (const f of await app.db.storedFile.findMany({ select: { name: true } })) add(f.name);
  return [...out].sort((a, b) => b.length - a.length);
}

const VIETNAMESE = /[àáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ]/iu;
/** "1 units", "1 meetings": a count of one with a plural noun (a fraction such as "0/1 units" aside). */
const ONE_PLURAL =
  /(?<![\d/.,])\b1 (?:[a-z]+ )?(?:units|chats|meetings|opinions|members|people|days|deadlines|targets|indicators|periods)\b/;
const ENGLISH =
  /(?<![\p{L}\p{N}])(?:the|and|of|to|is|are|units?|deadlines?|due|period|meetings?|reports?|remind(?:er)?s?|opinions?|members?|groups?|sent|pending|failed|targets?|progress|quarter|month|week|year|yes|no)(?![\p{L}\p{N}])/iu;

/**
 * The replies with the data taken out (also cut short: "Dự thảo Báo cáo đánh giá kết quả…"), and commands
 * ("/thongbao", "/announce") too: both names work everywhere.
 */
function words(out: Outgoing[], data: string[]): string {
  let text = [...texts(out), ...choicesOf(out).map((c) => c.label)].join("\n");
  for (const d of data) {
    text = text.split(d).join(" ");
    for (let k = d.length - 1; k >= 12 && text.includes("…"); k--)
      text = text.split(`${d.slice(0, k).trimEnd()}…`).join(" ");
  }
  return text.replace(/\/[a-z_]+/g, " ");
}

async function sweep(lang: Language) {
  const s = await scene();
  for (const t of [s.staff, s.chair, s.district, s.member]) await t.send(`/ngonngu ${lang}`);
  const said: { who: string; input: string; out: Outgoing[] }[] = [];
  const run = async (who: string, t: Talker, inputs: string[]) => {
    for (const input of inputs) said.push({ who, input: input.slice(0, 40), out: await t.send(input) });
  };
  const press = async (who: string, t: Talker, label: RegExp) => {
    const last = said.filter((x) => x.who === who).at(-1)?.out ?? [];
    said.push({ who, input: `[${label.source}]`, out: await t.press(pick(last, label)) });
  };
  await run("member", s.member, ["/batdau", "/trogiup", "/vaitro", "/hanchot", "/ykiencuatoi", "xin chào", "/huy"]);
  await run("member", s.group(s.member), ["/donvi", "/hanchot"]);
  await run("member", s.member, ["/gopy"]);
  await run("member", s.member, ["1", "2", "Đề nghị bổ sung chính sách nhà ở.", "1", "/ykiencuatoi", "rut"]);
  await run("chair", s.chair, ["/trogiup", "/hanchot", "/chuanop H1", "/tonghop", "/tiendo", "/baocaoso"]);
  await run("chair", s.chair, ["12", "1", "/nhapketqua", "02/04/2025", "/huy", "/danop H1", "/xuatbaocao"]);
  await run("district", s.district, ["/hanchot", "/chuanop H2", "/tiendo LC-TD", "/tonghop"]);
  await run("staff", s.staff, ["/trogiup", "/tinhtrang"]);
  await press("staff", s.staff, /^(?:Xem số|Show no\.) 1$/);
  await run("staff", s.staff, ["/tinhtrang 1"]);
  await run("staff", s.staff, ["/hanchot", "/hanchot H2", "/chitieu H2"]);
  await run("staff", s.staff, ["/giaochitieu H2", "/huy", "/themhanchot", "quay lại", "hủy", "/datmoc H9 1/5/2025"]);
  await run("staff", s.staff, ["/vaitro them chutich LC-TD-01", "/huy", "/donggopy GY1", "/thongbao", "xong"]);
  await run("staff", s.staff, [PLAN_143, "/huy"]);
  // A day past the first due date: the staff digest, in the reader's language.
  s.clock.set(new Date("2025-05-04T01:00:00Z"));
  await s.app.services.digests.queueDigests();
  const digest = await s.app.db.outboxMessage.findMany({ where: { kind: "digest", platformChatId: "1" } });
  said.push({
    who: "staff",
    input: "[digest]",
    out: digest.map((d) => ({ chatId: "1", reply: JSON.parse(d.payload) as Outgoing["reply"] })),
  });
  const data = await dataStrings(s.app);
  if (process.env.ONE_LANGUAGE_DUMP)
    fs.writeFileSync(
      `${process.env.ONE_LANGUAGE_DUMP}-${lang}.txt`,
      said.map((x) => `### ${x.who} ${x.input}\n${texts(x.out).join("\n---\n")}`).join("\n\n"),
    );
  return { said, data };
}

describe("one language at a time", () => {
  it("answers in English with no Vietnamese words but the data's", async () => {
    const { said, data } = await sweep("en");
    const leaks = said
      .map((x) => ({ ...x, left: words(x.out, data) }))
      .filter((x) => VIETNAMESE.test(x.left) || ONE_PLURAL.test(x.left))
      .map(
        (x) =>
          `${x.who} ${x.input}: ${x.left
            .split("\n")
            .filter((l) => VIETNAMESE.test(l) || ONE_PLURAL.test(l))
            .join(" ⏎ ")}`,
      );
    expect(leaks).toEqual([]);
  }, 120_000);

  it("answers in Vietnamese with no English words", async () => {
    const { said, data } = await sweep("vi");
    const leaks = said
      .map((x) => ({ ...x, left: words(x.out, data) }))
      .filter((x) => ENGLISH.test(x.left))
      .map(
        (x) =>
          `${x.who} ${x.input}: ${x.left
            .split("\n")
            .filter((l) => ENGLISH.test(l))
            .join(" ⏎ ")}`,
      );
    expect(leaks).toEqual([]);
  }, 120_000);
});

/**
 * The deadlines a plan creates when it is announced: the preview lists every one of them (dated, recurring and
 * relative) and no other; a recurring report runs within the plan's own dates; the province's own duties are not
 * handed to the units; and a unit reads in the announcement only deadlines that /hanchot then shows it.
 */
import fs from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { FakeClock } from "../src/clock.js";
import { parsePlan } from "../src/domain/plan/parse.js";
import { isIssuersOwnDuty, planReports } from "../src/domain/plan/reports.js";
import { choicesOf, giveRole, Talker, testApp, texts } from "./helpers/app.js";
import { closeAll } from "./helpers/db.js";

afterAll(closeAll);

const at = (local: string) => new Date(`${local}+07:00`);
const PLANS = path.join(import.meta.dirname, "fixtures", "plans");
const planText = (prefix: string) =>
  fs.readFileSync(
    path.join(PLANS, fs.readdirSync(PLANS).find((f) => f.startsWith(prefix) && f.endsWith(".txt"))!),
    "utf8",
  );

/**
 * Staff of the province send a plan file to the whole tree (every unit has a group chat); the preview and the end.
 * `press`: buttons of the preview pressed first, by label (what to do with past deadlines).
 */
async function announce(prefix: string, now: string, press: string[] = []) {
  const app = await testApp({ clock: new FakeClock(at(now)) });
  await giveRole(app, "100", "Cán bộ tỉnh", "staff", "LC");
  for (const u of await app.db.unit.findMany())
    await app.db.chat.create({
      data: { platform: "telegram", platformChatId: `g-${u.code}`, kind: "group", unitId: u.id },
    });
  const staff = Talker.private(app, "100", "Cán bộ tỉnh");
  await staff.send("/thongbao");
  Talker.files.set(`${prefix}.txt`, new TextEncoder().encode(planText(prefix)));
  let targets = await staff.send("", {
    attachment: { kind: "file", fileRef: `${prefix}.txt`, fileName: `${prefix}.txt` },
  });
  for (const label of press) targets = await staff.press(choicesOf(targets).find((c) => c.label === label)!.id);
  const preview = texts(targets).at(-1)!;
  const confirm = await staff.press(choicesOf(targets).find((c) => c.label.startsWith("Toàn bộ"))!.id);
  const done = await staff.press(choicesOf(confirm)[0]!.id);
  const deadlines = await app.db.deadline.findMany({ orderBy: { id: "asc" }, include: { occurrences: true } });
  return { app, staff, preview, done: texts(done), deadlines };
}

/** The numbered lines under "Hạn báo cáo:" in a preview. */
function previewDeadlines(preview: string): string[] {
  const lines = preview.split("\n");
  const from = lines.indexOf("Hạn báo cáo:") + 1;
  const out: string[] = [];
  for (const l of lines.slice(from)) {
    if (!/^\d+\. /.test(l)) break;
    out.push(l);
  }
  return out;
}

describe("the preview lists every deadline the plan creates", () => {
  it("shows a recurring report with its first due day, and creates exactly what it showed (214 in its year)", async () => {
    const { preview, deadlines, done } = await announce("214", "2021-03-01T09:00:00");
    expect(previewDeadlines(preview)).toEqual([
      "1. Định kỳ hàng quý, 6 tháng, một năm báo cáo về LĐLĐ tỉnh, lần đầu 31/03/2021: LĐLĐ các huyện, thành phố, CĐN, Công đoàn Viên chức báo cáo về LĐLĐ tỉnh (qua Ban chính sách pháp luật và Quan hệ lao động)",
    ]);
    expect(preview).not.toContain("Bot chưa đọc được: hạn báo cáo");
    expect(done[1]).toMatch(/^Đã tạo 1 hạn báo cáo từ kế hoạch cho 11 đơn vị/);
    expect(deadlines.map((d) => d.what)).toEqual([
      "LĐLĐ các huyện, thành phố, CĐN, Công đoàn Viên chức báo cáo về LĐLĐ tỉnh (qua Ban chính sách pháp luật và Quan hệ lao động)",
    ]);
    // A plan "năm 2021": its quarters, halves and year of 2021, and nothing of 2022.
    expect(deadlines[0]!.occurrences.map((o) => o.label)).toEqual([
      "quý I/2021",
      "quý II/2021; 6 tháng đầu năm 2021",
      "quý III/2021",
      "quý IV/2021; 6 tháng cuối năm 2021; năm 2021",
    ]);
  });

  it("lists dated and recurring deadlines of 143 in one numbered list, the two 'báo cáo số liệu' told apart", async () => {
    const { preview, deadlines } = await announce("143", "2025-04-25T09:00:00");
    expect(previewDeadlines(preview)).toEqual([
      "1. 04/08/2025: báo cáo kết quả triển khai, thực hiện về Liên đoàn Lao động tỉnh (qua Ban Tổ chức - Kiểm tra tổng hợp)",
      "2. lần đầu 02/05/2025: báo cáo số liệu phát triển đoàn viên, thành lập công đoàn cơ sở (theo tuần, tháng trong tháng 5 và tháng 7)",
      "3. lần đầu 30/06/2025: báo cáo số liệu phát triển đoàn viên, thành lập công đoàn cơ sở (định kỳ 06 tháng, năm)",
    ]);
    expect(new Set(deadlines.map((d) => d.what)).size).toBe(3);
    // The campaign's weeks and months are those of May and July 2025 only, never of a later year.
    const campaign = deadlines[1]!.occurrences.map((o) => o.label);
    expect(campaign).toHaveLength(11);
    expect(campaign.at(0)).toBe("tuần đến 02/05/2025");
    expect(campaign.at(-1)).toBe("tháng 07/2025");
  });

  it("a 2025 plan announced in 2026: its campaign is over and not created; the standing report starts after today", async () => {
    const { preview, deadlines, done } = await announce("143", "2026-08-10T09:00:00", ["Vẫn tạo các hạn đã qua"]);
    expect(previewDeadlines(preview)).toEqual([
      "1. 04/08/2025: báo cáo kết quả triển khai, thực hiện về Liên đoàn Lao động tỉnh (qua Ban Tổ chức - Kiểm tra tổng hợp) ⚠ đã qua",
      "2. theo tuần, tháng (trong tháng 5 và tháng 7) — mọi kỳ đã qua, sẽ không tạo hạn: báo cáo số liệu phát triển đoàn viên, thành lập công đoàn cơ sở (theo tuần, tháng trong tháng 5 và tháng 7)",
      "3. lần đầu 31/12/2026: báo cáo số liệu phát triển đoàn viên, thành lập công đoàn cơ sở (định kỳ 06 tháng, năm)",
    ]);
    expect(done[1]).toMatch(/^Đã tạo 2 hạn báo cáo/);
    expect(deadlines.map((d) => d.occurrences.map((o) => o.label)[0])).toEqual([
      "trước ngày 05/8/2025",
      "6 tháng cuối năm 2026; năm 2026",
    ]);
    // No week of a later May is invented.
    expect(deadlines.flatMap((d) => d.occurrences.map((o) => o.label)).some((l) => l.startsWith("tuần"))).toBe(false);
  });
});

describe("past deadlines of an old plan (26.10)", () => {
  it("are not created when past by more than 30 days unless staff keep them, so no unit is reminded of them", async () => {
    // Plan 122 announced on 07/12/2026: its five reports fell due 300 to 650 days ago.
    const { preview, deadlines, done } = await announce("122", "2026-12-07T09:00:00");
    const lines = previewDeadlines(preview);
    expect(lines).toHaveLength(5);
    for (const line of lines) expect(line).toMatch(/⚠ đã qua, sẽ không tạo$/);
    expect(preview).toContain("Không tạo 5 hạn đã qua hơn 30 ngày (bot không nhắc việc đã cũ).");
    expect(deadlines).toHaveLength(0);
    expect(done.slice(1)).toEqual(["Không tạo 5 hạn đã qua (theo lựa chọn ở bản xem trước)."]);
    const kept = await announce("122", "2026-12-07T09:00:00", ["Vẫn tạo các hạn đã qua"]);
    expect(kept.preview).toContain("Vẫn tạo cả 5 hạn đã qua; đơn vị chưa nộp sẽ được nhắc quá hạn.");
    expect(kept.deadlines).toHaveLength(5);
  });

  it("keep one past by fewer than 30 days, unless staff skip every past one", async () => {
    // 143 on 20/08/2025: its 04/08/2025 report is 16 days past, the campaign over, the standing report ahead.
    const kept = await announce("143", "2025-08-20T09:00:00");
    expect(previewDeadlines(kept.preview)[0]).toMatch(/04\/08\/2025: .* ⚠ đã qua$/);
    expect(kept.deadlines.map((d) => d.occurrences[0]!.label)).toEqual([
      "trước ngày 05/8/2025",
      "6 tháng cuối năm 2025; năm 2025",
    ]);
    const skipped = await announce("143", "2025-08-20T09:00:00", ["Bỏ mọi hạn đã qua"]);
    expect(previewDeadlines(skipped.preview)[0]).toMatch(/⚠ đã qua, sẽ không tạo$/);
    expect(skipped.preview).toContain("Không tạo 1 hạn đã qua.");
    expect(skipped.deadlines.map((d) => d.occurrences[0]!.label)).toEqual(["6 tháng cuối năm 2025; năm 2025"]);
    expect(skipped.done[1]).toMatch(
      /^Đã tạo 1 hạn báo cáo .*\nKhông tạo 1 hạn đã qua \(theo lựa chọn ở bản xem trước\)\.$/s,
    );
  });
});

describe("the province's own duties", () => {
  it("are not deadlines of the units: 'Liên đoàn Lao động tỉnh tổng hợp báo cáo Tỉnh ủy' is the province's to do", () => {
    const reports = planReports(parsePlan(planText("214")));
    expect(reports.map((r) => r.what)).toEqual([
      "LĐLĐ các huyện, thành phố, CĐN, Công đoàn Viên chức báo cáo về LĐLĐ tỉnh (qua Ban chính sách pháp luật và Quan hệ lao động)",
    ]);
    const issuer = "Ban Thường vụ Liên đoàn Lao động tỉnh";
    expect(isIssuersOwnDuty("LĐLĐ tỉnh tổng hợp báo cáo Tổng Liên đoàn", issuer)).toBe(true);
    expect(isIssuersOwnDuty("Liên đoàn Lao động tỉnh tổng hợp báo cáo Tỉnh ủy", null)).toBe(true);
    expect(isIssuersOwnDuty("báo cáo kết quả triển khai, thực hiện về Liên đoàn Lao động tỉnh", issuer)).toBe(false);
    expect(isIssuersOwnDuty("LĐLĐ các huyện, thành phố báo cáo về LĐLĐ tỉnh", issuer)).toBe(false);
  });
});

describe("what a unit reads in the announcement agrees with /hanchot", () => {
  it("units that owe the reports read 'Hạn báo cáo'; the others read whose they are, and /hanchot shows them none", async () => {
    const { app } = await announce("143", "2025-04-25T09:00:00");
    const textIn = async (chat: string) =>
      JSON.parse(
        (await app.db.outboxMessage.findFirstOrThrow({ where: { platformChatId: chat, kind: "announcement" } }))
          .payload,
      ).text as string;
    const district = await textIn("g-LC-TD");
    expect(district).toContain("\nHạn báo cáo:\n• 04/08/2025: báo cáo kết quả triển khai");
    const grassroots = await textIn("g-LC-TD-01");
    expect(grassroots).toContain(
      "\nHạn báo cáo của LĐLĐ huyện/thành phố, công đoàn ngành (đơn vị bạn không phải nộp các báo cáo này lên Liên đoàn Lao động tỉnh Lai Châu):\n• 04/08/2025",
    );
    const member = Talker.group(app, "g-LC-TD-01", "300", "Lò Thị Mai");
    expect(texts(await member.send("/hanchot"))).toEqual(["Đơn vị chưa có hạn báo cáo nào."]);
    const districtMember = Talker.group(app, "g-LC-TD", "301", "Nguyễn Văn An");
    expect(texts(await districtMember.send("/hanchot"))[0]).toContain("H1 — báo cáo kết quả triển khai");
  });
});

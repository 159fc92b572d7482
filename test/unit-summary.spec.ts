/**
 * Answers about many units are one message whatever the tree's size (#27): a summary by the level below the reader,
 * most lagging first, the totals and a few named worst units, with drill-down by a typed code and by a button; and
 * /chuanop and /hanchot read one model (#26.4).
 */
import { afterAll, describe, expect, it } from "vitest";
import type { App } from "../src/app.js";
import { FakeClock } from "../src/clock.js";
import { readDatePhrase } from "../src/domain/dates/phrases.js";
import { compareCodes, renderSummary, summarise } from "../src/domain/unit-summary.js";
import type { Outgoing } from "../src/platforms/port.js";
import { choicesOf, giveRole, lastText, Talker, testApp, texts } from "./helpers/app.js";
import { bigTree } from "./helpers/big-tree.js";
import { closeAll } from "./helpers/db.js";

afterAll(closeAll);

const at = (local: string) => new Date(`${local}+07:00`);
const ZALO = { privateChat: "none" as const, maxTextLength: 2000 };

/** The same person on Zalo, answered with Zalo's capabilities (2,000 characters a message, no buttons). */
function onZalo(app: App, id: string, name: string) {
  const talker = new Talker(app, { id, name }, { id, kind: "private" }, "zalo");
  return (text: string): Promise<Outgoing[]> =>
    app.core.handle(talker.event({ text }), { capabilities: ZALO, download: async () => new Uint8Array() });
}

/**
 * 10 districts D1..D10, 300 grassroots units G1..G300 (G i under D(1 + i mod 10)), a deadline H1 due 30/11/2026
 * owed by every grassroots unit; on 05/12 all of D3's units have handed in, half of D5's, none elsewhere.
 */
async function province() {
  const clock = new FakeClock(at("2026-11-20T09:00:00"));
  const app = await testApp({ clock, units: false });
  await bigTree(app.db, { districts: 10, grassroots: 300, groups: 0 });
  await giveRole(app, "1", "Cán bộ tỉnh", "staff", "P");
  await giveRole(app, "1", "Cán bộ tỉnh", "staff", "P", "zalo");
  await giveRole(app, "5", "Chủ tịch huyện 5", "chair", "D5");
  const staff = await app.services.people.resolve("telegram", "1", "Cán bộ tỉnh");
  const grassroots = await app.db.unit.findMany({ where: { kind: "grassroots" } });
  const root = await app.db.unit.findUniqueOrThrow({ where: { code: "P" } });
  const phrase = "chậm nhất ngày 30/11/2026";
  await app.services.deadlines.create(staff, {
    what: "Báo cáo kết quả",
    phrase,
    spec: readDatePhrase(phrase)!.spec,
    owingUnitIds: grassroots.map((u) => u.id),
    rootUnitId: root.id,
  });
  const occurrence = await app.db.deadlineOccurrence.findFirstOrThrow();
  const districtOf = (code: string) => `D${1 + (Number(code.slice(1)) % 10)}`;
  const d5 = grassroots.filter((u) => districtOf(u.code) === "D5").sort((a, b) => compareCodes(a.code, b.code));
  const handedIn = [...grassroots.filter((u) => districtOf(u.code) === "D3"), ...d5.slice(0, 15)];
  await app.db.submission.createMany({
    data: handedIn.map((u) => ({
      occurrenceId: occurrence.id,
      unitId: u.id,
      submittedById: staff.personId,
      submittedAt: at("2026-11-28T10:00:00"),
    })),
  });
  clock.set(at("2026-12-05T09:00:00"));
  return { app, clock, d5 };
}

describe("/chuanop and /hanchot about a province of 300 grassroots units", () => {
  it("answer staff in one message by district, most behind first, with totals, the worst units and drill-down", async () => {
    const { app } = await province();
    const staff = Talker.private(app, "1", "Cán bộ tỉnh");
    const out = await staff.send("/chuanop H1");
    expect(out).toHaveLength(1);
    const text = lastText(out);
    expect(text.length).toBeLessThanOrEqual(4096);
    const lines = text.split("\n");
    expect(lines[0]).toBe("Chưa nộp H1: Báo cáo kết quả (hạn 30/11/2026) — 255/300 đơn vị:");
    expect(lines[1]).toBe("Tổng: đã nộp 45/300 đơn vị (15,0%), quá hạn 255, chưa tới hạn 0");
    expect(lines[2]).toBe("Theo đơn vị trực thuộc (chậm nhất trước):");
    // Eight districts with nothing handed in, in code order (D10 after D9), then D5 (half), then D3 (all).
    expect(lines.slice(3, 13)).toEqual([
      "• LĐLĐ huyện 1 (D1): đã nộp 0/30 (0,0%), quá hạn 30",
      "• LĐLĐ huyện 2 (D2): đã nộp 0/30 (0,0%), quá hạn 30",
      "• LĐLĐ huyện 4 (D4): đã nộp 0/30 (0,0%), quá hạn 30",
      "• LĐLĐ huyện 6 (D6): đã nộp 0/30 (0,0%), quá hạn 30",
      "• LĐLĐ huyện 7 (D7): đã nộp 0/30 (0,0%), quá hạn 30",
      "• LĐLĐ huyện 8 (D8): đã nộp 0/30 (0,0%), quá hạn 30",
      "• LĐLĐ huyện 9 (D9): đã nộp 0/30 (0,0%), quá hạn 30",
      "• LĐLĐ huyện 10 (D10): đã nộp 0/30 (0,0%), quá hạn 30",
      "• LĐLĐ huyện 5 (D5): đã nộp 15/30 (50,0%), quá hạn 15",
      "• LĐLĐ huyện 3 (D3): đã nộp 30/30 (100,0%), quá hạn 0",
    ]);
    expect(lines[13]).toMatch(/^Quá hạn lâu nhất: G1 CĐCS số 1 \(5 ngày\); G\d+ CĐCS số \d+ \(5 ngày\);/);
    expect(lines[14]).toBe("Xem một đơn vị: gõ /chuanop H1 MÃ_ĐƠN_VỊ, ví dụ /chuanop H1 D1");
    expect(lines[15]).toBe("Danh sách đầy đủ (.xlsx, .csv) trong chat riêng: gõ /chuanop H1 ds");
    expect(choicesOf(out).map((c) => c.label)).toEqual([
      "Danh sách đầy đủ",
      ...["D1", "D2", "D4", "D6", "D7", "D8", "D9", "D10", "D5", "D3"],
    ]);

    // /hanchot H1 counts the same units the same way (one model).
    const detail = lastText(await staff.send("/hanchot H1")).split("\n");
    expect(detail[0]).toBe("H1 — Báo cáo kết quả — 30/11/2026 (chậm nhất ngày 30/11/2026) — 300 đơn vị:");
    expect(detail.slice(1, 13)).toEqual(lines.slice(1, 13));
  });

  it("drills down by a typed code and by the district's button to one line per grassroots unit", async () => {
    const { app, d5 } = await province();
    const staff = Talker.private(app, "1", "Cán bộ tỉnh");
    const typed = lastText(await staff.send("/hanchot H1 D5"));
    const button = choicesOf(await staff.send("/hanchot H1")).find((c) => c.label === "D5")!;
    expect(lastText(await staff.press(button.id))).toBe(typed);
    const lines = typed.split("\n");
    expect(lines[0]).toBe("H1 — Báo cáo kết quả — 30/11/2026 (chậm nhất ngày 30/11/2026) — 30 đơn vị:");
    expect(lines[1]).toBe("Tổng: đã nộp 15/30 đơn vị (50,0%), quá hạn 15, chưa tới hạn 0");
    // The 15 still owing, in code order, each with its state, then those who handed in.
    const owing = d5.slice(15).map((u) => `• ${u.code} ${u.name}: quá hạn 5 ngày`);
    expect(lines.slice(3, 18)).toEqual(owing);
    expect(lines[18]).toBe(`• ${d5[0]!.code} ${d5[0]!.name}: đã nộp ngày 28/11/2026`);
    // Fifteen or fewer still owing are named one by one, in code order.
    const missing = lastText(await staff.send("/chuanop H1 D5")).split("\n");
    expect(missing).toEqual([
      "Chưa nộp H1: Báo cáo kết quả (hạn 30/11/2026) — 15/30 đơn vị:",
      ...d5.slice(15).map((u) => `• ${u.code} ${u.name} (quá hạn 5 ngày)`),
    ]);
    const chair = Talker.private(app, "5", "Chủ tịch huyện 5");
    // The district's chair reads the same (but for the typed form of the full list, without the code).
    const own = lastText(await chair.send("/hanchot H1"));
    expect(own.replace("/hanchot H1 ds", "/hanchot H1 D5 ds")).toBe(typed);
    // The district's own chair reads the same; another district is refused by name, an unknown code too.
    expect(lastText(await chair.send("/chuanop H1 D4"))).toBe("LĐLĐ huyện 4 không thuộc phạm vi của bạn.");
    expect(lastText(await staff.send("/chuanop H1 D99"))).toBe("Không có đơn vị mã D99. Kiểm tra mã rồi gõ lại.");
  });

  it("fits one Zalo message of 2,000 characters, with the typed form instead of buttons", async () => {
    const { app } = await province();
    const zalo = onZalo(app, "1", "Cán bộ tỉnh");
    for (const command of ["/chuanop H1", "/hanchot H1", "/chuanop H1 D5", "/hanchot H1 D3"]) {
      const out = await zalo(command);
      expect(out, command).toHaveLength(1);
      expect(lastText(out).length, command).toBeLessThanOrEqual(2000);
      expect(choicesOf(out), command).toEqual([]);
    }
    expect(lastText(await zalo("/chuanop H1"))).toContain("ví dụ /chuanop H1 D1");
  });
});

describe("the full list of a deadline's units", () => {
  it("comes as .xlsx and .csv in the private chat, in code order, by typed word or by button; never into a group", async () => {
    const { app } = await province();
    const staff = Talker.private(app, "1", "Cán bộ tỉnh");
    const typed = await staff.send("/chuanop H1 ds");
    expect(texts(typed)).toEqual([
      "Danh sách đầy đủ chua-nop-H1: 255 đơn vị (tệp .xlsx và .csv).",
      "[file chua-nop-H1.xlsx]",
      "[file chua-nop-H1.csv]",
    ]);
    const csv = typed[2]!.reply as { data: Uint8Array };
    const rows = new TextDecoder()
      .decode(csv.data)
      .replace(/^\uFEFF/, "")
      .trim()
      .split("\n");
    expect(rows[0]).toBe("Mã đơn vị,Tên đơn vị,Thuộc đơn vị,Tình trạng,Kỳ");
    expect(rows).toHaveLength(256);
    expect(rows[1]).toBe("G1,CĐCS số 1,D2,quá hạn 5 ngày,30/11/2026 (chậm nhất ngày 30/11/2026)");
    const codes = rows.slice(1).map((r) => r.split(",")[0]!);
    expect(codes).toEqual([...codes].sort(compareCodes));
    const pressed = await staff.press(
      choicesOf(await staff.send("/hanchot H1 D5")).find((c) => c.label === "Danh sách đầy đủ")!.id,
    );
    expect(texts(pressed)).toEqual([
      "Danh sách đầy đủ han-H1-D5: 30 đơn vị (tệp .xlsx và .csv).",
      "[file han-H1-D5.xlsx]",
      "[file han-H1-D5.csv]",
    ]);
    await app.db.chat.create({ data: { platform: "telegram", platformChatId: "g-P", kind: "group", unitId: 1 } });
    expect(texts(await Talker.group(app, "g-P", "1", "Cán bộ tỉnh").send("/chuanop H1 ds"))).toEqual([
      "Danh sách đầy đủ chỉ gửi trong chat riêng với bot: hãy gõ lại lệnh ở đó.",
    ]);
  });
});

describe("/tinhtrang N about an announcement to 300 grassroots units", () => {
  it("counts acknowledgements per district over the units actually sent it, without names, and drills down", async () => {
    const { app } = await province();
    const staffId = (await app.db.membership.findFirstOrThrow({ where: { role: "staff" } })).personId;
    const grassroots = await app.db.unit.findMany({ where: { kind: "grassroots" }, orderBy: { id: "asc" } });
    const a = await app.db.announcement.create({
      data: {
        seq: 1,
        title: "Kế hoạch 122",
        body: "",
        rootUnitId: 1,
        targetUnits: JSON.stringify(grassroots.map((u) => u.id)),
        createdById: staffId,
      },
    });
    // The first 200 have a group and were sent it; every tenth of those acknowledged; 100 have no group.
    const sent = grassroots.slice(0, 200);
    await app.db.outboxMessage.createMany({
      data: sent.map((u) => ({
        key: `ann:${a.id}:${u.id}`,
        platform: "telegram",
        platformChatId: `-${u.id}`,
        payload: "{}",
        kind: "announcement",
        announcementId: a.id,
        unitId: u.id,
        status: "sent",
      })),
    });
    await app.db.chat.createMany({
      data: sent.map((u) => ({ platform: "telegram", platformChatId: `-${u.id}`, kind: "group", unitId: u.id })),
    });
    await app.db.acknowledgement.createMany({
      data: sent.filter((_, i) => i % 10 === 0).map((u) => ({ announcementId: a.id, unitId: u.id, personId: staffId })),
    });
    const staff = Talker.private(app, "1", "Cán bộ tỉnh");
    const out = await staff.send("/tinhtrang 1");
    expect(out).toHaveLength(1);
    const text = lastText(out);
    expect(text.length).toBeLessThanOrEqual(4096);
    const lines = text.split("\n");
    expect(lines.slice(0, 4)).toEqual([
      "Tình trạng thông báo số 1: Kế hoạch 122",
      "Đã gửi xong: 200/200 nhóm chat; lỗi 0.",
      "Đã xác nhận: 20/200 đơn vị đã nhận được thông báo (10,0%), chưa xác nhận 180",
      "Theo đơn vị trực thuộc (chậm nhất trước):",
    ]);
    expect(lines.filter((l) => /^• LĐLĐ huyện \d+ \(D\d+\): đã xác nhận \d+\/20 /.test(l))).toHaveLength(10);
    expect(text).toContain("Chưa có nhóm liên kết nên chưa gửi được (100 đơn vị): G201, G202,");
    expect(text).toContain("Xem một đơn vị: gõ /tinhtrang 1 MÃ_ĐƠN_VỊ");
    expect(text).not.toContain("Cán bộ tỉnh");
    const d1 = choicesOf(out).find((c) => c.label === "D1")!;
    const drilled = lastText(await staff.press(d1.id));
    expect(drilled).toBe(lastText(await staff.send("/tinhtrang 1 D1")));
    expect(drilled).toContain("Đã xác nhận: 0/20 đơn vị đã nhận được thông báo.");
    expect(drilled.split("\n").filter((l) => l.startsWith("• G"))).toHaveLength(20);
    // The full list: every unit addressed, in code order, in the private chat.
    const button = choicesOf(out).find((c) => c.label === "Danh sách đầy đủ")!;
    const files = await staff.press(button.id);
    expect(texts(files)).toEqual([
      "Danh sách đầy đủ thong-bao-1: 300 đơn vị (tệp .xlsx và .csv).",
      "[file thong-bao-1.xlsx]",
      "[file thong-bao-1.csv]",
    ]);
    expect(texts(await staff.send("/tinhtrang 1 ds"))).toEqual(texts(files));
    const csv = new TextDecoder()
      .decode((files[2]!.reply as { data: Uint8Array }).data)
      .trim()
      .split("\n");
    expect(csv[0]).toBe("Mã đơn vị,Tên đơn vị,Thuộc đơn vị,Gửi,Xác nhận lúc");
    expect(csv[1]).toMatch(/^G1,CĐCS số 1,D2,"đã gửi 1, lỗi 0, đang chờ 0",\d\d:\d\d \d\d\/\d\d\/\d{4}$/);
    expect(csv[300]).toBe("G300,CĐCS số 300,D1,chưa có nhóm liên kết,");
  });
});

describe("/tiendo text about a district (#26.8)", () => {
  it("lists only the children that owe the deadline, most behind first, in one message, with drill-down", async () => {
    const { app, d5 } = await province();
    const staff = await app.services.people.resolve("telegram", "1", "Cán bộ tỉnh");
    const root = await app.db.unit.findUniqueOrThrow({ where: { code: "P" } });
    // H2 is owed by five of D5's thirty units only.
    const owing = d5.slice(0, 5);
    const created = await app.services.deadlines.create(staff, {
      what: "Báo cáo số liệu",
      phrase: "chậm nhất ngày 30/11/2026",
      spec: readDatePhrase("chậm nhất ngày 30/11/2026")!.spec,
      owingUnitIds: owing.map((u) => u.id),
      rootUnitId: root.id,
    });
    const added = await app.services.indicators.defineIndicators(staff, created.deadline, [
      {
        name: "Kết nạp đoàn viên",
        measure: "people",
        rollup: "sum",
        comparator: "at-least",
        target: null,
        strive: false,
      },
    ]);
    expect(added.ok).toBe(true);
    const chair = Talker.private(app, "5", "Chủ tịch huyện 5");
    const out = await chair.send("/tiendo D5 H2");
    const text = texts(out)[0]!;
    expect(text.length).toBeLessThanOrEqual(4096);
    const children = text.split("\n").filter((l) => l.startsWith("   • "));
    expect(children).toEqual(owing.map((u) => `   • ${u.name} (${u.code}): —`));
    expect(text).toContain("Xem một đơn vị: gõ /tiendo MÃ_ĐƠN_VỊ H2");
    expect(choicesOf(out).map((c) => c.label)).toEqual(owing.map((u) => u.code));
    const drilled = await chair.press(choicesOf(out)[0]!.id);
    expect(texts(drilled)[0]).toBe(texts(await chair.send(`/tiendo ${owing[0]!.code} H2`))[0]);
  });
});

describe("/tonghop text about a province of 300 grassroots units", () => {
  it("gives the districts least taking part first with their codes, in one message on Zalo too, and drills down", async () => {
    const { app, d5 } = await province();
    const staff = await app.services.people.resolve("telegram", "1", "Cán bộ tỉnh");
    const r = await app.services.consultations.open(staff, {
      title: "dự thảo văn kiện",
      items: ["Báo cáo chính trị"],
      rootUnitCode: "P",
      closesAt: new Date(app.clock.now().getTime() + 86_400_000),
    });
    if (!r.ok) throw new Error(r.problem);
    await giveRole(app, "77", "Đoàn viên", "member", d5[0]!.code);
    const member = await app.services.people.resolve("telegram", "77", "Đoàn viên");
    const given = await app.services.opinions.give(member, {
      consultationId: r.consultation.id,
      itemId: r.consultation.items[0]!.id,
      unitId: d5[0]!.id,
      kind: "agree",
      text: "Tán thành.",
    });
    expect(given.ok).toBe(true);
    const out = await Talker.private(app, "1", "Cán bộ tỉnh").send("/tonghop P");
    const text = texts(out)[0]!;
    const children = text.split("\n").filter((l) => l.startsWith("• LĐLĐ"));
    // Nine districts at 0% in code order (D10 after D9), D5 (one person) last.
    expect(children.map((l) => /\((D\d+)\)/.exec(l)![1])).toEqual([
      "D1",
      "D2",
      "D3",
      "D4",
      "D6",
      "D7",
      "D8",
      "D9",
      "D10",
      "D5",
    ]);
    expect(text).toContain("Xem một đơn vị: gõ /tonghop MÃ_ĐƠN_VỊ GY1");
    const d5Button = choicesOf(out).find((c) => c.label === "D5")!;
    expect(texts(await Talker.private(app, "1", "Cán bộ tỉnh").press(d5Button.id))[0]).toBe(
      texts(await Talker.private(app, "1", "Cán bộ tỉnh").send("/tonghop D5 GY1"))[0],
    );
    const zalo = await onZalo(app, "1", "Cán bộ tỉnh")("/tonghop D5 GY1");
    expect(texts(zalo)[0]!.length).toBeLessThanOrEqual(2000);
    expect(texts(zalo)[0]).toContain("… và");
  });
});

describe("/giaochitieu's review of a split among 400 units", () => {
  it("is one message: the units in code order as far as they fit, the rest counted with their range", async () => {
    const clock = new FakeClock(at("2026-11-20T09:00:00"));
    const app = await testApp({ clock, units: false });
    await bigTree(app.db, { districts: 1, grassroots: 400, groups: 0 });
    await giveRole(app, "1", "Cán bộ tỉnh", "staff", "P");
    const staff = await app.services.people.resolve("telegram", "1", "Cán bộ tỉnh");
    const grassroots = await app.db.unit.findMany({ where: { kind: "grassroots" } });
    const created = await app.services.deadlines.create(staff, {
      what: "Báo cáo số liệu",
      phrase: "chậm nhất ngày 30/12/2026",
      spec: readDatePhrase("chậm nhất ngày 30/12/2026")!.spec,
      owingUnitIds: grassroots.map((u) => u.id),
      rootUnitId: 1,
    });
    await app.services.indicators.defineIndicators(staff, created.deadline, [
      {
        name: "Kết nạp đoàn viên",
        measure: "people",
        rollup: "sum",
        comparator: "at-least",
        target: null,
        strive: false,
      },
    ]);
    const talker = Talker.private(app, "1", "Cán bộ tỉnh");
    await talker.send("/giaochitieu H1");
    await talker.send("D1");
    const ways = await talker.send("1000");
    const review = await talker.press(choicesOf(ways).find((c) => c.id.endsWith("even"))!.id);
    expect(review).toHaveLength(1);
    const text = lastText(review);
    expect(text.length).toBeLessThanOrEqual(4096);
    const lines = text.split("\n").filter((l) => l.startsWith("• G"));
    expect(lines.slice(0, 3).map((l) => l.replace(/: [23]$/, ""))).toEqual([
      "• G1 CĐCS số 1",
      "• G2 CĐCS số 2",
      "• G3 CĐCS số 3",
    ]);
    expect(text).toContain(`… và ${400 - lines.length} đơn vị khác (mỗi đơn vị từ 2 đến 3)`);
    expect(choicesOf(review).some((c) => c.id.endsWith("save"))).toBe(true);
  });
});

describe("the staff digest about a province of 300 grassroots units (#26.11)", () => {
  it("counts the late units per district in one message on Telegram and on Zalo, and names them once few", async () => {
    const { app, clock, d5 } = await province();
    clock.set(at("2026-12-01T08:00:00"));
    await app.services.digests.queueDigests();
    const digests = await app.db.outboxMessage.findMany({ where: { kind: "digest" }, orderBy: { id: "asc" } });
    expect(digests.map((d) => d.platform).sort()).toEqual(["telegram", "zalo"]);
    for (const d of digests) {
      const text = (JSON.parse(d.payload) as { text: string }).text;
      expect(text.length).toBeLessThanOrEqual(d.platform === "zalo" ? 2000 : 4096);
      expect(text).toBe(
        "Tổng hợp đơn vị quá hạn báo cáo, ngày 01/12/2026:\n" +
          "• H1 Báo cáo kết quả (30/11/2026, quá hạn 1 ngày): 255 đơn vị chưa nộp — LĐLĐ huyện 1 (D1): 30; " +
          "LĐLĐ huyện 2 (D2): 30; LĐLĐ huyện 4 (D4): 30; LĐLĐ huyện 6 (D6): 30; LĐLĐ huyện 7 (D7): 30; " +
          "… và 4 đơn vị khác (xem: /chuanop H1)",
      );
    }
    // Once only a few are late, they are named, in code order.
    const late = d5.slice(15, 18);
    const occurrence = await app.db.deadlineOccurrence.findFirstOrThrow();
    const staffId = (await app.db.membership.findFirstOrThrow({ where: { role: "staff" } })).personId;
    await app.db.submission.createMany({
      data: (await app.db.unit.findMany({ where: { kind: "grassroots" } }))
        .filter((u) => !late.some((l) => l.id === u.id) && !d5.slice(0, 15).some((l) => l.id === u.id))
        .filter((u) => Number(u.code.slice(1)) % 10 !== 2)
        .map((u) => ({ occurrenceId: occurrence.id, unitId: u.id, submittedById: staffId, submittedAt: clock.now() })),
    });
    const lines = await app.services.digests.digestLines({ paths: ["/1/"] }, at("2026-12-02T08:00:00"), "vi");
    expect(lines).toEqual([
      `• H1 Báo cáo kết quả (30/11/2026, quá hạn 2 ngày): ${late.map((u) => u.name).join(", ")} — từ hôm qua đã nộp thêm 252 đơn vị`,
    ]);
  });
});

describe("the summary model", () => {
  const unit = (id: number, code: string, path: string) => ({ id, code, name: `Đơn vị ${code}`, path });
  it("keeps rows within the budget and counts those left out, never cutting a line", () => {
    const groups = Array.from({ length: 2000 }, (_, i) => unit(i + 2, `G${i + 1}`, `/1/${i + 2}/`));
    const items = groups.map((u, i) => ({
      unit: u,
      standing: i % 3 ? ("behind" as const) : ("done" as const),
      lag: i,
    }));
    const summary = summarise([unit(1, "P", "/1/"), ...groups], items);
    expect(summary.rows).toHaveLength(2000);
    expect(summary.worst.map((w) => w.unit.code)).toEqual(["G2000", "G1998", "G1997", "G1995", "G1994"]);
    const text = renderSummary(
      summary,
      {
        title: "T",
        totals: (c) => `${c.done}/${c.total}`,
        rowsTitle: "R",
        row: (r) => `• ${r.unit.code} ${r.done}/${r.total}`,
        more: (n) => `… ${n} more`,
        worst: (w) => w.map((i) => i.unit.code).join(", "),
        hints: ["H"],
      },
      2000,
    );
    expect(text.length).toBeLessThanOrEqual(2000);
    const lines = text.split("\n");
    expect(lines.slice(0, 3)).toEqual(["T", "667/2000", "R"]);
    expect(lines.at(-1)).toBe("H");
    expect(lines.at(-3)).toMatch(/^… \d+ more$/);
    const shown = lines.filter((l) => l.startsWith("• ")).length;
    expect(lines.at(-3)).toBe(`… ${2000 - shown} more`);
  });

  it("orders codes as people read them", () => {
    expect(["LC-D10", "LC-D09", "LC-D2", "LC-D01", "LC-C2"].sort(compareCodes)).toEqual([
      "LC-C2",
      "LC-D01",
      "LC-D2",
      "LC-D09",
      "LC-D10",
    ]);
  });
});

describe("/chuanop and /hanchot agree on a unit that still owes an earlier period (#26.4)", () => {
  it("says the same days overdue and the same period in both", async () => {
    const clock = new FakeClock(at("2026-12-01T09:00:00"));
    const app = await testApp({ clock });
    await giveRole(app, "1", "Cán bộ tỉnh", "staff", "LC");
    const staffActor = await app.services.people.resolve("telegram", "1", "Cán bộ tỉnh");
    const units = await app.db.unit.findMany({ where: { code: { in: ["LC-TD-01", "LC-TD-02"] } } });
    const root = await app.db.unit.findUniqueOrThrow({ where: { code: "LC" } });
    await app.services.deadlines.create(staffActor, {
      what: "Báo cáo quý",
      phrase: "hàng quý",
      spec: readDatePhrase("hàng quý")!.spec,
      owingUnitIds: units.map((u) => u.id),
      rootUnitId: root.id,
    });
    // LC-TD-02 hands in Q4/2026 late; LC-TD-01 never hands anything in.
    clock.set(at("2027-01-10T09:00:00"));
    await app.services.deadlines.submit(staffActor, "H1", units.find((u) => u.code === "LC-TD-02")!);
    clock.set(at("2027-05-01T09:00:00"));
    const staff = Talker.private(app, "1", "Cán bộ tỉnh");
    const missing = lastText(await staff.send("/chuanop H1")).split("\n");
    const detail = lastText(await staff.send("/hanchot H1")).split("\n");
    const line = (lines: string[], code: string) => lines.find((l) => l.startsWith(`• ${code} `))!;
    expect(line(detail, "LC-TD-01")).toBe(
      "• LC-TD-01 CĐCS Ủy ban nhân dân xã Bình Lư: quá hạn 121 ngày (còn 1 kỳ khác quá hạn) — 31/12/2026 (quý IV/2026)",
    );
    expect(line(missing, "LC-TD-01")).toBe(
      "• LC-TD-01 CĐCS Ủy ban nhân dân xã Bình Lư (quá hạn 121 ngày (còn 1 kỳ khác quá hạn) — 31/12/2026 (quý IV/2026))",
    );
    expect(line(missing, "LC-TD-02")).toBe("• LC-TD-02 CĐCS Công ty TNHH Chè Tam Đường (quá hạn 31 ngày)");
    expect(line(detail, "LC-TD-02")).toBe("• LC-TD-02 CĐCS Công ty TNHH Chè Tam Đường: quá hạn 31 ngày");
  });
});

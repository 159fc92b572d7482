/**
 * The bot in Zalo, through zca-js's real classes (login, encrypted calls, the listener's frames) against a local Zalo.
 */

import { PNG } from "pngjs";
import { afterAll, describe, expect, it } from "vitest";
import type { App } from "../src/app.js";
import { withoutMentions } from "../src/platforms/zalo/events.js";
import { giveRole, testApp } from "./helpers/app.js";
import { closeAll } from "./helpers/db.js";
import { wellFormed } from "./helpers/text.js";
import { BOT_UID, type ZaloRig, zaloRig } from "./helpers/zalo.js";

const rigs: ZaloRig[] = [];
afterAll(async () => {
  for (const r of rigs) await r.close();
  await closeAll();
});

async function setup() {
  const app = await testApp();
  const rig = await zaloRig(app);
  rigs.push(rig);
  return { app, rig, sent: rig.server.sent };
}

const CHAIR = { uid: "2001", name: "Chị Hoa" };
const MEMBER = { uid: "2002", name: "Anh Páo" };
const GROUP = "8880001";

async function openConsultation(app: App, items = ["Dự thảo A", "Dự thảo B"]) {
  await giveRole(app, "9100", "Cán bộ", "staff", "LC", "zalo");
  const staff = await app.services.people.resolve("zalo", "9100", "Cán bộ");
  await app.services.consultations.open(staff, {
    title: "Góp ý dự thảo",
    items,
    rootUnitCode: "LC",
    closesAt: new Date(app.clock.now().getTime() + 86_400_000),
  });
}

const say = (from: { uid: string; name: string }, text: string) => ({ uid: from.uid, name: from.name, text });

describe("the bot in Zalo groups", () => {
  it("answers commands in a group through zca-js's group endpoint, quoting the member, and links the group", async () => {
    const { app, rig, sent } = await setup();
    await giveRole(app, CHAIR.uid, CHAIR.name, "chair", "LC-TD", "zalo");
    const [asked] = await rig.group(GROUP, [say(CHAIR, "/lienket LC-TD")]);
    expect(sent).toHaveLength(1);
    expect(sent[0]).toMatchObject({ threadId: GROUP, group: true, quoteOf: asked });
    expect(sent[0]!.text).toMatch(/^Đã liên kết nhóm này với LĐLĐ huyện Tam Đường/);
    expect(rig.server.calls.at(-1)!.path).toBe("/api/group/quote");
    await rig.group(GROUP, [say(MEMBER, "/donvi")]);
    expect(sent[1]!.text).toContain("LĐLĐ huyện Tam Đường (LC-TD)");
    await rig.group(GROUP, [say(MEMBER, "/lienket LC-PT")]);
    expect(sent[2]!.text).toMatch(/^Chỉ chủ tịch công đoàn/);
  });

  it("ignores ordinary chatter, and answers a bare mention of the bot with a short hint", async () => {
    const { rig, sent } = await setup();
    await rig.group(GROUP, [say(MEMBER, "chào cả nhà")]);
    // The bot's own messages come back (selfListen, so that group events about the bot arrive): never answered.
    await rig.group(GROUP, [{ uid: "0", name: "Bot", text: "/trogiup" }]);
    expect(sent).toHaveLength(0);
    await rig.group(GROUP, [{ ...say(MEMBER, "@Bot"), mentions: [{ uid: BOT_UID, pos: 0, len: 4, type: 0 }] }]);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.text).toBe("Gõ /trogiup để xem tôi giúp được gì.");
  });

  it("reads '@Bot /trogiup' as the command and '@Bot 2' as the answer (the bot's mention is taken out)", async () => {
    const { app, rig, sent } = await setup();
    await openConsultation(app);
    await giveRole(app, CHAIR.uid, CHAIR.name, "chair", "LC-TD-01", "zalo");
    await rig.group(GROUP, [say(CHAIR, "/lienket LC-TD-01")]);
    const at = { mentions: [{ uid: BOT_UID, pos: 0, len: 4, type: 0 as const }] };
    await rig.group(GROUP, [{ ...say(MEMBER, "@Bot /trogiup"), ...at }]);
    expect(sent.at(-1)!.text).toContain("/gopy");
    await rig.group(GROUP, [{ ...say(MEMBER, "@Bot /gopy"), ...at }]);
    expect(sent.at(-1)!.text).toContain("Bạn góp ý cho nội dung nào?");
    await rig.group(GROUP, [{ ...say(MEMBER, "@Bot 2"), ...at }]);
    expect(sent.at(-1)!.text).toContain("Ý kiến của bạn thuộc loại nào?");
  });

  it("runs the whole opinion conversation in the group with digit answers, listing the items once", async () => {
    const { app, rig, sent } = await setup();
    await openConsultation(app);
    await giveRole(app, CHAIR.uid, CHAIR.name, "chair", "LC-TD-01", "zalo");
    await rig.group(GROUP, [say(CHAIR, "/lienket LC-TD-01")]);
    await rig.group(GROUP, [say(MEMBER, "/gopy")]);
    const items = sent.at(-1)!.text!;
    // The items are numbered; the way out is a word to type, never a number.
    expect(items).toContain(
      "1. Dự thảo A\n2. Dự thảo B\nBạn góp ý cho nội dung nào?\nTrả lời bằng một số: 1, 2 Hoặc gõ: «Hủy».",
    );
    expect(items).not.toContain("1. 1.");
    expect(items.match(/Dự thảo A/g)).toHaveLength(1);
    await rig.group(GROUP, [say(MEMBER, "2")]);
    expect(sent.at(-1)!.text).toContain("5. Khác\nTrả lời bằng một số: 1, 2, 3, 4, 5 Hoặc gõ: «Quay lại», «Hủy».");
    await rig.group(GROUP, [say(MEMBER, "3")]);
    const ask = sent.at(-1)!.text!;
    expect(ask).toMatch(/^Hãy gõ ý kiến/);
    expect(ask).toMatch(/\nCó thể gõ: «Quay lại», «Hủy»\.$/);
    expect(ask).not.toContain("Trả lời bằng một số");
    // "quay lại" typed goes back to the kinds; the kind is chosen again.
    await rig.group(GROUP, [say(MEMBER, "quay lại")]);
    expect(sent.at(-1)!.text).toContain("Ý kiến của bạn thuộc loại nào?");
    await rig.group(GROUP, [say(MEMBER, "3")]);
    expect(sent.at(-1)!.text).toMatch(/^Hãy gõ ý kiến/);
    await rig.group(GROUP, [say(MEMBER, "Đề nghị sửa câu chữ ở mục 2.")]);
    expect(sent.at(-1)!.text).toContain("Loại ý kiến: Sửa đổi");
    await rig.group(GROUP, [say(MEMBER, "1")]);
    expect(sent.at(-1)!.text).toMatch(/^Cảm ơn bạn!/);
    expect(sent.every((s) => s.group && s.threadId === GROUP)).toBe(true);
    const stored = await app.db.opinion.findFirstOrThrow({ include: { item: true, unit: true } });
    expect(stored).toMatchObject({ kind: "amend", text: "Đề nghị sửa câu chữ ở mục 2." });
    expect(stored.item.title).toBe("Dự thảo B");
    expect(stored.unit.code).toBe("LC-TD-01");
  });

  it("fills the group's title from Zalo's group info", async () => {
    const { app, rig } = await setup();
    rig.server.groups.set(GROUP, "CĐ Trường Tiểu học Bình Lư");
    await rig.group(GROUP, [say(MEMBER, "/donvi")]);
    const chat = await app.db.chat.findFirstOrThrow({ where: { platform: "zalo", platformChatId: GROUP } });
    expect(chat.title).toBe("CĐ Trường Tiểu học Bình Lư");
    expect(rig.server.calls.filter((c) => c.path === "/api/group/getmg-v2")).toHaveLength(1);
  });

  it("takes a voice opinion in a private chat", async () => {
    const { app, rig, sent } = await setup();
    await openConsultation(app);
    await giveRole(app, MEMBER.uid, MEMBER.name, "member", "LC-TD-01", "zalo");
    await rig.user([say(MEMBER, "/gopy")]);
    await rig.user([say(MEMBER, "1")]);
    await rig.user([say(MEMBER, "2")]);
    await rig.user([
      {
        uid: MEMBER.uid,
        msgType: "chat.voice",
        content: { href: "https://voice.example/abc.aac", params: JSON.stringify({ duration: 15000 }) },
      },
    ]);
    expect(sent.at(-1)!.text).toContain("Ý kiến: [tin nhắn thoại 15 giây]");
    expect(sent.at(-1)).toMatchObject({ group: false, threadId: MEMBER.uid });
    expect(rig.server.calls.at(-1)!.path).toBe("/api/message/sms");
    await rig.user([say(MEMBER, "1")]);
    expect(await app.db.opinion.findFirstOrThrow()).toMatchObject({
      voiceFileRef: "https://voice.example/abc.aac",
      voiceDuration: 15,
    });
  });

  it("sends the tally with the chart as a picture, with the PNG's real size", async () => {
    const { app, rig, sent } = await setup();
    await openConsultation(app);
    await giveRole(app, CHAIR.uid, CHAIR.name, "chair", "LC-TD", "zalo");
    await rig.user([say(CHAIR, "/tonghop")]);
    expect(sent[0]!.text).toMatch(/^TỔNG HỢP Ý KIẾN GY1/);
    expect(sent[1]).toMatchObject({ kind: "photo", threadId: CHAIR.uid });
    const upload = rig.server.calls.find((c) => c.path === "/api/message/photo_original/upload")!;
    expect(upload.params.fileName).toBe("tong-hop-GY1.png");
    const photo = rig.server.calls.find((c) => c.path === "/api/message/photo_original/send")!;
    expect(Number(photo.params.width)).toBeGreaterThan(100);
    expect(Number(photo.params.hdSize)).toBe(upload.params.totalSize);
    expect(PNG).toBeDefined();
  });

  it("splits text longer than 2,000 characters on line boundaries", async () => {
    const { rig, sent } = await setup();
    await rig.group(GROUP, [say(MEMBER, "chào")]);
    const lines = Array.from({ length: 120 }, (_, i) => `Dòng ${i + 1}: ${"nội dung ".repeat(3)}`);
    await rig.adapter.sender.send({ chatId: GROUP, reply: { kind: "text", text: lines.join("\n") } });
    expect(sent.length).toBeGreaterThan(1);
    for (const s of sent) {
      expect(s.text!.length).toBeLessThanOrEqual(2000);
      expect(s.text!.startsWith("Dòng ")).toBe(true);
      expect(s.group).toBe(true);
    }
    expect(sent.map((s) => s.text).join("\n")).toBe(lines.join("\n"));
  });

  it("cuts a line without spaces between graphemes, never inside an emoji (zca-js gets well-formed text)", async () => {
    const { rig, sent } = await setup();
    await rig.group(GROUP, [say(MEMBER, "chào")]);
    const line = `Mã:${"👨‍👩‍👧🇻🇳ệ".repeat(400)}`;
    await rig.adapter.sender.send({ chatId: GROUP, reply: { kind: "text", text: line } });
    expect(sent.length).toBeGreaterThan(1);
    const graphemes = new Intl.Segmenter(undefined, { granularity: "grapheme" });
    const cuts = new Set([...graphemes.segment(line)].map((s) => s.index));
    let at = 0;
    for (const s of sent) {
      expect(s.text!.length).toBeLessThanOrEqual(2000);
      expect(wellFormed(s.text!)).toBe(true);
      at += s.text!.length;
      if (at < line.length) expect(cuts.has(at)).toBe(true);
    }
    expect(sent.map((s) => s.text).join("")).toBe(line);
  });

  it("never delivers a reply holding personal data into a group", async () => {
    const { rig, sent } = await setup();
    await rig.group(GROUP, [say(MEMBER, "chào")]);
    const file = { kind: "file" as const, fileName: "y-kien.csv", mimeType: "text/csv", data: new Uint8Array([65]) };
    const failure = await rig.adapter.sender.send({ chatId: GROUP, reply: file, personal: true }).catch((e) => e);
    expect(failure).toMatchObject({ failure: "rejected" });
    expect(sent).toHaveLength(0);
    expect(rig.server.calls.some((c) => c.path.includes("asyncfile"))).toBe(false);
  });

  it("keeps the lines of a message that mentions the bot", () => {
    const text = "@Bot Ý kiến:\n1. Sửa mục 2\n2. Bỏ mục 5";
    expect(withoutMentions(text, [{ uid: BOT_UID, pos: 0, len: 4 }], BOT_UID)).toBe(
      "Ý kiến:\n1. Sửa mục 2\n2. Bỏ mục 5",
    );
    expect(withoutMentions("2 @Bot", [{ uid: BOT_UID, pos: 2, len: 4 }], BOT_UID)).toBe("2");
    expect(withoutMentions("@Lan xem nhé", [{ uid: "5", pos: 0, len: 4 }], BOT_UID)).toBe("@Lan xem nhé");
  });

  it("replies without a quote when zca-js cannot quote the member's message (a webchat with an object content)", async () => {
    const { app, rig, sent } = await setup();
    await giveRole(app, CHAIR.uid, CHAIR.name, "chair", "LC-TD", "zalo");
    await rig.group(GROUP, [
      { uid: CHAIR.uid, name: CHAIR.name, content: { title: "/lienket LC-TD", description: "" }, msgType: "webchat" },
    ]);
    expect(sent).toHaveLength(1);
    expect(sent[0]!.text).toMatch(/^Đã liên kết nhóm này/);
    expect(sent[0]!.quoteOf).toBeUndefined();
  });
});

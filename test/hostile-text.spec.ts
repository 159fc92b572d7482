import { afterAll, describe, expect, it } from "vitest";
import type { App } from "../src/app.js";
import { cleanText, hasVisibleText } from "../src/domain/text.js";
import { choicesOf, giveRole, lastText, Talker, testApp, texts } from "./helpers/app.js";
import { closeAll } from "./helpers/db.js";

afterAll(closeAll);

async function consultation(app: App) {
  await giveRole(app, "9100", "Cán bộ tỉnh", "staff", "LC");
  const staff = await app.services.people.resolve("telegram", "9100", "Cán bộ tỉnh");
  const r = await app.services.consultations.open(staff, {
    title: "Góp ý dự thảo",
    items: ["Dự thảo Báo cáo chính trị", "Dự thảo Báo cáo kinh tế - xã hội"],
    rootUnitCode: "LC",
    closesAt: new Date(app.clock.now().getTime() + 30 * 86_400_000),
  });
  if (!r.ok) throw new Error(r.problem);
}

async function atTextStep(app: App, id: string, name = `Đoàn viên ${id}`) {
  await giveRole(app, id, `Đoàn viên ${id}`, "member", "LC-TD-01");
  const m = Talker.private(app, id, name);
  await m.send("/gopy");
  await m.send("1");
  expect(lastText(await m.send("2"))).toMatch(/^Hãy gõ ý kiến của bạn/);
  return m;
}

describe("invisible or broken text", () => {
  it("refuses an opinion made only of zero-width characters and stores nothing", async () => {
    const app = await testApp();
    await consultation(app);
    const m = await atTextStep(app, "900");
    for (const invisible of ["\u200B", "\u200B\u2060\uFEFF", " \u200B \u200C\u200D ", "\u2060\n\u200E"]) {
      const out = texts(await m.send(invisible));
      expect(out[0]).toBe("Câu trả lời đang trống. Vui lòng gõ nội dung.");
      expect(out.at(-1)).toMatch(/^Hãy gõ ý kiến của bạn/);
    }
    expect(await app.db.opinion.count()).toBe(0);
  });

  it("cleans a lone UTF-16 surrogate at the edge: the opinion is stored with U+FFFD, not the generic error", async () => {
    const app = await testApp();
    await consultation(app);
    const m = await atTextStep(app, "901", "Anh \uD83D Tú");
    const review = await m.send("Đề nghị bổ sung \uD83D chỉ tiêu \uDE00 việc làm.");
    expect(lastText(review)).toContain("Đề nghị bổ sung \uFFFD chỉ tiêu \uFFFD việc làm.");
    expect(lastText(await m.press(choicesOf(review)[0]!.id))).toMatch(/^Cảm ơn bạn!/);
    const stored = await app.db.opinion.findFirstOrThrow();
    expect(stored.text).toBe("Đề nghị bổ sung \uFFFD chỉ tiêu \uFFFD việc làm.");
    expect((await app.db.identity.findFirstOrThrow({ where: { platformUserId: "901" } })).displayName).toBe(
      "Anh \uFFFD Tú",
    );
  });

  it("keeps emoji, Vietnamese diacritics and line breaks; removes control characters", () => {
    expect(cleanText("Chúc mừng 🎉\nđoàn viên\tmới")).toBe("Chúc mừng 🎉\nđoàn viên\tmới");
    expect(cleanText("a\u0000b\u0007c\u001Bd\u007Fe")).toBe("abcde");
    expect(cleanText("\uD83D")).toBe("\uFFFD");
    expect(hasVisibleText("\u200B\u2060\uFEFF\u00AD\u034F")).toBe(false);
    expect(hasVisibleText("\u200B.")).toBe(true);
    expect(hasVisibleText("🎉")).toBe(true);
    expect(hasVisibleText("\u0301")).toBe(false);
  });
});

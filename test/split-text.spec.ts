/**
 * Cutting long text for platforms with a length limit (Zalo 2,000, Telegram 4,096 characters): on line boundaries,
 * then spaces, and inside a word only between graphemes, so no emoji, flag or accented letter is cut in two.
 */
import { afterEach, describe, expect, it } from "vitest";
import { splitText } from "../src/platforms/port.js";
import { wellFormed } from "./helpers/text.js";

const FAMILY = "👨‍👩‍👧"; // three emoji joined by ZWJ: 8 UTF-16 units, one grapheme
const FLAG = "🇻🇳"; // two regional indicators: 4 units
const E_DOT_CIRCUMFLEX = "e\u0323\u0302"; // "ệ" written as a letter and two combining marks: 3 units

/** The grapheme boundaries of `text`, as UTF-16 offsets. */
function boundaries(text: string): Set<number> {
  const segmenter = new Intl.Segmenter(undefined, { granularity: "grapheme" });
  return new Set([...segmenter.segment(text)].map((s) => s.index).concat(text.length));
}

/** Checks that `parts` put back together are `text`, and that every cut falls on a grapheme boundary. */
function expectWholeGraphemes(text: string, parts: string[], max: number): void {
  expect(parts.join("")).toBe(text);
  const ok = boundaries(text);
  let at = 0;
  for (const part of parts) {
    expect(part.length).toBeLessThanOrEqual(max);
    expect(wellFormed(part)).toBe(true);
    at += part.length;
    expect(ok.has(at)).toBe(true);
  }
}

describe("splitText", () => {
  const realSegmenter = Intl.Segmenter;
  const setSegmenter = (value: typeof Intl.Segmenter) =>
    Object.defineProperty(Intl, "Segmenter", { value, configurable: true, writable: true });
  afterEach(() => {
    setSegmenter(realSegmenter);
  });

  it("cuts a line without spaces only between graphemes (emoji, flags, letters with combining marks)", () => {
    for (const unit of [FAMILY, FLAG, E_DOT_CIRCUMFLEX, `a${FAMILY}${FLAG}${E_DOT_CIRCUMFLEX}`, "😀"]) {
      const line = `x${unit.repeat(Math.ceil(5000 / unit.length))}`;
      expectWholeGraphemes(line, splitText(line, 2000), 2000);
      expectWholeGraphemes(line, splitText(line, 4096), 4096);
    }
  });

  it("keeps cutting at spaces and lines as before, and fills a part when a word is longer than the limit", () => {
    const words = Array.from({ length: 600 }, (_, i) => `từ${i}`).join(" ");
    const parts = splitText(words, 2000);
    expect(parts.every((p) => p.length <= 2000 && p === p.trim())).toBe(true);
    expect(parts.join(" ")).toBe(words);
    const long = "ệ".repeat(2500);
    expect(splitText(long, 2000).map((p) => p.length)).toEqual([2000, 500]);
  });

  it("makes no grapheme segmenter (ICU break data) unless a word has to be cut", () => {
    let made = 0;
    setSegmenter(
      class extends realSegmenter {
        constructor(...args: ConstructorParameters<typeof Intl.Segmenter>) {
          super(...args);
          made++;
        }
      },
    );
    splitText("ngắn", 2000);
    splitText(Array.from({ length: 120 }, (_, i) => `Dòng ${i}: ${"nội dung ".repeat(5)}`).join("\n"), 2000);
    splitText("chữ ".repeat(2000), 2000);
    expect(made).toBe(0);
    splitText(FAMILY.repeat(600), 2000);
    expect(made).toBeLessThanOrEqual(1);
  });
});

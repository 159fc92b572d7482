import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { createI18n } from "../src/i18n.js";

const i18n = createI18n();
const SRC = path.join(import.meta.dirname, "..", "src");

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const p = path.join(dir, d.name);
    if (d.isDirectory()) return d.name === "generated" ? [] : sourceFiles(p);
    return p.endsWith(".ts") ? [p] : [];
  });
}

describe("messages", () => {
  it("exist in both languages: no key in one and not the other", () => {
    const vi = new Set(i18n.keys("vi"));
    const en = new Set(i18n.keys("en"));
    expect(
      [...vi].filter((k) => !en.has(k)),
      "missing in en.ftl",
    ).toEqual([]);
    expect(
      [...en].filter((k) => !vi.has(k)),
      "missing in vi.ftl",
    ).toEqual([]);
  });

  it("are all read: Fluent silently drops a message it cannot parse (a term given a variable, a bad selector)", () => {
    for (const lang of ["vi", "en"] as const) expect(i18n.keys(lang).filter((k) => !i18n.has(lang, k))).toEqual([]);
  });

  it("cover every key the code names literally", () => {
    const used = new Set<string>();
    for (const file of sourceFiles(SRC)) {
      const text = fs.readFileSync(file, "utf8");
      for (const m of text.matchAll(/\b(?:say|t)\(\s*"([a-z][a-z0-9-]+)"/g)) used.add(m[1]!);
      for (const m of text.matchAll(/(?:retry|description):\s*"([a-z][a-z0-9-]+)"/g)) used.add(m[1]!);
    }
    expect(used.size).toBeGreaterThan(20);
    expect([...used].filter((k) => !i18n.has("vi", k))).toEqual([]);
  });

  it("fall back to Vietnamese, then to the key, never to nothing", () => {
    expect(i18n.t("en", "language-set")).toBe("Switched to English.");
    expect(i18n.t("en", "no-such-key")).toBe("no-such-key");
  });
});

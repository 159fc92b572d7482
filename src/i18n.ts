/** Messages in locales/<lang>.ftl (Fluent), one set for every platform. Vietnamese is the default and the fallback. */
import fs from "node:fs";
import path from "node:path";
import { FluentBundle, FluentResource, type FluentVariable } from "@fluent/bundle";

export const LANGUAGES = ["vi", "en"] as const;
export type Language = (typeof LANGUAGES)[number];

export type Translate = (key: string, args?: Record<string, FluentVariable>) => string;

export interface I18n {
  t(lang: Language, key: string, args?: Record<string, FluentVariable>): string;
  has(lang: Language, key: string): boolean;
  keys(lang: Language): string[];
  forLanguage(lang: Language): Translate;
}

export const LOCALES_DIR = findLocalesDir(import.meta.dirname);

function findLocalesDir(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, "locales", "vi.ftl"))) return path.join(dir, "locales");
    if (path.dirname(dir) === dir) throw new Error(`locales/vi.ftl not found above ${from}`);
  }
}

export function isLanguage(x: unknown): x is Language {
  return x === "vi" || x === "en";
}

export function createI18n(dir = LOCALES_DIR): I18n {
  const bundles = new Map<Language, FluentBundle>();
  for (const lang of LANGUAGES) {
    const bundle = new FluentBundle(lang, { useIsolating: false });
    const errors = bundle.addResource(new FluentResource(fs.readFileSync(path.join(dir, `${lang}.ftl`), "utf8")));
    if (errors.length) throw new Error(`locales/${lang}.ftl: ${errors.map((e) => e.message).join("; ")}`);
    bundles.set(lang, bundle);
  }
  const t = (lang: Language, key: string, args?: Record<string, FluentVariable>): string => {
    for (const l of [lang, "vi" as const]) {
      const bundle = bundles.get(l)!;
      const msg = bundle.getMessage(key);
      if (msg?.value) return bundle.formatPattern(msg.value, args);
    }
    return key;
  };
  return {
    t,
    has: (lang, key) => bundles.get(lang)!.hasMessage(key),
    keys: (lang) =>
      [...fs.readFileSync(path.join(dir, `${lang}.ftl`), "utf8").matchAll(/^([a-z][a-z0-9-]*)\s*=/gm)].map(
        (m) => m[1]!,
      ),
    forLanguage: (lang) => (key, args) => t(lang, key, args),
  };
}

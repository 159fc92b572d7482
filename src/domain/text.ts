/**
 * Text as people send it, made safe at the edge: lone UTF-16 surrogates (half of an emoji cut by a client) become
 * U+FFFD, control characters other than tab and newline are dropped, and "visible" tells text with something to read
 * from text made only of spaces and invisible characters (zero-width space U+200B, word joiner U+2060, BOM, …).
 */

/** Characters that take no room on screen: zero-width, joiners, direction marks, soft hyphen, variation selectors. */
const INVISIBLE =
  /\s|\u00AD|\u034F|\u061C|\u115F|\u1160|\u17B4|\u17B5|[\u180B-\u180F]|[\u200B-\u200F]|[\u202A-\u202E]|[\u2060-\u206F]|\u3164|[\uFE00-\uFE0F]|\uFEFF|\uFFA0/gu;
/** C0 and C1 control characters except tab, line feed and carriage return. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/g;

/** A high surrogate not followed by a low one, or a low surrogate not preceded by a high one. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Well-formed text: lone surrogates replaced by U+FFFD, control characters removed. */
export function cleanText(text: string): string {
  return text.replace(LONE_SURROGATE, "\uFFFD").replace(CONTROL, "");
}

/** True when the text has at least one character a person can see. */
export function hasVisibleText(text: string | undefined): boolean {
  if (!text) return false;
  return text.replace(INVISIBLE, "").replace(/\p{M}/gu, "").length > 0;
}

/**
 * The end of a document (pure): the Nơi nhận list and the signer block beside or after it ("TM. ỦY BAN NHÂN DÂN / KT.
 * CHỦ TỊCH / PHÓ CHỦ TỊCH", then the name). What is not there stays empty: an unsigned draft or a form has no signer.
 */
import { type CleanLine, isUpperCaseTitle } from "./clean.js";
import type { Plan } from "./types.js";

const SIGN_ON_BEHALF = /^(T\/?M|KT|TL|TUQ|Q)(?:\.\s*|\s+)\p{Lu}/u;

/**
 * The Nơi nhận list: "- " items, a long item's wrapped tail on its own line, or all items on the heading's own line
 * ("Nơi nhận: - Bộ trưởng (để báo cáo); - Các Thứ trưởng; …"). Ends at the first line that is not part of the list.
 */
export function readRecipients(block: CleanLine[]): string[] {
  const inline = block[0]!.text.replace(/^N[ơo]i\s+nh[ậaâ]n\s*:?\s*/iu, "");
  const items: string[] = inline ? inline.split(/(?:^|\s)[-–•+]\s+/u).filter((x) => x.trim()) : [];
  let open = false;
  for (const l of block.slice(1)) {
    if (l.bullet) {
      items.push(l.text);
      open = !/[;.]$/u.test(l.text);
      continue;
    }
    if (items.length && open && !SIGN_ON_BEHALF.test(l.text) && !isUpperCaseTitle(l.text)) {
      items[items.length - 1] = `${items[items.length - 1]} ${l.text}`;
      open = !/[;.]$/u.test(l.text);
      continue;
    }
    if (items.length) break;
  }
  return items.map(cleanRecipient).filter(Boolean);
}

function cleanRecipient(raw: string): string {
  return raw
    .replace(/^[{}]+\s*(\([^)]*\))?\s*$/u, "")
    .replace(/\s*[{}]\s*(\((?:b\/c|B\/c|để b\/c)\))?\s*$/u, "")
    .replace(/[;,]\s*$/u, "")
    .replace(/(?<!\.\p{Lu})\.$/u, "")
    .trim();
}

const TITLE = String.raw`(?:PHÓ\s+)?(?:CHỦ TỊCH|CHỦ NHIỆM|GIÁM ĐỐC|TỔNG GIÁM ĐỐC|BÍ THƯ|TRƯỞNG BAN|TRƯỞNG ĐOÀN|TRƯỞNG PHÒNG|CHÁNH VĂN PHÒNG|CHÁNH THANH TRA|CỤC TRƯỞNG|VỤ TRƯỞNG|VIỆN TRƯỞNG|HIỆU TRƯỞNG|TRƯỞNG|TỔNG BIÊN TẬP)|THỨ TRƯỞNG|BỘ TRƯỞNG`;
const TITLE_LINE = new RegExp(String.raw`^(?:${TITLE})(?:\s+[\p{Lu}\d]+)*$`, "u");
const TITLE_ONLY = new RegExp(`^(?:${TITLE})$`, "u");
const NOT_A_NAME = /^(?:\(.*\)|\[.*\]|Đã ký|đã ký|Ký bởi|Ký tên|Nơi nhận|Lưu\s*:|Lưu\s+VT)/u;
const NAME = /^(?:\p{Lu}\p{Ll}*|\p{Lu}+)(?:\s+(?:\p{Lu}\p{Ll}*|\p{Lu}+)){1,5}$/u;

/**
 * The signer block, beside or after Nơi nhận: lines of "TM./KT./TL./TUQ./Q." kept together ("TM. ỦY BAN NHÂN DÂN /
 * KT. CHỦ TỊCH"), the title, then the name after any "(đã ký)"; or a bare title ("CHỦ TỊCH") with a name under it.
 * Nothing when the name is not there: a draft's empty signature stays empty.
 */
export function readSigner(lines: CleanLine[], recipientsAt: number, appendixAt: number): Plan["signer"] {
  const to = Math.min(appendixAt, lines.length);
  const from = recipientsAt >= 0 ? Math.max(0, recipientsAt - 15) : Math.max(0, to - 30);
  for (let i = from; i < to; i++) {
    const found = signerAt(lines, i, to);
    if (found === "none") return null;
    if (found) return found;
  }
  return null;
}

function signerAt(lines: CleanLine[], i: number, to: number): Plan["signer"] | "none" | undefined {
  const l = lines[i]!;
  if (l.bullet) return undefined;
  const chain: string[] = [];
  let j = i;
  while (j < to && !lines[j]!.bullet && SIGN_ON_BEHALF.test(lines[j]!.text) && chain.length < 3) {
    // "TL. BỘ TRƯỞNG KT. CỤC TRƯỞNG … PHÓ CỤC TRƯỞNG" on one line: one link of the chain each.
    chain.push(...lines[j]!.text.split(/\s+(?=(?:T\/?M|KT|TL|TUQ)\.\s)/u));
    j++;
  }
  let title: string | undefined;
  // "Q. GIÁM ĐỐC": an acting director signs in their own name; "Q." belongs to the title.
  const acting = chain.length === 1 && /^Q\.\s*/u.test(chain[0]!) && TITLE_ONLY.test(chain[0]!.replace(/^Q\.\s*/u, ""));
  if (acting) title = chain.pop();
  else if (chain.length) {
    const split = j < to && TITLE_LINE.test(lines[j]!.text) ? undefined : splitTitle(chain[chain.length - 1]!);
    if (split) {
      chain[chain.length - 1] = split.onBehalfOf;
      title = split.title;
    } else if (j < to && TITLE_LINE.test(lines[j]!.text)) {
      title = lines[j]!.text;
      j++;
    }
  } else if (TITLE_LINE.test(l.text)) {
    title = l.text;
    j = i + 1;
  }
  if (!title) return undefined;
  // A form's dotted line where the name goes ("……………"): nobody has signed.
  if (j < to && /^[.…_\s]+$/u.test(lines[j]?.text ?? "")) return "none";
  const name = lines
    .slice(j, Math.min(to, j + 6))
    .map((x) => x.text)
    .find((t) => !NOT_A_NAME.test(t) && NAME.test(t) && !TITLE_LINE.test(t) && !SIGN_ON_BEHALF.test(t));
  if (!name) return chain.length ? "none" : undefined;
  return { name, title, onBehalfOf: chain.length ? chain.join(" / ") : null };
}

/** "KT. BỘ TRƯỞNG THỨ TRƯỞNG" → "KT. BỘ TRƯỞNG" + "THỨ TRƯỞNG"; "TM. BAN THƯỜNG VỤ PHÓ CHỦ TỊCH" likewise. */
function splitTitle(line: string): { onBehalfOf: string; title: string } | undefined {
  const words = line.split(/\s+/);
  for (let k = 2; k < words.length; k++) {
    const rest = words.slice(k).join(" ");
    if (TITLE_ONLY.test(rest)) return { onBehalfOf: words.slice(0, k).join(" "), title: rest };
  }
  return undefined;
}

/**
 * Which kinds of unit a plan's "Nơi nhận" lines address ("Các LĐLĐ huyện, thành phố, CĐ Ngành" → district, sector).
 * Pure.
 */
import { foldVietnamese, type UnitKind } from "./units.js";

const RULES: { pattern: RegExp; kinds: UnitKind[] }[] = [
  { pattern: /cap tren (truc tiep co so|ttcs)|cdcttcs/, kinds: ["district", "sector"] },
  { pattern: /ldld (cac )?(huyen|thanh pho|tp)|ldld huyen|(^|[ ,])huyen, (tp|thanh pho)/, kinds: ["district"] },
  { pattern: /cd nganh|cong doan nganh|(^|[ ,])cdn([ ,;]|$)|cd vien chuc|cdvc|cong doan vien chuc/, kinds: ["sector"] },
  { pattern: /cdcs|cong doan co so/, kinds: ["grassroots"] },
];

export function recipientKinds(recipients: readonly string[]): UnitKind[] {
  const kinds = new Set<UnitKind>();
  for (const line of recipients) {
    const folded = foldVietnamese(line);
    if (/^luu\b/.test(folded)) continue;
    for (const r of RULES) if (r.pattern.test(folded)) for (const k of r.kinds) kinds.add(k);
  }
  return [...kinds];
}

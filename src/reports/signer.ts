/** Who signs a report and to whom it goes: text rules only, so callers need not load the docx library. */

export interface Signer {
  name: string;
  deputy: boolean;
}

/** The level above a unit that has none in the tree: a province federation reports to the national confederation. */
export function superiorName(parentName: string | undefined, kind: string): string | undefined {
  return parentName ?? (kind === "province" ? "Tổng Liên đoàn Lao động Việt Nam" : undefined);
}

/** A display name without its "(chủ tịch …)" suffix, as a signature line wants it. */
export function signatureName(displayName: string): string {
  return displayName.replace(/\s*\([^)]*\)\s*$/, "").trim();
}

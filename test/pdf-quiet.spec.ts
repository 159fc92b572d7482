/**
 * Reading a PDF prints nothing outside the JSON log (issue 25.9): pdf.js's own warnings, such as "Warning: Indexing all
 * PDF objects" for a damaged cross-reference table, are turned off. Everything written to stdout and stderr, and
 * every console call, is captured while a damaged PDF and a sound one are read.
 */
import fs from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { readPlanFileText } from "../src/services/plan-files.js";

const SOUND = fs.readFileSync(
  path.join(import.meta.dirname, "fixtures", "corpus", "ubnd-laocai-4390-UBND-NLN-2026.pdf"),
);

/** The same file with its `startxref` pointing nowhere: pdf.js rebuilds the table by indexing every object. */
function damaged(pdf: Buffer): Uint8Array {
  const s = pdf.toString("latin1");
  return new Uint8Array(Buffer.from(`${s.slice(0, s.lastIndexOf("startxref"))}startxref\n999999\n%%EOF\n`, "latin1"));
}

afterEach(() => vi.restoreAllMocks());

describe("reading a PDF", () => {
  it("writes nothing to stdout, stderr or the console, damaged or sound", async () => {
    const printed: string[] = [];
    const keep = (...args: unknown[]) => void printed.push(args.map(String).join(" "));
    for (const stream of [process.stdout, process.stderr])
      vi.spyOn(stream, "write").mockImplementation((chunk: unknown) => {
        keep(chunk);
        return true;
      });
    for (const method of ["log", "info", "warn", "error", "debug"] as const)
      vi.spyOn(console, method).mockImplementation(keep);
    const fromDamaged = await readPlanFileText(damaged(SOUND), "ke-hoach.pdf", "application/pdf");
    const fromSound = await readPlanFileText(new Uint8Array(SOUND), "ke-hoach.pdf", "application/pdf");
    vi.restoreAllMocks();
    expect(printed).toEqual([]);
    expect(fromDamaged).toBe(fromSound);
    expect(fromSound.length).toBeGreaterThan(500);
  }, 60_000);
});

/**
 * The same .xlsx, .csv and .docx /xuatbaocao makes, for a consultation and the unit in view (in scope only), built
 * the same way (buildExports, the same signer) and sent as an attachment. Reading only: nothing is stored.
 */
import { type Signer, signatureName, superiorName } from "../../reports/signer.js";
import type { Actor } from "../../services/people.js";
import type { Html } from "../pages.js";
import { securityHeaders } from "../pages.js";
import { WEB_VIEW_POLICY, type WebRequest } from "../route.js";
import type { Viewer, ViewKit } from "../view-kit.js";

const TYPES = {
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  csv: "text/csv; charset=utf-8",
  docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
} as const;

/** A consultation reaches a unit when one of them lies under the other. */
export function reaches(consultationRoot: string, unitPath: string): boolean {
  return unitPath.startsWith(consultationRoot) || consultationRoot.startsWith(unitPath);
}

export function downloadLinks(kit: ViewKit, v: Viewer, consultation: string, unit: string): Html {
  const base = `/web/download/${consultation}/${encodeURIComponent(unit)}`;
  const file = (ext: keyof typeof TYPES) =>
    kit.part("download", { href: `${base}.${ext}`, name: `${consultation}-${unit}.${ext}`, text: `.${ext}` });
  return kit.part("downloads", {
    label: v.t("webv-downloads"),
    xlsx: file("xlsx"),
    csv: file("csv"),
    docx: file("docx"),
  });
}

/** Who signs: as in the chat's /xuatbaocao (the chair, or staff signing for the chair, else the unit's chair). */
async function signerOf(kit: ViewKit, actor: Actor, unitId: number): Promise<Signer | undefined> {
  const mine = actor.memberships.filter((m) => m.unitId === unitId);
  if (mine.some((m) => m.role === "chair")) return { name: signatureName(actor.name), deputy: false };
  if (mine.some((m) => m.role === "staff" || m.role === "admin"))
    return { name: signatureName(actor.name), deputy: true };
  const chairs = await kit.app.services.units.chairsOf(unitId);
  return chairs[0] ? { name: signatureName(chairs[0]), deputy: false } : undefined;
}

export async function downloadFile(kit: ViewKit, r: WebRequest): Promise<void> {
  const v = await kit.viewer(r);
  if (!v) return;
  const unit = await kit.unitInScope(r, v, r.match[2]);
  if (!unit) return;
  const { services, db, config, clock } = kit.app;
  const consultation = await services.consultations.byCode(r.match[1] ?? "");
  if (!consultation || !reaches(consultation.rootUnit.path, unit.path))
    return kit.problemPage(r.res, 404, v.lang, "webv-not-found");
  const tally = await services.tally.compute(consultation, unit);
  const [signer, parent] = await Promise.all([
    signerOf(kit, v.actor, unit.id),
    unit.parentId ? services.units.byId(unit.parentId) : undefined,
  ]);
  const { buildExports } = await import("../../reports/exports.js");
  const files = await buildExports(db, tally, {
    t: v.t,
    timezone: config.timezone,
    hideAuthors: config.exportHideAuthors,
    place: config.reportPlace,
    signer,
    parentName: superiorName(parent?.name, unit.kind),
    now: clock.now(),
  });
  const ext = r.match[3] as keyof typeof TYPES;
  // A list too long for one .csv comes in parts (`?part=2`, the first by default); the .xlsx holds every part.
  const part = files.csv[Math.max(1, Math.min(files.csv.length, Number(r.url.searchParams.get("part")) || 1)) - 1];
  const { data, name } =
    ext === "csv" && part
      ? { data: part.data, name: part.fileName }
      : { data: ext === "xlsx" ? files.xlsx : files.docx, name: `${files.baseName}.${ext}` };
  r.res.writeHead(200, {
    "content-type": TYPES[ext],
    "content-length": String(data.length),
    "content-disposition": `attachment; filename="${name.replace(/[^\w.-]/g, "_")}"; filename*=UTF-8''${encodeURIComponent(name)}`,
    "cache-control": "no-store",
    ...securityHeaders(WEB_VIEW_POLICY),
  });
  r.res.end(data);
}

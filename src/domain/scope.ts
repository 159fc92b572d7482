/**
 * Who may do what on which unit: the one place where roles meet the unit tree.
 * A role held at a unit reaches that unit and everything below it; never its parent or siblings.
 */
import { isInSubtree } from "./units.js";

export const ROLES = ["member", "chair", "staff", "admin"] as const;
export type Role = (typeof ROLES)[number];

export type Action =
  | "view" // tally, status, missing reports, export
  | "manage" // link a chat, enter meeting results, mark a report submitted, acknowledge for the unit
  | "broadcast" // announce plans
  | "consult" // open/close consultations
  | "deadlines" // add deadlines, set anchors, undo submissions
  | "grant-chair"
  | "grant-staff"
  | "give-opinion"
  | "acknowledge";

/** A role held at a unit, by the unit's path. The environment's first admins hold "admin" at "/" (everything). */
export interface Grant {
  role: Role;
  unitPath: string;
}

const CHAIR_ACTIONS: readonly Action[] = ["give-opinion", "acknowledge", "view", "manage"];
/** Staff and admins may take every action within their scope. */
const ALL_ACTIONS: readonly Action[] = [
  ...CHAIR_ACTIONS,
  "broadcast",
  "consult",
  "deadlines",
  "grant-chair",
  "grant-staff",
];

const ALLOWED: Record<Role, readonly Action[]> = {
  member: ["give-opinion", "acknowledge"],
  chair: CHAIR_ACTIONS,
  staff: ALL_ACTIONS,
  admin: ALL_ACTIONS,
};

/** Members act only for the unit they belong to; the other roles act for their whole subtree. */
function reaches(grant: Grant, targetPath: string): boolean {
  return grant.role === "member" ? grant.unitPath === targetPath : isInSubtree(grant.unitPath, targetPath);
}

export function can(grants: readonly Grant[], action: Action, targetPath: string): boolean {
  return grants.some((g) => ALLOWED[g.role].includes(action) && reaches(g, targetPath));
}

/** The highest role a person holds anywhere (for help texts and menus). */
export function highestRole(grants: readonly Grant[]): Role {
  let best = 0;
  for (const g of grants) best = Math.max(best, ROLES.indexOf(g.role));
  return ROLES[best]!;
}

/** The unit paths a person may view: the tops of their chair/staff/admin subtrees (nested ones folded away). */
export function scopeRoots(grants: readonly Grant[], action: Action = "view"): string[] {
  const paths = grants.filter((g) => ALLOWED[g.role].includes(action) && g.role !== "member").map((g) => g.unitPath);
  return [...new Set(paths)].filter((p, _i, all) => !all.some((q) => q !== p && isInSubtree(q, p))).sort();
}

/** The role a granter may hand out with "grant-chair"/"grant-staff". */
export function grantActionFor(role: Role): Action | undefined {
  if (role === "chair") return "grant-chair";
  if (role === "staff") return "grant-staff";
  return undefined;
}

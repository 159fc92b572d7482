import { describe, expect, it } from "vitest";
import { type Action, can, type Grant, highestRole, type Role, scopeRoots } from "../src/domain/scope.js";

// Tree:            /1/ province
//        /1/2/ district A        /1/3/ district B (sibling)
//        /1/2/4/ grassroots A1   /1/3/5/ grassroots B1
const PROVINCE = "/1/",
  A = "/1/2/",
  B = "/1/3/",
  A1 = "/1/2/4/",
  B1 = "/1/3/5/";

const at = (role: Role, unitPath: string): Grant[] => [{ role, unitPath }];
const ALL: Action[] = [
  "view",
  "manage",
  "broadcast",
  "consult",
  "deadlines",
  "grant-chair",
  "grant-staff",
  "give-opinion",
  "acknowledge",
];

describe("who may act on which unit", () => {
  it.each(["chair", "staff", "admin"] as const)(
    "a %s at district A reaches A and its descendants, never its parent or sibling",
    (role) => {
      const g = at(role, A);
      expect(can(g, "view", A)).toBe(true);
      expect(can(g, "view", A1)).toBe(true);
      expect(can(g, "view", PROVINCE)).toBe(false);
      expect(can(g, "view", B)).toBe(false);
      expect(can(g, "view", B1)).toBe(false);
    },
  );

  it("a member acts only for their own unit, and only as a member", () => {
    const g = at("member", A1);
    expect(can(g, "give-opinion", A1)).toBe(true);
    expect(can(g, "acknowledge", A1)).toBe(true);
    expect(can(g, "give-opinion", A)).toBe(false);
    for (const action of [
      "view",
      "manage",
      "broadcast",
      "consult",
      "deadlines",
      "grant-chair",
      "grant-staff",
    ] as const) {
      expect(can(g, action, A1)).toBe(false);
    }
  });

  it("a chair views and manages their subtree but cannot broadcast, consult or grant", () => {
    const g = at("chair", A);
    expect(can(g, "manage", A1)).toBe(true);
    for (const action of ["broadcast", "consult", "deadlines", "grant-chair", "grant-staff"] as const)
      expect(can(g, action, A1)).toBe(false);
  });

  it("staff do everything within their subtree and nothing outside it", () => {
    const g = at("staff", A);
    for (const action of ALL) {
      expect(can(g, action, A1)).toBe(true);
      expect(can(g, action, B1)).toBe(false);
      expect(can(g, action, PROVINCE)).toBe(false);
    }
  });

  it("the environment's admins reach the whole tree", () => {
    const g = at("admin", "/");
    for (const action of ALL) for (const p of [PROVINCE, A, B, A1, B1]) expect(can(g, action, p)).toBe(true);
  });

  it("several roles add up; no role at all can do nothing", () => {
    const g: Grant[] = [
      { role: "chair", unitPath: A1 },
      { role: "staff", unitPath: B },
    ];
    expect(can(g, "view", A1) && can(g, "broadcast", B1)).toBe(true);
    expect(can(g, "broadcast", A1)).toBe(false);
    expect(can([], "give-opinion", A1)).toBe(false);
    expect(highestRole(g)).toBe("staff");
    expect(highestRole([])).toBe("member");
  });

  it("folds nested scopes into their tops", () => {
    expect(
      scopeRoots([
        { role: "chair", unitPath: A1 },
        { role: "staff", unitPath: A },
        { role: "chair", unitPath: B1 },
        { role: "member", unitPath: B },
      ]),
    ).toEqual([A, B1]);
  });

  it("does not confuse /1/2/ with /1/20/", () => {
    expect(can(at("chair", "/1/2/"), "view", "/1/20/")).toBe(false);
  });
});

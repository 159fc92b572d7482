/**
 * The pre-commit hook (`.githooks/pre-commit`, installed by `npm run hooks:install`): Biome on the staged files. In a
 * repository of its own (the project's biome.json and hook, its node_modules linked): a badly formatted file staged
 * stops the commit and is named; the same file formatted commits; a bad file left unstaged does not stop a commit.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

function git(cwd: string, ...args: string[]) {
  const r = spawnSync("git", args, {
    cwd,
    encoding: "utf8",
    env: {
      ...process.env,
      GIT_AUTHOR_NAME: "t",
      GIT_AUTHOR_EMAIL: "t@t",
      GIT_COMMITTER_NAME: "t",
      GIT_COMMITTER_EMAIL: "t@t",
    },
  });
  return { status: r.status, output: `${r.stdout}${r.stderr}` };
}

function repository(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "union-bot-hook-"));
  dirs.push(dir);
  fs.copyFileSync("biome.json", path.join(dir, "biome.json"));
  fs.cpSync(".githooks", path.join(dir, ".githooks"), { recursive: true });
  fs.symlinkSync(path.resolve("node_modules"), path.join(dir, "node_modules"));
  fs.writeFileSync(path.join(dir, ".gitignore"), "node_modules\n");
  const pkg = JSON.parse(fs.readFileSync("package.json", "utf8")) as { scripts: Record<string, string> };
  fs.writeFileSync(
    path.join(dir, "package.json"),
    `${JSON.stringify({ name: "hook-test", scripts: pkg.scripts }, null, 2)}\n`,
  );
  expect(git(dir, "init", "-q", "-b", "main").status).toBe(0);
  // What `npm run hooks:install` runs.
  const install = pkg.scripts["hooks:install"]!.split(" ");
  expect(install.slice(0, 1)).toEqual(["git"]);
  expect(git(dir, ...install.slice(1)).status).toBe(0);
  expect(git(dir, "add", ".").status).toBe(0);
  expect(git(dir, "commit", "-q", "-m", "start").status).toBe(0);
  return dir;
}

describe("the pre-commit hook", () => {
  it("stops a commit whose staged file Biome refuses, and lets it through once formatted", () => {
    const dir = repository();
    fs.mkdirSync(path.join(dir, "src"));
    fs.writeFileSync(path.join(dir, "src", "a.ts"), "export const a   =  {b:1}\n");
    git(dir, "add", "src/a.ts");
    const refused = git(dir, "commit", "-m", "badly formatted");
    expect(refused.status).not.toBe(0);
    expect(refused.output).toContain("src/a.ts");
    expect(git(dir, "log", "--oneline").output.trim().split("\n")).toHaveLength(1);

    fs.writeFileSync(path.join(dir, "src", "a.ts"), "export const a = { b: 1 };\n");
    git(dir, "add", "src/a.ts");
    expect(git(dir, "commit", "-q", "-m", "formatted").status).toBe(0);
  }, 60_000);

  it("checks only what is staged: a bad file left out does not stop the commit", () => {
    const dir = repository();
    fs.writeFileSync(path.join(dir, "good.ts"), "export const good = 1;\n");
    fs.writeFileSync(path.join(dir, "bad.ts"), "export const bad   =  1\n");
    git(dir, "add", "good.ts");
    const r = git(dir, "commit", "-q", "-m", "only the good one");
    expect(r.output).toContain("Checked 1 file");
    expect(r.output).not.toContain("bad.ts");
    expect(r.status).toBe(0);
  }, 60_000);
});

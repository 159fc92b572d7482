/**
 * Web pages as real files (src/web/pages.ts): templates fill their slots escaped, a static folder serves its own files
 * and nothing else, every answer carries a strict Content-Security-Policy, and `npm run build` ships the files with the
 * built JavaScript, so the built bot serves its page.
 */
import { execFileSync, spawn } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { copyAssets } from "../scripts/copy-assets.js";
import { startPlayground } from "../src/platforms/web/server.js";
import { seedSamples } from "../src/services/samples.js";
import { PAGE_POLICY, StaticFolder, Template } from "../src/web/pages.js";
import { testApp } from "./helpers/app.js";
import { closeAll } from "./helpers/db.js";

const cleanups: (() => void)[] = [];
afterAll(async () => {
  for (const c of cleanups) c();
  await closeAll();
});

function tempDir(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), "web-pages-"));
  cleanups.push(() => fs.rmSync(d, { recursive: true, force: true }));
  return d;
}

function get(
  port: number,
  pathname: string,
  headers: Record<string, string> = {},
  method = "GET",
): Promise<{ status: number; headers: http.IncomingHttpHeaders; text: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: "127.0.0.1", port, method, path: pathname, headers: { host: `127.0.0.1:${port}`, ...headers } },
      (res) => {
        let text = "";
        res.on("data", (d: Buffer) => {
          text += d.toString();
        });
        res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text }));
      },
    );
    req.on("error", reject);
    req.end();
  });
}

/** A server answering only from one StaticFolder, for the folder's own checks. */
async function folderServer(dir: string): Promise<number> {
  const folder = new StaticFolder(dir, "/static/");
  const server = http.createServer((req, res) => {
    if (!folder.serve(req, res, new URL(req.url ?? "/", "http://x").pathname)) {
      res.writeHead(418);
      res.end();
    }
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  cleanups.push(() => server.close());
  return (server.address() as { port: number }).port;
}

describe("templates", () => {
  it("fill every slot with its value escaped, and refuse to render with a slot missing", () => {
    const dir = tempDir();
    const file = path.join(dir, "page.html");
    fs.writeFileSync(file, '<meta content="{{token}}"><h1>{{ title }}</h1>');
    const page = new Template(file);
    expect(page.slots).toEqual(["token", "title"]);
    expect(page.render({ token: 'a"><script>x()</script>', title: "Sân thử & <b>" })).toBe(
      '<meta content="a&quot;&gt;&lt;script&gt;x()&lt;/script&gt;"><h1>Sân thử &amp; &lt;b&gt;</h1>',
    );
    expect(() => page.render({ token: "t" })).toThrow("no value for {{title}}");
  });
});

describe("a static folder", () => {
  it("serves its own files with their type and a validator, and nothing outside it or of another kind", async () => {
    const dir = tempDir();
    fs.mkdirSync(path.join(dir, "public"));
    fs.writeFileSync(path.join(dir, "public", "a.css"), "a { color: red; }");
    fs.writeFileSync(path.join(dir, "public", "a.js"), "console.log(1);");
    fs.writeFileSync(path.join(dir, "public", "page.html"), "<p>{{secret}}</p>");
    fs.writeFileSync(path.join(dir, "public", "notes.txt"), "not a web file");
    fs.writeFileSync(path.join(dir, "secret.js"), "outside");
    const port = await folderServer(path.join(dir, "public"));

    const css = await get(port, "/static/a.css");
    expect(css.status).toBe(200);
    expect(css.headers["content-type"]).toBe("text/css; charset=utf-8");
    expect(css.headers["content-security-policy"]).toBe(PAGE_POLICY);
    expect(css.headers["x-content-type-options"]).toBe("nosniff");
    expect(css.text).toBe("a { color: red; }");
    const again = await get(port, "/static/a.css", { "if-none-match": String(css.headers.etag) });
    expect(again.status).toBe(304);
    expect(again.text).toBe("");
    expect((await get(port, "/static/a.js", {}, "HEAD")).headers["content-type"]).toBe(
      "text/javascript; charset=utf-8",
    );

    for (const p of [
      "/static/../secret.js",
      "/static/%2e%2e/secret.js",
      "/static/..%2fsecret.js",
      "/static/page.html",
      "/static/notes.txt",
      "/static/",
      "/static/nope.css",
    ]) {
      // "/static/../secret.js" and its encoded form are "/secret.js" once the URL is parsed: not the folder's at all.
      const r = await get(port, p);
      expect(r.status, p).toBe(/^\/static\/(?:\.\.|%2e%2e)\//.test(p) ? 418 : 404);
      expect(r.text).not.toMatch(/outside|secret|not a web file/);
    }
    expect((await get(port, "/other/a.css")).status).toBe(418);
  });
});

describe("the playground's page", () => {
  it("is the template with its token, under a strict policy, with no inline script or style, and its files answer", async () => {
    const app = await testApp();
    await seedSamples(app.db);
    const pg = await startPlayground({ app, host: "127.0.0.1", port: 0, logger: app.logger });
    cleanups.push(() => void pg.close());
    const port = Number(new URL(pg.url).port);
    const page = await get(port, "/");
    expect(page.status).toBe(200);
    const policy = String(page.headers["content-security-policy"]);
    expect(policy).toBe(PAGE_POLICY);
    expect(policy).toContain("script-src 'self'");
    expect(policy).not.toContain("unsafe-inline");
    expect(page.headers["x-frame-options"]).toBe("DENY");
    expect(page.text).toMatch(/<meta name="playground-token" content="[0-9a-f]{64}">/);
    expect(page.text).not.toContain("{{");
    // No inline script, no style element or attribute, no handler attribute: the policy would refuse them anyway.
    expect(page.text).not.toMatch(/<script(?![^>]*\ssrc=)[^>]*>/);
    expect(page.text).not.toMatch(/<style|\sstyle=|\son[a-z]+=/i);
    const linked = [...page.text.matchAll(/(?:src|href)="(\/static\/[^"]+)"/g)].map((m) => m[1]!);
    expect(linked.sort()).toEqual([
      "/static/attach.svg",
      "/static/favicon.svg",
      "/static/playground.css",
      "/static/playground.js",
    ]);
    for (const url of linked) expect((await get(port, url)).status, url).toBe(200);
    // Nothing from another host: no CDN.
    expect(page.text).not.toMatch(/(?:src|href)="(?:https?:)?\/\//);
  });
});

describe("the build", () => {
  it("ships the page's files beside the built JavaScript, and the built bot serves them", async () => {
    // Built into a folder of its own under the project (so node finds node_modules), not over dist/.
    const out = path.resolve("test-output", `build-${process.pid}`);
    cleanups.push(() => fs.rmSync(out, { recursive: true, force: true }));
    execFileSync(
      process.execPath,
      [path.resolve("node_modules/typescript/bin/tsc"), "-p", "tsconfig.build.json", "--outDir", out],
      {
        stdio: "inherit",
      },
    );
    const copied = copyAssets(out);
    expect(copied).toEqual(
      expect.arrayContaining(["platforms/web/page/playground.html", "platforms/web/page/playground.js"]),
    );
    for (const f of copied) expect(fs.existsSync(path.join(out, "src", f)), f).toBe(true);

    const dir = tempDir();
    const child = spawn(process.execPath, [path.join(out, "src", "main.js")], {
      env: {
        PATH: process.env.PATH ?? "",
        HOME: dir,
        DATABASE_URL: `file:${path.join(dir, "bot.db")}`,
        PLAYGROUND: "on",
        PLAYGROUND_PORT: "0",
        LOG_LEVEL: "error",
      },
      cwd: dir,
    });
    cleanups.push(() => child.kill("SIGKILL"));
    const url = await new Promise<string>((resolve, reject) => {
      let seen = "";
      child.stdout.on("data", (d: Buffer) => {
        seen += d.toString();
        const m = /is running: (http:\/\/[^/\s]+\/)/.exec(seen);
        if (m) resolve(m[1]!);
      });
      child.once("exit", (code) => reject(new Error(`the built bot stopped (${code}): ${seen}`)));
    });
    const port = Number(new URL(url).port);
    const page = await get(port, "/");
    expect(page.status).toBe(200);
    expect(page.text).toContain("Sân thử Trợ lý Công đoàn");
    for (const f of ["playground.css", "playground.js", "attach.svg"])
      expect((await get(port, `/static/${f}`)).status, f).toBe(200);
  }, 120_000);
});

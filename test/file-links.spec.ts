/**
 * Signed, short-lived links to files the bot made (web/file-links.ts), served by its request handler on node:http as
 * the web server would mount it: any process of the deployment serves a link another made; a forged or stretched link
 * is refused; an expired one is gone, and its file with it.
 */
import http from "node:http";
import { afterAll, describe, expect, it } from "vitest";
import { FileLinks } from "../src/web/file-links.js";
import { testApp } from "./helpers/app.js";
import { closeAll } from "./helpers/db.js";

const servers: http.Server[] = [];
afterAll(async () => {
  for (const s of servers) {
    s.closeAllConnections();
    await new Promise((r) => s.close(r));
  }
  await closeAll();
});

async function serve(links: FileLinks): Promise<string> {
  const server = http.createServer((req, res) => {
    void links.handle(req, res).then((served) => {
      if (!served) res.writeHead(418).end();
    });
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return `http://127.0.0.1:${(server.address() as { port: number }).port}`;
}

const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 1, 2, 3, 4]);

async function setup() {
  const app = await testApp({ units: false });
  const make = (publicUrl: string) =>
    new FileLinks({ db: app.db, clock: app.clock, publicUrl, secret: () => app.services.webAccess.sessionSecret() });
  // Two processes of one deployment: each its own FileLinks and server, one database.
  const first = make("");
  const base1 = await serve(first);
  const second = make("");
  const base2 = await serve(second);
  return { app, links: make(base1), base1, base2 };
}

describe("signed file links", () => {
  it("serve the file with its type and name, from any process of the deployment", async () => {
    const { links, base1, base2 } = await setup();
    const { url, hours } = await links.share({ fileName: "Tổng hợp GY1.png", mimeType: "image/png", data: PNG });
    expect(hours).toBe(24);
    expect(url).toMatch(new RegExp(`^${base1}/files/\\d+\\.\\d+\\.[A-Za-z0-9_-]{43}/Tong-hop-GY1\\.png$`));
    for (const target of [url, url.replace(base1, base2)]) {
      const res = await fetch(target);
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toBe("image/png");
      expect(res.headers.get("content-disposition")).toMatch(/^inline; filename="Tong-hop-GY1.png"/);
      expect(new Uint8Array(await res.arrayBuffer())).toEqual(PNG);
    }
  });

  it("refuse a forged signature, another id or a stretched expiry; other paths are not theirs", async () => {
    const { links, base1 } = await setup();
    const { url } = await links.share({ fileName: "a.csv", mimeType: "text/csv", data: new TextEncoder().encode("x") });
    const [, id, exp, sig] = /\/files\/(\d+)\.(\d+)\.([^/]+)\//.exec(url)!;
    const forged = `${sig!.slice(0, -1)}${sig!.endsWith("A") ? "B" : "A"}`;
    expect((await fetch(`${base1}/files/${id}.${exp}.${forged}/a.csv`)).status).toBe(404);
    expect((await fetch(`${base1}/files/${Number(id) + 1}.${exp}.${sig}/a.csv`)).status).toBe(404);
    expect((await fetch(`${base1}/files/${id}.${Number(exp) + 86_400}.${sig}/a.csv`)).status).toBe(404);
    expect((await fetch(`${base1}/files/${id}`)).status).toBe(404);
    expect((await fetch(url, { method: "POST" })).status).toBe(405);
    expect((await fetch(`${base1}/web`)).status).toBe(418);
  });

  it("expire after 24 hours, and expired files are deleted when the next one is shared", async () => {
    const { app, links } = await setup();
    const { url } = await links.share({ fileName: "a.csv", mimeType: "text/csv", data: new TextEncoder().encode("x") });
    app.clock.advance(23 * 3_600_000);
    expect((await fetch(url)).status).toBe(200);
    app.clock.advance(3_600_000);
    expect((await fetch(url)).status).toBe(410);
    await links.share({ fileName: "b.csv", mimeType: "text/csv", data: new TextEncoder().encode("y") });
    expect(await app.db.sharedFile.count()).toBe(1);
  });
});

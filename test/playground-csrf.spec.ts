import http from "node:http";
import { afterAll, describe, expect, it } from "vitest";
import { startPlayground } from "../src/platforms/web/server.js";
import { seedSamples } from "../src/services/samples.js";
import { testApp } from "./helpers/app.js";
import { closeAll } from "./helpers/db.js";

afterAll(closeAll);

function request(
  port: number,
  method: string,
  path: string,
  headers: Record<string, string>,
  body?: string,
): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: "127.0.0.1", port, method, path, headers }, (res) => {
      let text = "";
      res.on("data", (d: Buffer) => {
        text += d.toString();
      });
      res.on("end", () => resolve({ status: res.statusCode ?? 0, text }));
    });
    req.on("error", reject);
    req.end(body);
  });
}

describe("the playground against forged requests", () => {
  it("acts only on same-origin JSON requests carrying the page's token, on a loopback host name", async () => {
    const app = await testApp();
    await seedSamples(app.db);
    const pg = await startPlayground({ app, host: "127.0.0.1", port: 0, logger: app.logger });
    try {
      const port = Number(new URL(pg.url).port);
      const host = `127.0.0.1:${port}`;
      const page = await request(port, "GET", "/", { host });
      expect(page.status).toBe(200);
      const token = /name="playground-token" content="([0-9a-f]{64})"/.exec(page.text)![1]!;
      const send = JSON.stringify({ as: "staff", chat: "staff", text: "/trogiup" });
      const updates = () => app.db.processedUpdate.count();

      const forged = [
        // A form or a "simple" fetch from another site: text/plain needs no preflight.
        request(port, "POST", "/api/send", { host, "content-type": "text/plain", origin: "http://evil.example" }, send),
        request(port, "POST", "/api/send", { host, "content-type": "text/plain", "x-playground-token": token }, send),
        request(port, "POST", "/api/send", { host, "content-type": "application/x-www-form-urlencoded" }, "as=staff"),
        // JSON with the token, but from another origin or site.
        request(
          port,
          "POST",
          "/api/send",
          { host, "content-type": "application/json", "x-playground-token": token, origin: "http://evil.example" },
          send,
        ),
        request(
          port,
          "POST",
          "/api/send",
          { host, "content-type": "application/json", "x-playground-token": token, "sec-fetch-site": "cross-site" },
          send,
        ),
        // Same origin but no token, or a wrong one.
        request(
          port,
          "POST",
          "/api/send",
          { host, "content-type": "application/json", origin: `http://${host}` },
          send,
        ),
        request(
          port,
          "POST",
          "/api/send",
          { host, "content-type": "application/json", "x-playground-token": "0" },
          send,
        ),
        // DNS rebinding: the right address under another name.
        request(
          port,
          "POST",
          "/api/send",
          { host: `evil.example:${port}`, "content-type": "application/json", "x-playground-token": token },
          send,
        ),
        request(port, "GET", "/", { host: `evil.example:${port}` }),
        request(port, "GET", "/api/messages?chat=staff&after=0", { host: `evil.example:${port}` }),
      ];
      for (const r of await Promise.all(forged)) expect(r.status).toBe(403);
      expect(await updates()).toBe(0);

      const ok = await request(
        port,
        "POST",
        "/api/send",
        {
          host,
          "content-type": "application/json; charset=utf-8",
          origin: `http://${host}`,
          "sec-fetch-site": "same-origin",
          "x-playground-token": token,
        },
        send,
      );
      expect(ok.status).toBe(200);
      expect(ok.text).toContain("/thongbao");
      expect(await updates()).toBe(1);
      expect((await request(port, "GET", "/", { host: `localhost:${port}` })).status).toBe(200);
    } finally {
      await pg.close();
    }
  });
});

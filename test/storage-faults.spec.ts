import { afterAll, describe, expect, it } from "vitest";
import { closeAll } from "./helpers/db.js";
import { giveRole, lastText, Talker, testApp } from "./helpers/app.js";

afterAll(closeAll);

describe("locks between connections", () => {
  it("makes every one of eight first writers in four just-linked groups a member and answers each", async () => {
    const app = await testApp();
    const groups = ["LC-TD-01", "LC-TD-02", "LC-PT-01", "LC-PT-02"];
    for (const [i, code] of groups.entries()) {
      await giveRole(app, `80${i}`, `Chủ tịch ${i}`, "chair", code);
      expect(lastText(await Talker.group(app, `-80${i}`, `80${i}`, `Chủ tịch ${i}`).send(`/lienket ${code}`))).toMatch(
        /^Đã liên kết/,
      );
    }
    const writers = groups.flatMap((code, g) =>
      [0, 1].map((k) => ({ code, talker: Talker.group(app, `-80${g}`, `81${g}${k}`, `Người ${g}${k}`) })),
    );
    // Meanwhile other updates keep arriving: each is marked as seen by the hot path's own connection, between the
    // reads and writes of the Prisma transactions that make the chats and memberships.
    let busy = true;
    const noise = (async () => {
      for (let i = 0; busy; i++) {
        for (let k = 0; k < i % 7; k++) await Promise.resolve();
        await app.deps.hot.markUpdate("web", `noise-${i}`, new Date().toISOString());
        if (i % 20 === 19) await new Promise((r) => setImmediate(r));
      }
    })();
    const answers = await Promise.all(writers.map((w) => w.talker.send("/vaitro")));
    busy = false;
    await noise;
    for (const [i, w] of writers.entries()) {
      expect(lastText(answers[i]!)).toContain(w.code);
      const unit = await app.db.unit.findUniqueOrThrow({ where: { code: w.code } });
      const person = await app.services.people.findByPlatformUser("telegram", w.talker.user.id);
      expect(await app.db.membership.count({ where: { personId: person!.id, unitId: unit.id } })).toBe(1);
    }
  });
});

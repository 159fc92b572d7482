import { afterAll, describe, expect, it } from "vitest";
import { createApp } from "../src/app.js";
import { choicesOf, giveRole, lastText, Talker, testApp, texts } from "./helpers/app.js";
import { closeAll } from "./helpers/db.js";

afterAll(closeAll);

describe("the chat core, on any platform", () => {
  it("greets a newcomer in Vietnamese and lists the member commands", async () => {
    const app = await testApp();
    const out = await Talker.private(app, "501", "Lò Văn Minh").send("/start");
    expect(lastText(out)).toMatch(/^Xin chào Lò Văn Minh!/);
    expect(lastText(out)).toContain("/trogiup (/help)");
    expect(lastText(out)).not.toContain("/lienket");
  });

  it("shows a chair the chair's commands too", async () => {
    const app = await testApp();
    await giveRole(app, "502", "Chủ tịch", "chair", "LC-TD");
    expect(lastText(await Talker.private(app, "502", "Chủ tịch").send("/trogiup"))).toContain("/lienket (/link)");
  });

  it("tells each role what it can do: only staff read that /vaitro grants roles", async () => {
    const app = await testApp();
    const member = lastText(await Talker.private(app, "503", "Đoàn viên").send("/trogiup"));
    expect(member).toContain("/vaitro (/role) — xem vai trò của bạn");
    expect(member).not.toMatch(/cấp vai trò|\/thongbao|\/tonghop/);
    expect(member).not.toContain("Cán bộ:");
    await giveRole(app, "504", "Chủ tịch", "chair", "LC-TD");
    const chair = lastText(await Talker.private(app, "504", "Chủ tịch").send("/trogiup"));
    expect(chair).toContain("/vaitro (/role) — xem vai trò của bạn");
    expect(chair).toMatch(/Chủ tịch công đoàn:\n(.+\n)*\/tonghop/);
    expect(chair).not.toContain("/thongbao");
    await giveRole(app, "505", "Cán bộ", "staff", "LC");
    const staff = lastText(await Talker.private(app, "505", "Cán bộ").send("/trogiup"));
    expect(staff).toContain("/vaitro (/role) — xem hoặc cấp vai trò");
    expect(staff).toMatch(/Cán bộ:\n(.+\n)*\/thongbao \(\/announce\)/);
  });

  it("lets a chair link a group chat to their unit; the group then says which unit it is", async () => {
    const app = await testApp();
    await giveRole(app, "510", "Chị Hoa", "chair", "LC-TD");
    const chair = Talker.group(app, "-100", "510", "Chị Hoa");
    expect(lastText(await chair.send("/lienket lc-td"))).toBe(
      "Đã liên kết nhóm này với LĐLĐ huyện Tam Đường (LC-TD). Thông báo và nhắc hạn của đơn vị sẽ gửi vào đây.",
    );
    const info = lastText(await Talker.group(app, "-100", "511", "Anh Tú").send("/donvi"));
    expect(info).toContain("LĐLĐ huyện Tam Đường (LC-TD)");
    expect(info).toContain("Chủ tịch: Chị Hoa");
    expect(info).toContain("Cấp trên: Liên đoàn Lao động tỉnh Lai Châu (LC)");
    const audit = await app.db.auditLog.findMany({ where: { action: "chat.link" } });
    expect(audit).toHaveLength(1);
  });

  it("refuses to link for a member, a neighbour's chair, an unknown code and a private chat, changing nothing", async () => {
    const app = await testApp();
    await giveRole(app, "520", "Chủ tịch Phong Thổ", "chair", "LC-PT");
    expect(lastText(await Talker.group(app, "-200", "521", "Đoàn viên").send("/lienket LC-TD"))).toMatch(
      /^Chỉ chủ tịch công đoàn/,
    );
    expect(lastText(await Talker.group(app, "-200", "520", "Chủ tịch Phong Thổ").send("/lienket LC-TD"))).toMatch(
      /^Chỉ chủ tịch/,
    );
    expect(lastText(await Talker.group(app, "-200", "520", "Chủ tịch Phong Thổ").send("/lienket KHONG-CO"))).toMatch(
      /^Không tìm thấy đơn vị có mã KHONG-CO/,
    );
    expect(lastText(await Talker.group(app, "-200", "520", "Chủ tịch Phong Thổ").send("/lienket"))).toMatch(
      /ví dụ: \/lienket LC-TD/,
    );
    expect(lastText(await Talker.private(app, "520", "Chủ tịch Phong Thổ").send("/lienket LC-PT"))).toMatch(
      /chỉ dùng trong nhóm/,
    );
    expect(await app.db.chat.count({ where: { unitId: { not: null } } })).toBe(0);
  });

  it("makes a person who writes in a linked group a member of that unit", async () => {
    const app = await testApp();
    await giveRole(app, "530", "Chủ tịch", "chair", "LC-TD-01");
    await Talker.group(app, "-300", "530", "Chủ tịch").send("/lienket LC-TD-01");
    await Talker.group(app, "-300", "531", "Đoàn viên Mới").send("xin chào mọi người");
    const roles = lastText(await Talker.private(app, "531", "Đoàn viên Mới").send("/vaitro"));
    expect(roles).toContain("đoàn viên — CĐCS Ủy ban nhân dân xã Bình Lư (LC-TD-01)");
  });

  it("lets staff grant a chair within their scope by replying to the person's message, and refuses outside it", async () => {
    const app = await testApp();
    await giveRole(app, "540", "Cán bộ Tam Đường", "staff", "LC-TD");
    await Talker.private(app, "541", "Anh Sơn").send("/start");
    const staff = Talker.group(app, "-400", "540", "Cán bộ Tam Đường");
    const reply = { replyTo: { messageId: "77", fromBot: false, senderId: "541", senderName: "Anh Sơn" } };
    expect(lastText(await staff.send("/vaitro them chutich LC-TD-02", reply))).toBe(
      "Đã cấp vai trò chủ tịch công đoàn tại CĐCS Công ty TNHH Chè Tam Đường cho Anh Sơn.",
    );
    expect(lastText(await staff.send("/vaitro them chutich LC-PT-01 541"))).toBe(
      "Bạn không có quyền cấp hoặc bỏ vai trò này ở CĐCS Ủy ban nhân dân xã Dào San.",
    );
    expect(lastText(await staff.send("/vaitro them chutich LC-TD-02 541"))).toMatch(/đã có vai trò/);
    expect(lastText(await staff.send("/vaitro bo chutich LC-TD-02 541"))).toMatch(/^Đã bỏ vai trò/);
    expect(lastText(await staff.send("/vaitro them vua LC-TD 541"))).toMatch(/^Cách dùng/);
    expect(lastText(await staff.send("/vaitro them chutich LC-TD"))).toMatch(/trả lời \(reply\)/);
  });

  it("offers the people of the unit when staff name no one, and tells everyone their own id", async () => {
    const app = await testApp();
    await giveRole(app, "560", "Cán bộ Tam Đường", "staff", "LC-TD");
    await giveRole(app, "561", "Chủ tịch", "chair", "LC-TD-02");
    await Talker.group(app, "-560", "561", "Chủ tịch").send("/lienket LC-TD-02");
    await Talker.group(app, "-560", "562", "Lò Văn Páo").send("Chào cả nhóm");
    await Talker.group(app, "-560", "563", "Đèo Thị Hương").send("Em chào anh chị");
    // Everyone sees their own id with /vaitro, to give to staff.
    expect(lastText(await Talker.private(app, "563", "Đèo Thị Hương").send("/vaitro"))).toContain(
      "Mã (ID) của bạn: 563.",
    );
    const staff = Talker.private(app, "560", "Cán bộ Tam Đường");
    const ask = await staff.send("/vaitro them chutich LC-TD-02");
    expect(lastText(ask)).toMatch(/^Cấp vai trò chủ tịch công đoàn tại CĐCS Công ty TNHH Chè Tam Đường cho ai\?/);
    expect(choicesOf(ask).map((c) => c.label)).toEqual([
      "Chủ tịch (561)",
      "Đèo Thị Hương (563)",
      "Lò Văn Páo (562)",
      "Hủy",
    ]);
    expect(await app.db.membership.count({ where: { role: "chair" } })).toBe(1);
    expect(lastText(await staff.press(choicesOf(ask)[1]!.id))).toBe(
      "Đã cấp vai trò chủ tịch công đoàn tại CĐCS Công ty TNHH Chè Tam Đường cho Đèo Thị Hương.",
    );
    // Revoking offers those who hold the role; an id typed instead of a choice works too.
    const revoke = await staff.send("/vaitro bo chutich LC-TD-02");
    expect(choicesOf(revoke).map((c) => c.label)).toEqual(["Chủ tịch (561)", "Đèo Thị Hương (563)", "Hủy"]);
    expect(texts(await staff.send("không rõ ai")).at(0)).toMatch(/^Đó không phải là một ID/);
    expect(lastText(await staff.send("561"))).toBe(
      "Đã bỏ vai trò chủ tịch công đoàn tại CĐCS Công ty TNHH Chè Tam Đường của Chủ tịch.",
    );
    // A unit nobody has written in: how to get the person known, not a dead end.
    expect(lastText(await staff.send("/vaitro them chutich LC-TD-01"))).toMatch(/^Bot chưa biết ai của CĐCS/);
    expect(lastText(await staff.send("/vaitro them chutich LC-PT-01"))).toMatch(/không có quyền/);
  });

  it("refuses /vaitro to a member and to a chair (only admins and staff grant)", async () => {
    const app = await testApp();
    await Talker.private(app, "551", "B").send("/start");
    await giveRole(app, "552", "Chủ tịch", "chair", "LC-TD");
    expect(lastText(await Talker.private(app, "550", "A").send("/vaitro them chutich LC-TD 551"))).toMatch(
      /không có quyền/,
    );
    expect(lastText(await Talker.private(app, "552", "Chủ tịch").send("/vaitro them chutich LC-TD-01 551"))).toMatch(
      /không có quyền/,
    );
    expect(await app.db.membership.count({ where: { role: "chair" } })).toBe(1);
  });

  it("runs a guided conversation with buttons, typed numbers, labels, and wrong answers", async () => {
    const app = await testApp();
    const p = Talker.private(app, "560", "Mai");
    const ask = await p.send("/ngonngu");
    expect(lastText(ask)).toBe("Chọn ngôn ngữ:");
    expect(choicesOf(ask).map((c) => c.label)).toEqual(["Tiếng Việt", "English", "Hủy"]);
    const wrong = await p.send("7");
    expect(texts(wrong)[0]).toMatch(/^Vui lòng chọn một trong các lựa chọn/);
    expect(lastText(wrong)).toBe("Chọn ngôn ngữ:");
    expect(lastText(await p.press(choicesOf(ask)[1]!.id))).toBe("Switched to English.");
    await p.send("/language");
    expect(lastText(await p.send("tiếng việt"))).toBe("Đã chuyển sang tiếng Việt.");
    await p.send("/language");
    expect(lastText(await p.send("2"))).toBe("Switched to English.");
    expect(lastText(await p.send("/help"))).toMatch(/^Commands for you \(member\)/);
  });

  it("resumes a conversation after a restart (new application, same database)", async () => {
    const app = await testApp();
    const ask = await Talker.private(app, "570", "Hùng").send("/ngonngu");
    const restarted = createApp({ config: app.config, db: app.db, logger: app.logger, clock: app.clock });
    expect(lastText(await Talker.private(restarted, "570", "Hùng").press(choicesOf(ask)[1]!.id))).toBe(
      "Switched to English.",
    );
  });

  it("expires an idle conversation politely and lets /huy leave one", async () => {
    const app = await testApp({ env: { CONVERSATION_IDLE_MINUTES: "10" } });
    const p = Talker.private(app, "580", "Lan");
    await p.send("/ngonngu");
    app.clock.advance(11 * 60_000);
    expect(lastText(await p.send("1"))).toMatch(/^Hội thoại đã hết hạn/);
    expect(lastText(await p.send("1"))).toMatch(/^Tôi chưa hiểu/);
    await p.send("/ngonngu");
    expect(lastText(await p.send("/huy"))).toMatch(/^Đã hủy/);
    expect(lastText(await p.send("/huy"))).toMatch(/^Không có việc gì/);
    expect(await app.db.conversationState.count()).toBe(0);
  });

  it("handles an update once even when it is delivered twice", async () => {
    const app = await testApp();
    const p = Talker.private(app, "590", "Nga");
    const event = p.event({ text: "/start" });
    expect(await p.deliver(event)).toHaveLength(1);
    expect(await p.deliver(event)).toHaveLength(0);
  });

  it("answers bad input briefly: an unknown command, a 10,000-character command, an unknown button", async () => {
    const app = await testApp();
    const p = Talker.private(app, "600", "Tâm");
    expect(lastText(await p.send("/khongco"))).toBe("Không có lệnh /khongco. Gõ /trogiup để xem các lệnh.");
    expect(lastText(await p.send(`/lienket ${"x".repeat(10_000)}`))).toMatch(/^Lệnh quá dài/);
    expect(lastText(await p.press("zz|1"))).toMatch(/^Nút này không còn dùng được/);
    expect(lastText(await p.send("x".repeat(10_000)))).toMatch(/^Tôi chưa hiểu/);
  });

  it("stays quiet in groups unless addressed", async () => {
    const app = await testApp();
    const g = Talker.group(app, "-700", "610", "Hà");
    expect(await g.send("chào cả nhà")).toHaveLength(0);
    expect(await g.send("/start@other_bot")).toHaveLength(0);
    expect(await g.send("/khongco")).toHaveLength(0);
    expect(lastText(await g.send("bot ơi", { mentionsBot: true }))).toMatch(/trogiup/);
  });
});

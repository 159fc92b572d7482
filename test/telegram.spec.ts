import type { Update } from "grammy/types";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { createApp } from "../src/app.js";
import type { TelegramAdapter } from "../src/platforms/telegram/adapter.js";
import { giveRole, testApp } from "./helpers/app.js";
import { closeAll } from "./helpers/db.js";
import { adapterFor, botMessages, freePort, recordingFetch, startEmulator, TOKEN } from "./helpers/telegram.js";

afterAll(closeAll);

describe("Telegram, through the Bot API emulator", () => {
  const running: { stop(): Promise<void> }[] = [];
  afterEach(async () => {
    for (const r of running.splice(0).reverse()) await r.stop();
  });

  async function setup() {
    const server = await startEmulator();
    running.push({ stop: async () => void (await server.stop()) });
    const app = await testApp();
    const adapter = adapterFor(app, server.config.apiURL);
    await adapter.init();
    adapter.startPolling();
    running.push(adapter);
    return { server, app, adapter };
  }

  it("answers /start in a private chat", async () => {
    const { server } = await setup();
    const client = server.getClient(TOKEN, { userId: 1001, chatId: 1001, firstName: "Lan", type: "private" });
    await client.sendCommand(client.makeCommand("/start"));
    const [msg] = await botMessages(client);
    expect(msg!.text).toMatch(/^Xin chào Lan!/);
  });

  it("runs a conversation with inline buttons and a pressed callback", async () => {
    const { server } = await setup();
    const client = server.getClient(TOKEN, { userId: 1002, chatId: 1002, firstName: "Minh", type: "private" });
    await client.sendCommand(client.makeCommand("/ngonngu"));
    const [question] = await botMessages(client);
    expect(question!.text).toBe("Chọn ngôn ngữ:");
    const buttons = question!.reply_markup!.inline_keyboard.map((row) => row[0]!);
    expect(buttons.map((b) => b.text)).toEqual(["Tiếng Việt", "English", "Hủy"]);
    await client.sendCallback(
      client.makeCallbackQuery(buttons[1]!.callback_data!, { message: { message_id: question!.message_id } }),
    );
    const [answer] = await botMessages(client);
    expect(answer!.text).toBe("Switched to English.");
  });

  it("links a group chat for its chair and refuses /lienket and /vaitro to a member", async () => {
    const { server, app } = await setup();
    await giveRole(app, "1100", "Chị Hoa", "chair", "LC-TD");
    const chair = server.getClient(TOKEN, {
      userId: 1100,
      chatId: -5001,
      firstName: "Chị Hoa",
      type: "group",
      chatTitle: "CĐ Tam Đường",
    });
    await chair.sendCommand(chair.makeCommand("/lienket LC-TD"));
    expect((await botMessages(chair))[0]!.text).toMatch(/^Đã liên kết nhóm này với LĐLĐ huyện Tam Đường/);
    const member = server.getClient(TOKEN, { userId: 1101, chatId: -5001, firstName: "Anh Tú", type: "group" });
    await member.sendCommand(member.makeCommand("/lienket LC-PT"));
    expect((await botMessages(member))[0]!.text).toMatch(
      /^Chỉ chủ tịch công đoàn hoặc cán bộ phụ trách LĐLĐ huyện Phong Thổ/,
    );
    await member.sendCommand(member.makeCommand("/vaitro them chutich LC-TD 1101"));
    expect((await botMessages(member))[0]!.text).toMatch(/không có quyền/);
    const chat = await app.db.chat.findFirstOrThrow({ where: { platformChatId: "-5001" }, include: { unit: true } });
    expect(chat.unit?.code).toBe("LC-TD");
  });

  it("takes a member's opinion: /gopy in the group gives a deep link, the private chat runs the whole flow", async () => {
    const { server, app } = await setup();
    await giveRole(app, "9100", "Cán bộ tỉnh", "staff", "LC");
    const staff = await app.services.people.resolve("telegram", "9100", "Cán bộ tỉnh");
    await app.services.consultations.open(staff, {
      title: "Góp ý dự thảo",
      items: ["Dự thảo A", "Dự thảo B"],
      rootUnitCode: "LC",
      closesAt: new Date(app.clock.now().getTime() + 86_400_000),
    });
    await giveRole(app, "1200", "Chủ tịch", "chair", "LC-TD-01");
    const chair = server.getClient(TOKEN, { userId: 1200, chatId: -5100, firstName: "Chủ tịch", type: "group" });
    await chair.sendCommand(chair.makeCommand("/lienket LC-TD-01"));
    await botMessages(chair);
    const inGroup = server.getClient(TOKEN, { userId: 1201, chatId: -5100, firstName: "Vàng A Páo", type: "group" });
    await inGroup.sendCommand(inGroup.makeCommand("/gopy"));
    const [link] = await botMessages(inGroup);
    expect(link!.reply_markup!.inline_keyboard[0]![0]!.url).toBe("https://t.me/TestNameBot?start=gopy_GY1");
    const dm = server.getClient(TOKEN, { userId: 1201, chatId: 1201, firstName: "Vàng A Páo", type: "private" });
    await dm.sendCommand(dm.makeCommand("/start gopy_GY1"));
    const [items] = await botMessages(dm);
    const press = async (label: string, msg: typeof items) => {
      const button = msg!.reply_markup!.inline_keyboard.map((r) => r[0]!).find((b) => b.text.includes(label))!;
      await dm.sendCallback(dm.makeCallbackQuery(button.callback_data!, { message: { message_id: msg!.message_id } }));
      return (await botMessages(dm))[0];
    };
    const kinds = await press("Dự thảo B", items);
    const write = await press("Kiến nghị", kinds);
    expect(write!.text).toMatch(/^Hãy gõ ý kiến/);
    await dm.sendMessage(dm.makeMessage("Đề nghị tăng phụ cấp cho cán bộ công đoàn cơ sở vùng cao."));
    const [review] = await botMessages(dm);
    expect(review!.text).toContain("Tính cho: CĐCS Ủy ban nhân dân xã Bình Lư");
    const thanks = await press("Gửi", review);
    expect(thanks!.text).toMatch(/^Cảm ơn bạn!/);
    const stored = await app.db.opinion.findFirstOrThrow({ include: { item: true } });
    expect(stored).toMatchObject({
      kind: "propose",
      text: "Đề nghị tăng phụ cấp cho cán bộ công đoàn cơ sở vùng cao.",
    });
    expect(stored.item.title).toBe("Dự thảo B");
  });

  it("continues a conversation after the bot restarts (new adapter and application, same database)", async () => {
    const { server, app, adapter } = await setup();
    const client = server.getClient(TOKEN, { userId: 1003, chatId: 1003, firstName: "Hùng", type: "private" });
    await client.sendCommand(client.makeCommand("/ngonngu"));
    await botMessages(client);
    await adapter.stop();
    const again = createApp({ config: app.config, db: app.db, logger: app.logger, clock: app.clock });
    const second = adapterFor(again, server.config.apiURL);
    await second.init();
    second.startPolling();
    running.push(second);
    await client.sendMessage(client.makeMessage("2"));
    expect((await botMessages(client))[0]!.text).toBe("Switched to English.");
  });
});

describe("Telegram, with grammY's client.fetch faked (methods the emulator lacks)", () => {
  const update = (
    id: number,
    text: string,
    chat: { id: number; type: "private" | "supergroup"; title?: string } = { id: 77, type: "private" },
  ): Update => ({
    update_id: id,
    message: {
      message_id: id,
      date: 0,
      chat: chat as any,
      from: { id: 77, is_bot: false, first_name: "Thu" },
      text,
      ...(text.startsWith("/")
        ? { entities: [{ type: "bot_command", offset: 0, length: text.split(" ")[0]!.length }] }
        : {}),
    },
  });

  it("registers the command menu per language and per chat type", async () => {
    const app = await testApp();
    const { fetch, calls } = recordingFetch();
    const adapter = adapterFor(app, "http://127.0.0.1:1", fetch);
    await adapter.init();
    await adapter.registerCommandMenus();
    const menus = calls.filter((c) => c.method === "setMyCommands").map((c) => c.payload as any);
    expect(menus).toHaveLength(4);
    const viPrivate = menus.find((m) => m.scope.type === "all_private_chats" && !m.language_code);
    const enGroup = menus.find((m) => m.scope.type === "all_group_chats" && m.language_code === "en");
    expect(viPrivate.commands.map((c: any) => c.command)).toContain("trogiup");
    expect(viPrivate.commands.map((c: any) => c.command)).not.toContain("lienket");
    expect(enGroup.commands.map((c: any) => c.command)).toContain("link");
    expect(enGroup.commands.find((c: any) => c.command === "help").description).toBe("the commands for you");
  });

  it("handles an update once even when Telegram delivers it twice", async () => {
    const app = await testApp();
    const { fetch, calls } = recordingFetch();
    const adapter = adapterFor(app, "http://127.0.0.1:1", fetch);
    await adapter.init();
    await adapter.bot.handleUpdate(update(500, "/start"));
    await adapter.bot.handleUpdate(update(500, "/start"));
    expect(calls.filter((c) => c.method === "sendMessage")).toHaveLength(1);
  });

  it("sends files as documents and a deep link as a URL button", async () => {
    const app = await testApp();
    const { fetch, calls } = recordingFetch();
    const adapter = adapterFor(app, "http://127.0.0.1:1", fetch);
    await adapter.init();
    await adapter.sender.send({
      chatId: "77",
      reply: {
        kind: "file",
        fileName: "bao-cao.xlsx",
        mimeType: "application/octet-stream",
        data: new Uint8Array([1, 2, 3]),
      },
    });
    await adapter.sender.send({
      chatId: "-100",
      reply: { kind: "continue-privately", text: "Tiếp tục riêng", payload: "gopy_DT1", buttonLabel: "Tiếp tục riêng" },
    });
    expect(calls.map((c) => c.method)).toEqual(["getMe", "sendDocument", "sendMessage"]);
    expect((calls[2]!.payload as any).reply_markup.inline_keyboard[0][0].url).toBe(
      "https://t.me/union_test_bot?start=gopy_DT1",
    );
  });

  it("maps Telegram's refusals to send failures the outbox understands", async () => {
    const app = await testApp();
    const { fetch: f429 } = recordingFetch();
    const limited = adapterFor(app, "http://127.0.0.1:1", (async (input: any, init: any) => {
      if (String(input).endsWith("/sendMessage"))
        return new Response(
          JSON.stringify({
            ok: false,
            error_code: 429,
            description: "Too Many Requests: retry after 7",
            parameters: { retry_after: 7 },
          }),
          { status: 429 },
        );
      return f429(input, init);
    }) as typeof fetch);
    await expect(limited.outboxSender.send({ chatId: "1", reply: { kind: "text", text: "x" } })).rejects.toMatchObject({
      failure: "rate-limited",
      retryAfterSec: 7,
    });
    const blocked = adapterFor(
      app,
      "http://127.0.0.1:1",
      (async (input: any) =>
        new Response(
          JSON.stringify({ ok: false, error_code: 403, description: "Forbidden: bot was blocked by the user" }),
          { status: 403, headers: { "content-type": "application/json" } },
        )) as typeof fetch,
    );
    await expect(blocked.outboxSender.send({ chatId: "1", reply: { kind: "text", text: "x" } })).rejects.toMatchObject({
      failure: "blocked",
    });
  });

  it("accepts webhook posts only with the secret token", async () => {
    const app = await testApp();
    const { fetch, calls } = recordingFetch();
    const adapter: TelegramAdapter = adapterFor(app, "http://127.0.0.1:1", fetch);
    await adapter.init();
    const port = await freePort();
    await adapter.startWebhook({
      url: "https://bot.example.org/telegram",
      secret: "s3cret-token-for-tests",
      host: "127.0.0.1",
      port,
    });
    try {
      const post = (secret?: string) =>
        globalThis.fetch(`http://127.0.0.1:${port}/`, {
          method: "POST",
          headers: {
            "content-type": "application/json",
            ...(secret ? { "x-telegram-bot-api-secret-token": secret } : {}),
          },
          body: JSON.stringify(update(900, "/start")),
        });
      expect((await post()).status).toBe(401);
      expect((await post("wrong")).status).toBe(401);
      expect((await post("s3cret-token-for-tests")).status).toBe(200);
      expect(calls.find((c) => c.method === "setWebhook")!.payload).toMatchObject({
        url: "https://bot.example.org/telegram",
        secret_token: "s3cret-token-for-tests",
      });
      expect(calls.filter((c) => c.method === "sendMessage")).toHaveLength(1);
    } finally {
      await adapter.stop();
    }
  });
});

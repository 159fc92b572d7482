// The baseline of bench/startup: a bare grammY bot (an echo handler, long polling), started with plain node like the
// built union bot. Reads BOT_TOKEN and BOT_API_ROOT.
import { Bot } from "grammy";

const bot = new Bot(process.env.BOT_TOKEN, { client: { apiRoot: process.env.BOT_API_ROOT } });
bot.on("message:text", (ctx) => ctx.reply(ctx.message.text));
process.once("SIGTERM", () => bot.stop());
await bot.start();

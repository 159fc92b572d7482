/**
 * The conversation engine's readers, on a small flow of its own run through the real core and database: a button
 * pressed after the conversation ended, a button of another question, a choice pressed that is not offered or typed
 * out of range, text at a step that takes only text (trimmed; empty asked again), an answer its schema refuses (the
 * reason and its limit, then the question again), and a file where the step asks for one.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";
import type { Answer, Flow } from "../src/conversations/engine.js";
import { choicePayload, choicesFor } from "../src/conversations/engine.js";
import { lastText, Talker, testApp, texts } from "./helpers/app.js";
import { closeAll } from "./helpers/db.js";

afterAll(closeAll);

interface Draft {
  name?: string;
  colour?: string;
}

/** What the flow's handlers were given, in order. */
const answers: Answer[] = [];

const flow: Flow<Draft> = {
  id: "engine-spec",
  key: "es",
  steps: {
    name: {
      accepts: "text",
      prompt: () => ({ text: "Tên?" }),
      schema: z.string().max(10, "opinion-write-shorter"),
      handle: (_ctx, state, answer) => {
        answers.push(answer);
        return { next: "colour", state: { ...state, name: answer.kind === "text" ? answer.text : "" } };
      },
    },
    colour: {
      accepts: "choice",
      prompt: () => ({
        text: "Màu?",
        choices: choicesFor(flow, "colour", [
          { id: "red", label: "Đỏ" },
          { id: "blue", label: "Xanh" },
        ]),
      }),
      handle: (_ctx, state, answer) => {
        answers.push(answer);
        return { next: "note", state: { ...state, colour: answer.kind === "choice" ? answer.id : "" } };
      },
    },
    note: {
      accepts: "text-or-file",
      prompt: () => ({ text: "Ghi chú hoặc tệp?" }),
      handle: (_ctx, _state, answer) => {
        answers.push(answer);
        return { done: true, say: [{ kind: "text", text: "Đã lưu." }] };
      },
    },
  },
};

type App = Awaited<ReturnType<typeof testApp>>;
let app: App;
const t = (key: string, args?: Record<string, string | number>) => app.i18n.t("vi", key, args);

beforeAll(async () => {
  app = await testApp();
  app.engine.register(flow);
  app.core.commands.add({
    names: ["thumay"],
    description: "help-title",
    role: "member",
    chats: ["private"],
    run: (ctx) => app.engine.start(ctx, flow.id, "name", {}),
  });
}, 120_000);

describe("the conversation engine's readers", () => {
  it("answers a button of a conversation that has ended, and one of another question", async () => {
    const person = Talker.private(app, "501", "Người thử");
    answers.length = 0;
    const none = await person.press(choicePayload(flow, "colour", "red"));
    expect(texts(none)).toEqual([t("conversation-none")]);

    await person.send("/thumay");
    // At the text step, a button of the colour question: not an answer to this one.
    const early = await person.press(choicePayload(flow, "colour", "red"));
    expect(texts(early)).toEqual([t("conversation-old-button"), "Tên?"]);
    await person.send("Lan");
    // At the colour question, a button of the name step (an earlier question).
    const late = await person.press(choicePayload(flow, "name", "x"));
    expect(texts(late)).toEqual([t("conversation-old-button"), "Màu?"]);
    expect(answers).toEqual([{ kind: "text", text: "Lan" }]);
  });

  it("asks again for a choice not offered or a number out of range, and takes one typed by number or label", async () => {
    const person = Talker.private(app, "502", "Người thử");
    answers.length = 0;
    await person.send("/thumay");
    await person.send("Minh");
    expect(texts(await person.press(choicePayload(flow, "colour", "green")))).toEqual([
      t("conversation-choose-one", { count: 2 }),
      "Màu?",
    ]);
    expect(texts(await person.send("7"))).toEqual([t("conversation-choose-one", { count: 2 }), "Màu?"]);
    expect(lastText(await person.send("2"))).toBe("Ghi chú hoặc tệp?");
    expect(answers.at(-1)).toEqual({ kind: "choice", id: "blue" });

    const other = Talker.private(app, "503", "Người thử");
    await other.send("/thumay");
    await other.send("Hoa");
    expect(lastText(await other.send("  đỏ "))).toBe("Ghi chú hoặc tệp?");
    expect(answers.at(-1)).toEqual({ kind: "choice", id: "red" });
  });

  it("reads text at a text-only step trimmed, and asks again when it is empty", async () => {
    const person = Talker.private(app, "504", "Người thử");
    answers.length = 0;
    await person.send("/thumay");
    expect(texts(await person.send("   "))).toEqual([t("conversation-empty"), "Tên?"]);
    expect(lastText(await person.send("  Hà  "))).toBe("Màu?");
    expect(answers).toEqual([{ kind: "text", text: "Hà" }]);
  });

  it("asks again with the schema's reason and limit when the answer is invalid", async () => {
    const person = Talker.private(app, "505", "Người thử");
    answers.length = 0;
    await person.send("/thumay");
    expect(texts(await person.send("Nguyễn Thị Thanh Hương"))).toEqual([
      t("opinion-write-shorter", { max: 10 }),
      "Tên?",
    ]);
    expect(answers).toEqual([]);
    expect(lastText(await person.send("Hương"))).toBe("Màu?");
  });

  it("takes a file where the step asks for one, and text there too", async () => {
    const person = Talker.private(app, "506", "Người thử");
    answers.length = 0;
    await person.send("/thumay");
    await person.send("Tú");
    await person.send("1");
    const attachment = { kind: "file" as const, fileRef: "f-1", fileName: "ghi-chu.pdf" };
    expect(texts(await person.send("", { text: undefined, attachment }))).toEqual(["Đã lưu."]);
    expect(answers.at(-1)).toEqual({ kind: "file", attachment });
  });
});

/** A fake of zca-js's API object: the listener is an EventEmitter, sendMessage records, getOwnId answers. */
import { EventEmitter } from "node:events";
import { GroupMessage, ThreadType, UserMessage, type TGroupMessage, type TMessage } from "zca-js";
import type { App } from "../../src/app.js";
import { createZaloAdapter, type ZaloAdapter } from "../../src/platforms/zalo/adapter.js";
import type { ZaloApi } from "../../src/platforms/zalo/sender.js";

export const BOT_UID = "9990001";

export class FakeListener extends EventEmitter {
  starts = 0;
  started = false;
  start(): void {
    if (this.started) throw new Error("Already started");
    this.started = true;
    this.starts++;
    queueMicrotask(() => this.emit("connected"));
  }
  stop(): void {
    this.started = false;
  }
  /** The socket drops the way zca-js reports it. */
  drop(code: number): void {
    this.started = false;
    this.emit("closed", code, "closed");
  }
}

export interface SentZalo {
  msg: string;
  threadId: string;
  type: ThreadType;
  attachments?: { filename: string; data: Buffer; metadata: { totalSize: number; width?: number; height?: number } }[];
  quote?: unknown;
}

export function fakeZaloApi() {
  const listener = new FakeListener();
  const sent: SentZalo[] = [];
  let id = 100;
  const api = {
    listener,
    getOwnId: () => BOT_UID,
    getGroupInfo: async () => ({ gridInfoMap: {} }),
    sendMessage: async (
      message: string | { msg: string; attachments?: unknown; quote?: unknown },
      threadId: string,
      type?: ThreadType,
    ) => {
      const m = typeof message === "string" ? { msg: message } : message;
      sent.push({
        msg: m.msg,
        threadId,
        type: type ?? ThreadType.User,
        attachments: m.attachments as SentZalo["attachments"],
        quote: m.quote,
      });
      const msgId = ++id;
      return { message: { msgId }, attachment: m.attachments ? [{ msgId }] : [] };
    },
  };
  return { api: api as unknown as ZaloApi, listener, sent };
}

let seq = 0;

function base(
  uidFrom: string,
  idTo: string,
  content: TMessage["content"],
  msgType = "webchat",
  dName = "Người dùng",
): TMessage {
  seq++;
  return {
    actionId: String(seq),
    msgId: String(5000 + seq),
    cliMsgId: String(seq),
    msgType,
    uidFrom,
    idTo,
    dName,
    ts: String(Date.now()),
    status: 1,
    content,
    notify: "1",
    ttl: 0,
    userId: "0",
    uin: "0",
    topOut: "0",
    topOutTimeOut: "0",
    topOutImprTimeOut: "0",
    propertyExt: undefined,
    paramsExt: { countUnread: 0, containType: 0, platformType: 1 },
    cmd: 501,
    st: 3,
    at: 0,
    realMsgId: "0",
    quote: undefined,
  };
}

/** A real zca-js GroupMessage, as the listener emits it. */
export function groupMessage(
  groupId: string,
  from: { uid: string; name: string },
  text: string,
  extra: Partial<TGroupMessage> = {},
): GroupMessage {
  return new GroupMessage(BOT_UID, {
    ...base(from.uid, groupId, text, "webchat", from.name),
    mentions: undefined,
    ...extra,
  });
}

export function userMessage(
  from: { uid: string; name: string },
  content: TMessage["content"],
  msgType = "webchat",
): UserMessage {
  return new UserMessage(BOT_UID, base(from.uid, BOT_UID, content, msgType, from.name));
}

export function zaloAdapterFor(app: App, api: ZaloApi, reconnect = { baseMs: 5, maxMs: 40 }): ZaloAdapter {
  return createZaloAdapter({
    api,
    core: app.core,
    db: app.db,
    i18n: app.i18n,
    language: "vi",
    logger: app.logger,
    sendIntervalMs: 0,
    reconnect,
    loadStoredFile: async (id) => (await app.db.storedFile.findUniqueOrThrow({ where: { id } })).data,
  });
}

export async function settle(adapter: ZaloAdapter): Promise<void> {
  for (let i = 0; i < 5; i++) {
    await new Promise((r) => setTimeout(r, 20));
    await adapter.idle();
  }
}

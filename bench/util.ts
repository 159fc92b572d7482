/** Shared helpers for the benchmarks: temporary files, timing, and one-line results. */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";

export function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const start = process.hrtime.bigint();
  const value = await fn();
  return { ms: Number(process.hrtime.bigint() - start) / 1e6, value };
}

export function report(name: string, fields: Record<string, string | number>, target: string, ok: boolean): void {
  const parts = Object.entries(fields).map(
    ([k, v]) => `${k}=${typeof v === "number" ? (Number.isInteger(v) ? v : v.toFixed(3)) : v}`,
  );
  console.log(`${name}: ${parts.join(" ")} target ${target} ${ok ? "MET" : "NOT MET"}`);
}

/** A fake Bot API answering every call at once (grammY's client.fetch). */
export function instantBotApi(): typeof fetch {
  let id = 1;
  return (async (input: any, init?: any) => {
    const method = String(input).slice(String(input).lastIndexOf("/") + 1);
    const payload = typeof init?.body === "string" ? JSON.parse(init.body) : {};
    const result =
      method === "getMe"
        ? {
            id: 42,
            is_bot: true,
            first_name: "Bench",
            username: "bench_bot",
            can_join_groups: true,
            can_read_all_group_messages: false,
            supports_inline_queries: false,
          }
        : method.startsWith("send")
          ? { message_id: ++id, date: 0, chat: { id: payload.chat_id, type: "private" } }
          : true;
    return new Response(JSON.stringify({ ok: true, result }), {
      status: 200,
      headers: { "content-type": "application/json" },
    });
  }) as unknown as typeof fetch;
}

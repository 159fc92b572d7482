/**
 * Start-up time and idle memory of the built bot (the command `npm start` runs), against a bare grammY bot started the same
 * way in the same run. "Ready" is the first getUpdates poll reaching a local Bot API (Telegram mode), or the playground
 * answering HTTP (playground mode). Memory is the resident set after 30 s idle.
 * Both run with the node flags of `npm start`. Targets: ready ≤ 1.5 s, and resident memory ≤ 1.5 × the bare bot's.
 */
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { report, tempDir } from "./util.js";

const ROOT = path.resolve(import.meta.dirname, "..");
const TOKEN = "123:startup-bench-abcdefghijklmnopqrstuvwxyz";
const RUNS = Number(process.env.BENCH_STARTUP_RUNS ?? 3);
const IDLE_MS = Number(process.env.BENCH_STARTUP_IDLE_MS ?? 30_000);

/** A Bot API that answers every method at once, holds getUpdates for a second, and tells when the first poll came. */
async function startLocalBotApi(): Promise<{ url: string; firstPoll: () => Promise<number>; close(): void }> {
  let waiting: ((at: number) => void) | undefined;
  const server = http.createServer((req, res) => {
    req.resume();
    req.on("end", () => {
      const method = (req.url ?? "").split("/").pop() ?? "";
      const answer = (result: unknown) => {
        res.writeHead(200, { "content-type": "application/json" });
        res.end(JSON.stringify({ ok: true, result }));
      };
      if (method === "getMe") return answer({ id: 1, is_bot: true, first_name: "Bench", username: "bench_bot" });
      if (method !== "getUpdates") return answer(true);
      waiting?.(performance.now());
      waiting = undefined;
      setTimeout(() => answer([]), 1000);
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    firstPoll: () => new Promise((r) => (waiting = r)),
    close: () => server.closeAllConnections() ?? server.close(),
  };
}

async function playgroundAnswers(port: number): Promise<number> {
  for (;;) {
    const ok = await fetch(`http://127.0.0.1:${port}/`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return performance.now();
    await new Promise((r) => setTimeout(r, 5));
  }
}

function residentKb(child: ChildProcess): number {
  const status = fs.readFileSync(`/proc/${child.pid}/status`, "utf8");
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? Number.NaN);
}

interface Variant {
  name: string;
  command: string[];
  env: (api: string, dir: string, port: number) => Record<string, string>;
  ready: "poll" | "http";
}

/** The command `npm start` runs after its build step, so the bench measures what people run. */
const START_COMMAND = (
  JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as {
    scripts: { start: string };
  }
).scripts.start.split(/\s+/);

const botEnv = (dir: string): Record<string, string> => ({
  DATABASE_URL: `file:${path.join(dir, "bot.db")}`,
  ZALO_CREDENTIALS_FILE: path.join(dir, "none.json"),
  LOG_LEVEL: "warn",
});

const VARIANTS: Variant[] = [
  {
    // Started the same way: `npm start`'s node and flags, with the bare bot's script instead of the union bot's.
    name: "bare grammY bot",
    command: [...START_COMMAND.slice(0, -1), "bench/bare-grammy-bot.mjs"],
    env: (api) => ({ BOT_TOKEN: TOKEN, BOT_API_ROOT: api }),
    ready: "poll",
  },
  {
    // For comparison only: the bare bot without the flags (they make it smaller too, by about 4 MB).
    name: "bare grammY bot, plain node",
    command: ["node", "bench/bare-grammy-bot.mjs"],
    env: (api) => ({ BOT_TOKEN: TOKEN, BOT_API_ROOT: api }),
    ready: "poll",
  },
  {
    name: "union bot, Telegram",
    command: START_COMMAND,
    env: (api, dir) => ({ ...botEnv(dir), TELEGRAM_BOT_TOKEN: TOKEN, TELEGRAM_API_ROOT: api, PLAYGROUND: "off" }),
    ready: "poll",
  },
  {
    name: "union bot, playground",
    command: START_COMMAND,
    env: (_api, dir, port) => ({ ...botEnv(dir), PLAYGROUND: "on", PLAYGROUND_PORT: String(port) }),
    ready: "http",
  },
];

async function freePort(): Promise<number> {
  const s = http.createServer();
  await new Promise<void>((r) => s.listen(0, "127.0.0.1", r));
  const port = (s.address() as AddressInfo).port;
  await new Promise((r) => s.close(r));
  return port;
}

/** Starts one process and resolves when it is ready, with the milliseconds it took. */
async function launch(v: Variant, dir: string): Promise<{ child: ChildProcess; ms: number; api: { close(): void } }> {
  const api = await startLocalBotApi();
  const port = await freePort();
  const polled = api.firstPoll();
  const started = performance.now();
  const [cmd, ...args] = v.command;
  const child = spawn(cmd!, args, {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", ...v.env(api.url, dir, port) },
    stdio: ["ignore", "ignore", "inherit"],
  });
  const readyAt = await Promise.race([
    v.ready === "poll" ? polled : playgroundAnswers(port),
    new Promise<number>((_, reject) => child.once("exit", (code) => reject(new Error(`${v.name} exited (${code})`)))),
  ]);
  return { child, ms: readyAt - started, api };
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((r) => child.once("exit", r));
  child.kill("SIGTERM");
  await Promise.race([exited, new Promise((r) => setTimeout(r, 3000))]);
  if (child.exitCode === null) child.kill("SIGKILL");
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

export async function benchStartup(): Promise<void> {
  execFileSync("npm", ["run", "--silent", "build"], { cwd: ROOT, stdio: "inherit" });
  const times = new Map<string, number[]>();
  for (const v of VARIANTS) {
    const dir = tempDir("startup-bench-");
    // The first start creates and seeds the database; the measured starts are restarts on that database.
    const first = await launch(v, dir);
    await stop(first.child);
    first.api.close();
    for (let i = 0; i < RUNS; i++) {
      const run = await launch(v, dir);
      times.set(v.name, [...(times.get(v.name) ?? []), run.ms]);
      await stop(run.child);
      run.api.close();
    }
    times.set(`${v.name} (first start)`, [first.ms]);
  }
  // Memory: all of them idle side by side for IDLE_MS, then their resident sets.
  const idle = await Promise.all(VARIANTS.map(async (v) => ({ v, ...(await launch(v, tempDir("startup-idle-"))) })));
  await new Promise((r) => setTimeout(r, IDLE_MS));
  const memory = new Map(idle.map((x) => [x.v.name, residentKb(x.child) / 1024]));
  for (const x of idle) {
    await stop(x.child);
    x.api.close();
  }
  const bareMb = memory.get(VARIANTS[0]!.name)!;
  const plainMb = memory.get(VARIANTS[1]!.name)!;
  for (const v of VARIANTS) {
    const ms = median(times.get(v.name)!);
    const mb = memory.get(v.name)!;
    const firstMs = times.get(`${v.name} (first start)`)![0]!;
    const fields = { ready_ms: Math.round(ms), first_start_ms: Math.round(firstMs), rss_mb: Math.round(mb) };
    if (v === VARIANTS[0] || v === VARIANTS[1]) {
      report(`startup ${v.name}`, fields, v === VARIANTS[0] ? "baseline" : "comparison", true);
      continue;
    }
    const ratio = mb / bareMb;
    report(
      `startup ${v.name}`,
      { ...fields, rss_ratio: ratio, rss_ratio_plain_node: mb / plainMb },
      "ready ≤ 1500 ms, rss ≤ 1.5×",
      ms <= 1500 && ratio <= 1.5,
    );
  }
}

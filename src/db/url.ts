import path from "node:path";

/** The embedded default: an SQLite file under ./data of the working directory. */
export function defaultDatabaseUrl(cwd: string): string {
  return `file:${path.join(cwd, "data", "union-bot.db")}`;
}

/** The file path of a `file:` SQLite URL, resolved against cwd. */
export function sqliteFilePath(url: string, cwd = process.cwd()): string {
  if (!url.startsWith("file:")) throw new Error(`Only SQLite "file:" URLs are supported, got "${url.split(":")[0]}:"`);
  const raw = url.slice("file:".length).split("?")[0] ?? "";
  return path.isAbsolute(raw) ? raw : path.resolve(cwd, raw);
}

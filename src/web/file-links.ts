/**
 * Signed, short-lived links under PUBLIC_URL to files the bot made (a chart's PNG, an export), for channels that
 * cannot send files (Zalo Bot: sendPhoto takes a URL; exports go as links).
 *
 * The file is kept in the database (SharedFile) with an expiry, so any process of a deployment serves a link another
 * one made, and a restart loses none. A link is `/files/<id>.<expires>.<signature>/<name>`: the signature is an
 * HMAC-SHA256 of id and expiry under a key derived from the web view's session secret (WEB_SESSION_SECRET or the one
 * kept in the database), so ids cannot be walked and an expiry cannot be stretched. `handle` is a request handler for
 * the web server: true when it served the request (or refused it: 404 for a link that is not ours or is gone, 410
 * for an expired one).
 */
import crypto from "node:crypto";
import type http from "node:http";
import type { Clock } from "../clock.js";
import type { Db } from "../db/client.js";

export const FILE_LINK_PREFIX = "/files/";
/** How long a link works unless set otherwise. */
export const FILE_LINK_HOURS = 24;

export interface FileLinksOptions {
  db: Db;
  clock: Clock;
  /** PUBLIC_URL, without a trailing slash. */
  publicUrl: string;
  /** The web view's session secret (WebAccessService.sessionSecret). */
  secret: () => Promise<string>;
  hours?: number;
}

export interface SharedLink {
  url: string;
  hours: number;
  expiresAt: Date;
}

/** A file name safe in a URL path and a header: letters, digits, dot, dash, underscore. */
function safeName(name: string): string {
  const plain = name
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .replace(/[đĐ]/g, "d")
    .replace(/[^A-Za-z0-9._-]+/g, "-")
    .replace(/^[-.]+/, "")
    .slice(0, 100);
  return plain || "tep";
}

export class FileLinks {
  private key?: Buffer;

  constructor(private readonly o: FileLinksOptions) {}

  private async signingKey(): Promise<Buffer> {
    this.key ??= crypto
      .createHmac("sha256", await this.o.secret())
      .update("file-links")
      .digest();
    return this.key;
  }

  private async sign(id: number, expires: number): Promise<string> {
    return crypto
      .createHmac("sha256", await this.signingKey())
      .update(`${id}.${expires}`)
      .digest("base64url");
  }

  /** Stores the file and answers its link; expired files are deleted on the way. */
  async share(file: { fileName: string; mimeType: string; data: Uint8Array }): Promise<SharedLink> {
    const now = this.o.clock.now();
    const hours = this.o.hours ?? FILE_LINK_HOURS;
    const expiresAt = new Date(now.getTime() + hours * 3_600_000);
    await this.o.db.sharedFile.deleteMany({ where: { expiresAt: { lte: now } } });
    const row = await this.o.db.sharedFile.create({
      data: {
        name: file.fileName,
        mimeType: file.mimeType,
        data: new Uint8Array(file.data),
        createdAt: now,
        expiresAt,
      },
      select: { id: true },
    });
    const expires = Math.floor(expiresAt.getTime() / 1000);
    const token = `${row.id}.${expires}.${await this.sign(row.id, expires)}`;
    return { url: `${this.o.publicUrl}${FILE_LINK_PREFIX}${token}/${safeName(file.fileName)}`, hours, expiresAt };
  }

  /** Serves `/files/…`; false for any other path. */
  handle = async (req: http.IncomingMessage, res: http.ServerResponse): Promise<boolean> => {
    const path = new URL(req.url ?? "/", "http://x").pathname;
    if (!path.startsWith(FILE_LINK_PREFIX)) return false;
    const end = (status: number, headers: Record<string, string | number> = {}, body?: Uint8Array) => {
      res.writeHead(status, { "x-content-type-options": "nosniff", "cache-control": "private, no-store", ...headers });
      res.end(req.method === "HEAD" ? undefined : (body ?? `${status}\n`));
      return true;
    };
    if (req.method !== "GET" && req.method !== "HEAD") return end(405, { allow: "GET, HEAD" });
    const m = /^\/files\/(\d{1,12})\.(\d{1,12})\.([A-Za-z0-9_-]{43})(\/[^/]*)?$/.exec(path);
    if (!m) return end(404);
    const id = Number(m[1]);
    const expires = Number(m[2]);
    const given = Buffer.from(m[3]!);
    const expected = Buffer.from(await this.sign(id, expires));
    if (given.length !== expected.length || !crypto.timingSafeEqual(given, expected)) return end(404);
    const now = this.o.clock.now();
    if (expires * 1000 <= now.getTime()) return end(410);
    const file = await this.o.db.sharedFile.findUnique({ where: { id } });
    if (!file || file.expiresAt <= now) return end(410);
    const inline = file.mimeType.startsWith("image/");
    const name = safeName(file.name);
    return end(
      200,
      {
        "content-type": file.mimeType,
        "content-length": file.data.byteLength,
        "content-disposition": `${inline ? "inline" : "attachment"}; filename="${name}"; filename*=UTF-8''${encodeURIComponent(file.name)}`,
      },
      file.data,
    );
  };
}

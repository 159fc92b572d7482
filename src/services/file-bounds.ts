/**
 * Bounds on every file the bot reads (issue 25.3), checked before a parser sees it: a 300 KB .docx may hold 150 MB of
 * text, a small PDF a deflate bomb, and mammoth, exceljs and pdf.js would unpack all of it into memory.
 *
 * - `maxBytes`: the file as sent.
 * - `maxUnpackedBytes`: what a .docx/.xlsx unpacks to, every part together, and what a PDF's streams other than images,
 *   fonts and attachments unpack to. Read from the zip's central directory and then proved by inflating each part with
 *   a cap (a header may lie), each PDF stream likewise; nothing inflated is kept.
 * - `maxPages`: a PDF's pages; `maxChars`: characters of text kept from any file.
 *
 * A file over a bound throws FileLimitError naming the bound, so the person hears which one.
 */
import zlib from "node:zlib";

export interface FileLimits {
  maxBytes: number;
  maxUnpackedBytes: number;
  maxPages: number;
  maxChars: number;
}

export const DEFAULT_FILE_LIMITS: FileLimits = {
  maxBytes: 20 * 1024 * 1024,
  maxUnpackedBytes: 20 * 1024 * 1024,
  maxPages: 300,
  maxChars: 1_000_000,
};

/**
 * One PDF stream of text or drawing larger than this is refused whatever the total: pdf.js spends some 50 bytes of
 * memory per byte of a page's text (a 2 MB page of 'A's peaks at 220 MB), and a real page's stream is tens of KB.
 */
export const MAX_PDF_STREAM_BYTES = 2 * 1024 * 1024;

/** More parts than a document or a sheet ever has: each costs the zip reader an object. */
export const MAX_ZIP_PARTS = 10_000;

export type FileLimit = "bytes" | "unpacked" | "pages" | "chars" | "parts";

export class FileLimitError extends Error {
  constructor(
    readonly limit: FileLimit,
    /** The bound, in the unit people read it in: MB for sizes, a count otherwise. */
    readonly max: number,
  ) {
    super(`over the ${limit} limit (${max}${limit === "bytes" || limit === "unpacked" ? " MB" : ""})`);
    this.name = "FileLimitError";
  }
}

/** A zip that cannot be walked (truncated, random bytes): the parser would fail on it too. */
export class BrokenFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "BrokenFileError";
  }
}

const mb = (bytes: number) => Math.round((bytes / 1024 / 1024) * 10) / 10;

export function tooManyBytes(maxBytes: number): FileLimitError {
  return new FileLimitError("bytes", mb(maxBytes));
}

export function checkSize(data: Uint8Array, limits: FileLimits): void {
  if (data.byteLength > limits.maxBytes) throw tooManyBytes(limits.maxBytes);
}

export function checkChars(text: string, limits: FileLimits): void {
  if (text.length > limits.maxChars) throw new FileLimitError("chars", limits.maxChars);
}

/**
 * Walks a zip's central directory (.docx, .xlsx) and inflates every part with a cap, counting what comes out: over
 * `maxUnpackedBytes` together, or a part larger than its header says, is refused before the zip reader opens it.
 */
export function checkZip(data: Uint8Array, limits: FileLimits): void {
  checkSize(data, limits);
  const buf = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  const end = endOfCentralDirectory(buf);
  const count = buf.readUInt16LE(end + 10);
  const cdSize = buf.readUInt32LE(end + 12);
  const cdOffset = buf.readUInt32LE(end + 16);
  if (count === 0xffff || cdOffset === 0xffffffff) throw new FileLimitError("unpacked", mb(limits.maxUnpackedBytes));
  if (count > MAX_ZIP_PARTS) throw new FileLimitError("parts", MAX_ZIP_PARTS);
  if (cdOffset + cdSize > end) throw new BrokenFileError("the zip's directory lies outside the file");
  let at = cdOffset;
  let total = 0;
  for (let i = 0; i < count; i++) {
    if (at + 46 > end || buf.readUInt32LE(at) !== 0x02014b50) throw new BrokenFileError("a broken zip directory");
    const method = buf.readUInt16LE(at + 10);
    const packed = buf.readUInt32LE(at + 20);
    const size = buf.readUInt32LE(at + 24);
    const nameLength = buf.readUInt16LE(at + 28);
    const local = buf.readUInt32LE(at + 42);
    at += 46 + nameLength + buf.readUInt16LE(at + 30) + buf.readUInt16LE(at + 32);
    total += size;
    if (size === 0xffffffff || total > limits.maxUnpackedBytes)
      throw new FileLimitError("unpacked", mb(limits.maxUnpackedBytes));
    if (local + 30 > buf.length || buf.readUInt32LE(local) !== 0x04034b50)
      throw new BrokenFileError("a zip part lies outside the file");
    const start = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    if (start + packed > buf.length) throw new BrokenFileError("a zip part is cut short");
    if (method === 0) continue; // stored: its size is its size
    if (method !== 8) throw new BrokenFileError(`a zip part packed by method ${method}`);
    // Inflated with the header's size as cap: a part that would come out larger is a bomb whatever it claims.
    const out = inflateCapped(buf.subarray(start, start + packed), size, true);
    if (out === "over") throw new FileLimitError("unpacked", mb(limits.maxUnpackedBytes));
  }
}

function endOfCentralDirectory(buf: Buffer): number {
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 0xffff); i--)
    if (buf.readUInt32LE(i) === 0x06054b50) return i;
  throw new BrokenFileError("not a zip file (or a truncated one)");
}

/** The size `data` inflates to, "over" when more than `cap`, undefined when it is not deflate data at all. */
function inflateCapped(data: Buffer, cap: number, raw: boolean): number | "over" | undefined {
  try {
    const opts = { maxOutputLength: Math.max(1, cap + 1), finishFlush: zlib.constants.Z_SYNC_FLUSH };
    const out = raw ? zlib.inflateRawSync(data, opts) : zlib.inflateSync(data, opts);
    return out.length > cap ? "over" : out.length;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ERR_BUFFER_TOO_LARGE" || err instanceof RangeError) return "over";
    return undefined;
  }
}

/**
 * A PDF's streams, found by their keywords without parsing the file: each one pdf.js would unpack while reading text
 * (page contents, forms, object and cross-reference streams) is inflated with a cap. Images, fonts and attached files
 * are skipped: reading text never decodes them.
 */
export function checkPdf(data: Uint8Array, limits: FileLimits): void {
  checkSize(data, limits);
  const buf = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  const text = buf.toString("latin1");
  const streamCap = Math.min(MAX_PDF_STREAM_BYTES, limits.maxUnpackedBytes);
  let total = 0;
  for (const stream of pdfStreams(text)) {
    if (NEVER_UNPACKED_FOR_TEXT.test(stream.dict)) continue;
    const size = unpackedSize(buf.subarray(stream.start, stream.end), stream.dict, streamCap);
    if (size === "over") throw new FileLimitError("unpacked", mb(streamCap));
    if (size === undefined) continue;
    if (size > streamCap) throw new FileLimitError("unpacked", mb(streamCap));
    total += size;
    if (total > limits.maxUnpackedBytes) throw new FileLimitError("unpacked", mb(limits.maxUnpackedBytes));
  }
}

/** Images, fonts and attached files: reading text never decodes them. */
const NEVER_UNPACKED_FOR_TEXT =
  /\/Subtype\s*\/(Image|Type1C|CIDFontType0C|OpenType)\b|\/Length[123]\b|\/Type\s*\/EmbeddedFile\b/;

/** Each "stream … endstream" of a PDF read as latin1: its dictionary and where its body starts and ends. */
function* pdfStreams(text: string): Generator<{ dict: string; start: number; end: number }> {
  let from = 0;
  for (;;) {
    const key = text.indexOf("stream", from);
    if (key < 0) return;
    from = key + 6;
    if (text.startsWith("end", key - 3)) continue;
    const start = streamBodyStart(text, key);
    if (start === undefined) continue;
    const dictStart = text.lastIndexOf("obj", key);
    const dict = dictStart < 0 || key - dictStart > 8192 ? "" : text.slice(dictStart, key);
    const stop = text.indexOf("endstream", start);
    const end = stop < 0 ? text.length : stop;
    from = end;
    yield { dict, start, end };
  }
}

/** Where a stream's body starts: after the keyword's line end; undefined for "stream" inside a word or a string. */
function streamBodyStart(text: string, key: number): number | undefined {
  let start = key + 6;
  if (text[start] === "\r") start++;
  if (text[start] === "\n") return start + 1;
  return start === key + 6 ? undefined : start;
}

/** A stream's unpacked size: its length unfiltered, inflated with a cap when Flate; undefined for other filters. */
function unpackedSize(body: Buffer, dict: string, cap: number): number | "over" | undefined {
  const filters = /\/Filter\s*(\[[^\]]*\]|\/\w+)/.exec(dict)?.[1] ?? "";
  if (!filters) return body.length;
  if (/^\/?\[?\s*\/(FlateDecode|Fl)\s*\]?$/.test(filters)) return inflateCapped(body, cap, false);
  return undefined; // another filter (images' DCT, old LZW): not measured
}

/**
 * The body of a download, read chunk by chunk and given up as soon as it passes `maxBytes` (a declared
 * Content-Length over it is refused before reading).
 */
export async function readCapped(res: Response, maxBytes: number): Promise<Uint8Array> {
  const declared = Number(res.headers.get("content-length"));
  if (declared > maxBytes) {
    await res.body?.cancel();
    throw new FileLimitError("bytes", mb(maxBytes));
  }
  if (!res.body) return new Uint8Array(await res.arrayBuffer());
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = res.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      throw new FileLimitError("bytes", mb(maxBytes));
    }
    chunks.push(value);
  }
  return new Uint8Array(Buffer.concat(chunks));
}

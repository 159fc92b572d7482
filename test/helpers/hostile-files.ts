/**
 * Hostile files for the readers' bounds (issue 25.3), made on the fly so nothing large is committed: zip bombs shaped
 * as a .docx and an .xlsx (a long run of one character, deflated), a PDF whose one page is millions of 'A's, one whose
 * content stream is a deflate bomb, truncated and random files. Each is written to `dir` and its path returned.
 */
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import zlib from "node:zlib";

interface ZipPart {
  name: string;
  /** Small parts: their bytes. */
  data?: Buffer;
  /** A huge part: `head`, then `repeat` × `count` bytes of one character, then `tail`; deflated chunk by chunk. */
  run?: { head: string; char: string; count: number; tail: string };
  /** The uncompressed size written in the headers, when it should lie (a bomb claiming to be small). */
  claimedSize?: number;
}

async function deflateRun(run: NonNullable<ZipPart["run"]>): Promise<{ data: Buffer; crc: number; size: number }> {
  const deflate = zlib.createDeflateRaw({ level: 9 });
  const out: Buffer[] = [];
  deflate.on("data", (b: Buffer) => out.push(b));
  const done = new Promise((resolve) => deflate.on("end", resolve));
  let crc = 0;
  let size = 0;
  const write = async (b: Buffer) => {
    crc = zlib.crc32(b, crc);
    size += b.length;
    if (!deflate.write(b)) await new Promise((r) => deflate.once("drain", r));
  };
  await write(Buffer.from(run.head));
  const chunk = Buffer.alloc(1 << 20, run.char);
  for (let left = run.count; left > 0; left -= chunk.length)
    await write(left >= chunk.length ? chunk : chunk.subarray(0, left));
  await write(Buffer.from(run.tail));
  deflate.end();
  await done;
  return { data: Buffer.concat(out), crc, size };
}

/** A zip archive (deflated entries) with local headers and a central directory, as Word and Excel write them. */
export async function makeZip(parts: ZipPart[]): Promise<Buffer> {
  const locals: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const p of parts) {
    const packed = p.run
      ? await deflateRun(p.run)
      : { data: zlib.deflateRawSync(p.data!), crc: zlib.crc32(p.data!), size: p.data!.length };
    const name = Buffer.from(p.name);
    const size = p.claimedSize ?? packed.size;
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(packed.crc >>> 0, 14);
    local.writeUInt32LE(packed.data.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    const entry = Buffer.alloc(46);
    entry.writeUInt32LE(0x02014b50, 0);
    entry.writeUInt16LE(20, 4);
    entry.writeUInt16LE(20, 6);
    entry.writeUInt16LE(8, 10);
    entry.writeUInt32LE(packed.crc >>> 0, 16);
    entry.writeUInt32LE(packed.data.length, 20);
    entry.writeUInt32LE(size, 24);
    entry.writeUInt16LE(name.length, 28);
    entry.writeUInt32LE(offset, 42);
    locals.push(local, name, packed.data);
    central.push(entry, name);
    offset += local.length + name.length + packed.data.length;
  }
  const cd = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(parts.length, 8);
  end.writeUInt16LE(parts.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}

const W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
const REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

/** A .docx whose one paragraph is `count` × `char` (150 MB of 'A' deflates to about 150 KB). */
export function docxBomb(count: number, claimedSize?: number): Promise<Buffer> {
  return makeZip([
    {
      name: "[Content_Types].xml",
      data: Buffer.from(
        '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
          '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
          '<Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ' +
          'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
      ),
    },
    {
      name: "_rels/.rels",
      data: Buffer.from(
        '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
          `<Relationship Id="rId1" Type="${REL}/officeDocument" Target="word/document.xml"/></Relationships>`,
      ),
    },
    {
      name: "word/document.xml",
      run: {
        head: `<?xml version="1.0"?><w:document xmlns:w="${W}"><w:body><w:p><w:r><w:t>`,
        char: "A",
        count,
        tail: "</w:t></w:r></w:p></w:body></w:document>",
      },
      claimedSize,
    },
  ]);
}

/** An .xlsx whose first cell holds `count` × `char`. */
export function xlsxBomb(count: number, claimedSize?: number): Promise<Buffer> {
  const S = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
  return makeZip([
    {
      name: "[Content_Types].xml",
      data: Buffer.from(
        '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
          '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
          '<Default Extension="xml" ContentType="application/xml"/>' +
          '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
          '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>' +
          "</Types>",
      ),
    },
    {
      name: "_rels/.rels",
      data: Buffer.from(
        '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
          `<Relationship Id="rId1" Type="${REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
      ),
    },
    {
      name: "xl/workbook.xml",
      data: Buffer.from(
        `<?xml version="1.0"?><workbook xmlns="${S}" xmlns:r="${REL}"><sheets>` +
          '<sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>',
      ),
    },
    {
      name: "xl/_rels/workbook.xml.rels",
      data: Buffer.from(
        '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
          `<Relationship Id="rId1" Type="${REL}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>`,
      ),
    },
    {
      name: "xl/worksheets/sheet1.xml",
      run: {
        head: `<?xml version="1.0"?><worksheet xmlns="${S}"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>`,
        char: "A",
        count,
        tail: "</t></is></c></row></sheetData></worksheet>",
      },
      claimedSize,
    },
  ]);
}

/** A one-page PDF whose content stream shows `count` 'A's (deflated when `deflate`, as a bomb would be). */
export function pdfOfAs(count: number, deflate = false): Buffer {
  const content = Buffer.concat([
    Buffer.from("BT /F1 12 Tf 72 720 Td ("),
    Buffer.alloc(count, "A"),
    Buffer.from(") Tj ET"),
  ]);
  const stream = deflate ? zlib.deflateSync(content, { level: 9 }) : content;
  const objects: Buffer[] = [
    Buffer.from("<< /Type /Catalog /Pages 2 0 R >>"),
    Buffer.from("<< /Type /Pages /Kids [3 0 R] /Count 1 >>"),
    Buffer.from(
      "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
    ),
    Buffer.concat([
      Buffer.from(`<< /Length ${stream.length}${deflate ? " /Filter /FlateDecode" : ""} >>\nstream\n`),
      stream,
      Buffer.from("\nendstream"),
    ]),
    Buffer.from("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"),
  ];
  const parts: Buffer[] = [Buffer.from("%PDF-1.4\n")];
  const offsets: number[] = [];
  let at = parts[0]!.length;
  objects.forEach((o, i) => {
    offsets.push(at);
    const b = Buffer.concat([Buffer.from(`${i + 1} 0 obj\n`), o, Buffer.from("\nendobj\n")]);
    parts.push(b);
    at += b.length;
  });
  const xref = `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, "0")} 00000 n \n`).join("")}`;
  parts.push(Buffer.from(`${xref}trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${at}\n%%EOF\n`));
  return Buffer.concat(parts);
}

/** The hostile set: name → path, written into `dir`. */
export async function writeHostileFiles(dir: string): Promise<Record<string, string>> {
  const files: Record<string, Buffer> = {
    "bomb.docx": await docxBomb(150 * 1024 * 1024),
    "lying-bomb.docx": await docxBomb(150 * 1024 * 1024, 1000),
    "bomb.xlsx": await xlsxBomb(150 * 1024 * 1024),
    "as.pdf": pdfOfAs(15 * 1024 * 1024),
    "deflate-bomb.pdf": pdfOfAs(60 * 1024 * 1024, true),
    // The most a file may hold within the default bounds: read (or refused only after reading) under 300 MB.
    "largest.docx": await docxBomb(19 * 1024 * 1024),
    "largest.xlsx": await xlsxBomb(7 * 1024 * 1024),
    "largest.pdf": pdfOfAs(2 * 1024 * 1024 - 100),
    "random.docx": crypto.randomBytes(1 << 20),
    "random.xlsx": crypto.randomBytes(1 << 20),
    "random.pdf": crypto.randomBytes(1 << 20),
  };
  files["truncated.docx"] = files["bomb.docx"]!.subarray(0, files["bomb.docx"]!.length >> 1);
  files["truncated.pdf"] = files["as.pdf"]!.subarray(0, files["as.pdf"]!.length >> 1);
  files["truncated.xlsx"] = files["bomb.xlsx"]!.subarray(0, files["bomb.xlsx"]!.length >> 1);
  const out: Record<string, string> = {};
  for (const [name, data] of Object.entries(files)) {
    out[name] = path.join(dir, name);
    fs.writeFileSync(out[name]!, data);
  }
  return out;
}

/**
 * The QR code Zalo's server drew (a PNG), redrawn in the terminal module by module. Nothing is re-encoded, so the
 * terminal shows exactly what the Zalo app expects to scan, whatever the server put in it.
 */
import zlib from "node:zlib";

export interface Bitmap {
  width: number;
  height: number;
  /** true = dark */
  dark(x: number, y: number): boolean;
}

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

/** Reads an 8-bit, non-interlaced PNG (grey, grey+alpha, RGB, RGBA or palette): enough for a server's QR image. */
export function readPng(png: Buffer): Bitmap {
  if (png.readUInt32BE(0) !== 0x89504e47) throw new Error("not a PNG");
  const { width, height, colorType, palette, idat } = readChunks(png);
  const channels = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 }[colorType];
  if (!channels) throw new Error(`PNG colour type ${colorType}`);
  const stride = width * channels;
  const px = unfilter(zlib.inflateSync(Buffer.concat(idat)), stride, height, channels);
  const luminance = (x: number, y: number): number => {
    const o = y * stride + x * channels;
    if (colorType === 3 && palette) {
      const p = px[o]! * 3;
      return (palette[p]! + palette[p + 1]! + palette[p + 2]!) / 3;
    }
    if (colorType === 0 || colorType === 4) return colorType === 4 && px[o + 1] === 0 ? 255 : px[o]!;
    if (colorType === 6 && px[o + 3] === 0) return 255;
    return (px[o]! + px[o + 1]! + px[o + 2]!) / 3;
  };
  return { width, height, dark: (x, y) => luminance(x, y) < 128 };
}

/** A PNG's chunks: the header's size and colour type, the palette, and the image data. */
function readChunks(png: Buffer) {
  let pos = 8;
  let width = 0;
  let height = 0;
  let colorType = 0;
  let palette: Buffer | undefined;
  const idat: Buffer[] = [];
  while (pos < png.length) {
    const len = png.readUInt32BE(pos);
    const type = png.toString("ascii", pos + 4, pos + 8);
    const data = png.subarray(pos + 8, pos + 8 + len);
    if (type === "IHDR") {
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
      if (data[8] !== 8 || data[12] !== 0) throw new Error("only 8-bit non-interlaced PNG");
      colorType = data.readUInt8(9);
    } else if (type === "PLTE") palette = Buffer.from(data);
    else if (type === "IDAT") idat.push(Buffer.from(data));
    pos += 12 + len;
  }
  return { width, height, colorType, palette, idat };
}

/** The pixels' bytes with each row's filter (none, sub, up, average, Paeth) undone. */
function unfilter(raw: Buffer, stride: number, height: number, channels: number): Buffer {
  const px = Buffer.alloc(stride * height);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)]!;
    for (let i = 0; i < stride; i++) {
      const x = raw[y * (stride + 1) + 1 + i]!;
      const a = i >= channels ? px[y * stride + i - channels]! : 0;
      const b = y > 0 ? px[(y - 1) * stride + i]! : 0;
      const c = i >= channels && y > 0 ? px[(y - 1) * stride + i - channels]! : 0;
      const v = [x, x + a, x + b, x + ((a + b) >> 1), x + paeth(a, b, c)][filter] ?? x;
      px[y * stride + i] = v & 0xff;
    }
  }
  return px;
}

/** The QR's modules: the dark bounding box, and the module size from the top-left finder pattern (7 modules wide). */
export function qrModules(img: Bitmap): boolean[][] {
  let top = -1;
  let left = img.width;
  let right = -1;
  for (let y = 0; y < img.height; y++)
    for (let x = 0; x < img.width; x++)
      if (img.dark(x, y)) {
        if (top < 0) top = y;
        left = Math.min(left, x);
        right = Math.max(right, x);
      }
  if (top < 0) throw new Error("the QR image is blank");
  let run = 0;
  while (left + run <= right && img.dark(left + run, top)) run++;
  const size = run / 7;
  const count = Math.round((right - left + 1) / size);
  return Array.from({ length: count }, (_, r) =>
    Array.from({ length: count }, (_, c) =>
      img.dark(Math.floor(left + (c + 0.5) * size), Math.floor(top + (r + 0.5) * size)),
    ),
  );
}

/** Two module rows per text line with half blocks, on a light quiet zone, so phones read it from a dark terminal. */
export function terminalQr(modules: boolean[][]): string {
  const n = modules.length;
  const at = (r: number, c: number) => r >= 0 && r < n && c >= 0 && c < n && modules[r]![c]!;
  const lines: string[] = [];
  for (let r = -2; r < n + 2; r += 2) {
    let line = "";
    for (let c = -2; c < n + 2; c++) {
      const up = at(r, c);
      const down = at(r + 1, c);
      line += up && down ? " " : up ? "▄" : down ? "▀" : "█";
    }
    lines.push(line);
  }
  return lines.join("\n");
}

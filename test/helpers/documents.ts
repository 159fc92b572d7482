/** Real .docx and .pdf files made from plan text, for the readers' tests. */

import fs from "node:fs";
import { createRequire } from "node:module";
import fontkit from "@pdf-lib/fontkit";
import { Document, Packer, Paragraph, TextRun } from "docx";
import { PDFDocument } from "pdf-lib";

const require = createRequire(import.meta.url);
export const FONT_FILE = require.resolve("dejavu-fonts-ttf/ttf/DejaVuSans.ttf");

/** As people type in Word: a paragraph per line, an empty paragraph for a blank line. */
export async function makeDocx(text: string): Promise<Buffer> {
  const paragraphs = text.split("\n").map((line) => new Paragraph({ children: line ? [new TextRun(line)] : [] }));
  return Packer.toBuffer(new Document({ sections: [{ children: paragraphs }] }));
}

/** An A4 PDF: each line of the text wrapped to the page width, a larger gap between paragraphs. */
export async function makePdf(text: string): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  pdf.registerFontkit(fontkit);
  const font = await pdf.embedFont(fs.readFileSync(FONT_FILE), { subset: true });
  const size = 10;
  const lineHeight = 13;
  const width = 595 - 2 * 56;
  let page = pdf.addPage([595, 842]);
  let y = 842 - 56;
  const newLine = (gap: number) => {
    y -= gap;
    if (y < 56) {
      page = pdf.addPage([595, 842]);
      y = 842 - 56;
    }
  };
  for (const block of text.split(/\n\s*\n/)) {
    for (const line of block.split("\n")) {
      let current = "";
      for (const word of line.split(" ")) {
        const next = current ? `${current} ${word}` : word;
        if (font.widthOfTextAtSize(next, size) > width && current) {
          page.drawText(current, { x: 56, y, size, font });
          newLine(lineHeight);
          current = word;
        } else current = next;
      }
      page.drawText(current, { x: 56, y, size, font });
      newLine(lineHeight);
    }
    newLine(lineHeight);
  }
  return pdf.save();
}

/** A tally's files (xlsx, csv, docx): exceljs and docx are loaded on the first export, not at start-up. */
import type { Db } from "../db/client.js";
import type { ExportFiles, ExportOptions } from "../reports/exports.js";
import type { Tally } from "./tally.js";

/** Builds the files of a tally over the database. */
export class ReportExportService {
  constructor(private readonly db: Db) {}

  /** The tally's opinions, meetings and figures as the files staff download. */
  async build(tally: Tally, options: ExportOptions): Promise<ExportFiles> {
    const { buildExports } = await import("../reports/exports.js");
    return buildExports(this.db, tally, options);
  }
}

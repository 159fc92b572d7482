/** A tally's files (xlsx, csv, docx): exceljs and docx are loaded on the first export, not at start-up. */
import type { Db } from "../db/client.js";
import type { ExportFiles, ExportOptions } from "../reports/exports.js";
import type { Tally, TallyService } from "./tally.js";

/** Builds the files of a tally over the database. */
export class ReportExportService {
  constructor(
    private readonly db: Db,
    private readonly tallies?: TallyService,
  ) {}

  /**
   * The tally's opinions, meetings and figures as the files staff download. The tally's reader is given back after
   * (its SQLite page cache, filled by the tally an export follows), as the export's own is.
   */
  async build(tally: Tally, options: ExportOptions): Promise<ExportFiles> {
    const { buildExports } = await import("../reports/exports.js");
    try {
      return await buildExports(this.db, tally, options);
    } finally {
      this.tallies?.releaseReader();
    }
  }
}

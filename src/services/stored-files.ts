/** Files people sent that the bot keeps: plans to announce, submitted reports (sent on later from the database). */
import type { Db } from "../db/client.js";

/** A file as received: its name, its type, its bytes. */
export interface ReceivedFile {
  name: string;
  mimeType?: string;
  data: Uint8Array;
}

/** Keeps what people sent, to be sent on or read later. */
export class StoredFileService {
  constructor(private readonly db: Db) {}

  /** Keeps the file; returns its id and the type it was stored with (octet-stream when the platform gave none). */
  async store(file: ReceivedFile): Promise<{ id: number; mimeType: string }> {
    const stored = await this.db.storedFile.create({
      data: {
        name: file.name,
        mimeType: file.mimeType ?? "application/octet-stream",
        size: file.data.byteLength,
        data: Uint8Array.from(file.data),
      },
      select: { id: true, mimeType: true },
    });
    return stored;
  }
}

/** Zalo login: the credentials a QR login yields (cookie, imei, userAgent) kept in a file with mode 0600. */
import fs from "node:fs";
import path from "node:path";
import { Zalo, type API, type Credentials } from "zca-js";
import { z } from "zod";

export class ZaloLoginError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ZaloLoginError";
  }
}

const NEW_LOGIN = "Run `npm run zalo:login` and scan a new QR code with the Zalo app.";

const credentialsSchema = z.object({
  imei: z.string().min(1),
  userAgent: z.string().min(1),
  cookie: z.union([
    z.array(z.record(z.string(), z.unknown())),
    z.object({ url: z.string(), cookies: z.array(z.record(z.string(), z.unknown())) }),
  ]),
  language: z.string().optional(),
});

export function readCredentials(file: string): Credentials {
  if (!fs.existsSync(file)) throw new ZaloLoginError(`No Zalo login saved at ${file}. ${NEW_LOGIN}`);
  let data: unknown;
  try {
    data = JSON.parse(fs.readFileSync(file, "utf8"));
  } catch {
    throw new ZaloLoginError(`The saved Zalo login at ${file} is not readable. ${NEW_LOGIN}`);
  }
  const parsed = credentialsSchema.safeParse(data);
  if (!parsed.success) throw new ZaloLoginError(`The saved Zalo login at ${file} is incomplete. ${NEW_LOGIN}`);
  return parsed.data as unknown as Credentials;
}

export function saveCredentials(file: string, credentials: { cookie: unknown; imei: string; userAgent: string }): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify(credentials), { mode: 0o600 });
  fs.chmodSync(file, 0o600);
}

/** Logs in from the saved file; a refused or expired session says clearly that a new QR login is needed. */
export async function loginFromFile(file: string, zalo: Pick<Zalo, "login"> = new Zalo()): Promise<API> {
  const credentials = readCredentials(file);
  try {
    return await zalo.login(credentials);
  } catch {
    throw new ZaloLoginError(`Zalo refused the saved session (expired, or logged out on the phone). ${NEW_LOGIN}`);
  }
}

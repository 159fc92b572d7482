/**
 * Zalo login: the credentials a QR login yields (cookie, imei, userAgent) kept in a file with mode 0600.
 * Two failures are told apart: Zalo REFUSED the session (zca-js's own ZaloApiError: expired, logged out on the phone)
 * needs a new QR login; the NETWORK failed (no answer, DNS, time-out) is retried with backoff.
 */
import fs from "node:fs";
import path from "node:path";
import { type API, type Credentials, LoginQRCallbackEventType as E, Zalo } from "zca-js";
import { z } from "zod";
import { hideInLogs } from "../../logger.js";
import { isZaloApiError, withTimeout } from "./errors.js";

export class ZaloLoginError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ZaloLoginError";
  }
}

/** The network failed before Zalo could answer: try again later. */
export class ZaloNetworkError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ZaloNetworkError";
  }
}

const NEW_LOGIN = "Run `npm run zalo:login` and scan a new QR code with the Zalo app.";

/**
 * How the bot opens zca-js: selfListen so group events about the bot itself (removed from a group, added to one)
 * arrive; no update check (it calls the npm registry at every start); no console logging of its own.
 */
export const ZALO_OPTIONS = { selfListen: true, checkUpdate: false, logging: false } as const;

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
  hideZaloSecrets(parsed.data);
  return parsed.data as unknown as Credentials;
}

/** The imei and every cookie value of a Zalo login never reach the log (logger.ts). */
export function hideZaloSecrets(credentials: { cookie: unknown; imei: string }): void {
  const jar = credentials.cookie;
  const cookies = Array.isArray(jar) ? jar : ((jar as { cookies?: unknown[] } | undefined)?.cookies ?? []);
  const values = cookies.map((c) => (c as { value?: unknown } | undefined)?.value);
  hideInLogs(credentials.imei, ...values.filter((v): v is string => typeof v === "string"));
}

export function saveCredentials(file: string, credentials: { cookie: unknown; imei: string; userAgent: string }): void {
  hideZaloSecrets(credentials);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.tmp`;
  fs.writeFileSync(tmp, JSON.stringify(credentials), { mode: 0o600 });
  fs.chmodSync(tmp, 0o600);
  fs.renameSync(tmp, file);
}

/** Logs in from the saved file; a refused session says a new QR login is needed, a network failure says so. */
export async function loginFromFile(
  file: string,
  zalo: Pick<Zalo, "login"> = new Zalo(ZALO_OPTIONS),
  timeoutMs = 60_000,
): Promise<API> {
  const credentials = readCredentials(file);
  try {
    return await withTimeout(zalo.login(credentials), timeoutMs, "Zalo login");
  } catch (err) {
    // zca-js says "Failed to fetch …" for an HTTP error status (Zalo's servers in trouble): that is no refusal.
    if (isZaloApiError(err) && !/^Failed to fetch/.test(String((err as Error).message)))
      throw new ZaloLoginError(`Zalo refused the saved session (expired, or logged out on the phone). ${NEW_LOGIN}`);
    throw new ZaloNetworkError(`Zalo could not be reached: ${String((err as Error)?.message ?? err)}`);
  }
}

export interface RetryOptions {
  /** First pause after a network failure; it doubles up to maxDelayMs. */
  baseDelayMs?: number;
  maxDelayMs?: number;
  sleep?: (ms: number) => Promise<void>;
  onRetry?: (attempt: number, delayMs: number, err: ZaloNetworkError) => void;
  /** Stop retrying (shutdown). */
  stopped?: () => boolean;
}

/** loginFromFile, retried with backoff while the network fails; a refused session is thrown at once. */
export async function loginWithRetry(
  file: string,
  zalo: () => Pick<Zalo, "login"> = () => new Zalo(ZALO_OPTIONS),
  o: RetryOptions = {},
): Promise<API> {
  const sleep = o.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  for (let attempt = 1; ; attempt++) {
    try {
      return await loginFromFile(file, zalo());
    } catch (err) {
      if (!(err instanceof ZaloNetworkError) || o.stopped?.()) throw err;
      const delay = Math.min(o.maxDelayMs ?? 300_000, (o.baseDelayMs ?? 5000) * 2 ** (attempt - 1));
      o.onRetry?.(attempt, delay, err);
      await sleep(delay);
    }
  }
}

export interface QrLoginIo {
  /** Shows the QR the server made (its PNG, base64) and where it was saved. */
  showQr(pngBase64: string, savedAt: string): Promise<void> | void;
  say(line: string): void;
}

/**
 * `npm run zalo:login`: a QR login whose credentials are written only after zca-js's own login with them succeeded
 * (zca-js hands them over in GotLoginInfo first, before it has checked them).
 */
export async function loginByQr(
  zalo: Pick<Zalo, "loginQR">,
  o: { file: string; qrPng: string; io: QrLoginIo },
): Promise<void> {
  let got: { cookie: unknown; imei: string; userAgent: string } | undefined;
  await zalo.loginQR({ qrPath: o.qrPng }, async (event) => {
    switch (event.type) {
      case E.QRCodeGenerated:
        await event.actions.saveToFile(o.qrPng);
        await o.io.showQr(event.data.image, o.qrPng);
        break;
      case E.QRCodeExpired:
        o.io.say("Mã QR đã hết hạn, đang tạo mã mới… (QR expired, making a new one)");
        event.actions.retry();
        break;
      case E.QRCodeDeclined:
        o.io.say("Đăng nhập bị từ chối trên điện thoại. (Login declined on the phone.)");
        event.actions.abort();
        break;
      case E.QRCodeScanned:
        o.io.say("Đã quét, hãy xác nhận trên điện thoại. (Scanned; confirm on the phone.)");
        break;
      case E.GotLoginInfo:
        got = event.data;
        break;
    }
  });
  if (!got) throw new ZaloLoginError("Zalo login did not complete; nothing was saved.");
  saveCredentials(o.file, got);
}

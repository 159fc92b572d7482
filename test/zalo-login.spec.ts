/** `npm run zalo:login`: the credentials are written only after a successful login; the terminal QR is the server's. */
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import QRCode from "qrcode";
import { describe, expect, it } from "vitest";
import { LoginQRCallbackEventType as E, type Zalo } from "zca-js";
import { createLogger } from "../src/logger.js";
import {
  loginByQr,
  loginFromFile,
  readCredentials,
  saveCredentials,
  ZaloLoginError,
} from "../src/platforms/zalo/login.js";
import { qrModules, readPng, terminalQr } from "../src/platforms/zalo/qr-terminal.js";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "zalo-qr-"));
const INFO = { cookie: [{ key: "zpw_sek", value: "s" }], imei: "imei-1", userAgent: "UA" };

/** zca-js's loginQR as seen from its callback: a QR, the scan, GotLoginInfo, then its own cookie login. */
function qrLogin(png: Buffer, ownLogin: () => Promise<void>) {
  return {
    async loginQR(_o: unknown, cb: (e: unknown) => Promise<void> | void) {
      const actions = { saveToFile: async (p: string) => fs.writeFileSync(p, png), retry() {}, abort() {} };
      await cb({ type: E.QRCodeGenerated, data: { image: png.toString("base64"), code: "c" }, actions });
      await cb({ type: E.QRCodeScanned, data: {}, actions });
      await cb({ type: E.GotLoginInfo, data: INFO, actions: null });
      await ownLogin();
      return {};
    },
  } as unknown as Pick<Zalo, "loginQR">;
}

describe("npm run zalo:login", () => {
  it("writes nothing when zca-js's own login fails after GotLoginInfo", async () => {
    const png = await QRCode.toBuffer("https://id.zalo.me/qr/abc");
    const file = path.join(dir, "failed.json");
    const io = { showQr: () => undefined, say: () => undefined };
    const failing = qrLogin(png, async () => {
      throw new Error("Đăng nhập thất bại");
    });
    await expect(loginByQr(failing, { file, qrPng: path.join(dir, "qr.png"), io })).rejects.toThrow(/thất bại/);
    expect(fs.existsSync(file)).toBe(false);
  });

  it("writes the credentials (mode 0600) once the login succeeded, and shows the server's own QR", async () => {
    const png = await QRCode.toBuffer("https://id.zalo.me/qr/abc");
    const file = path.join(dir, "ok.json");
    const shown: string[] = [];
    const io = { showQr: (image: string) => void shown.push(image), say: () => undefined };
    await loginByQr(
      qrLogin(png, async () => undefined),
      { file, qrPng: path.join(dir, "qr.png"), io },
    );
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(readCredentials(file)).toMatchObject({ imei: "imei-1" });
    expect(shown).toEqual([png.toString("base64")]);
  });

  it("redraws the server's QR image module for module in the terminal", async () => {
    const content = "https://id.zalo.me/account/authen?code=2b7f1c9e-qr";
    for (const options of [
      { scale: 4, margin: 4 },
      { scale: 7, margin: 2, color: { dark: "#000000ff", light: "#ffffffff" } },
    ]) {
      const png = await QRCode.toBuffer(content, options);
      const expected = QRCode.create(content, {}).modules;
      const got = qrModules(readPng(png));
      expect(got).toHaveLength(expected.size);
      const same = got.every((row, r) => row.every((dark, c) => dark === !!expected.get(r, c)));
      expect(same).toBe(true);
    }
    const drawn = terminalQr(qrModules(readPng(await QRCode.toBuffer(content))));
    const size = QRCode.create(content, {}).modules.size;
    expect(drawn.split("\n")).toHaveLength(Math.ceil((size + 4) / 2));
    expect(drawn.split("\n")[0]).toBe("█".repeat(size + 4));
  });

  it("replaces the credentials file in one step, never leaving half a file", () => {
    const file = path.join(dir, "replace.json");
    saveCredentials(file, INFO);
    saveCredentials(file, { ...INFO, imei: "imei-2" });
    expect(readCredentials(file)).toMatchObject({ imei: "imei-2" });
    expect(fs.readdirSync(dir).filter((f) => f.endsWith(".tmp"))).toEqual([]);
  });
});

describe("the saved Zalo login", () => {
  it("says clearly that a new QR login is needed when the file is missing, unreadable or incomplete", async () => {
    const never = { login: async () => ({}) } as unknown as Zalo;
    await expect(loginFromFile(path.join(dir, "none.json"), never)).rejects.toBeInstanceOf(ZaloLoginError);
    fs.writeFileSync(path.join(dir, "bad.json"), "{");
    await expect(loginFromFile(path.join(dir, "bad.json"), never)).rejects.toThrow(/not readable.*npm run zalo:login/);
    fs.writeFileSync(path.join(dir, "half.json"), JSON.stringify({ imei: "x" }));
    await expect(loginFromFile(path.join(dir, "half.json"), never)).rejects.toThrow(/incomplete/);
  });

  it("never writes credentials into the log", () => {
    const lines: string[] = [];
    const logger = createLogger({ level: "info", destination: { write: (line: string) => void lines.push(line) } });
    logger.info({ credentials: { cookie: [{ value: "zpw-secret-cookie" }], imei: "imei-secret-1" } }, "logging in");
    const out = lines.join("");
    expect(out).toContain("logging in");
    expect(out).not.toContain("zpw-secret-cookie");
    expect(out).not.toContain("imei-secret-1");
  });
});

/** Headless Chromium for the browser specs (Debian's package, or CHROMIUM_PATH), with the flags every spec uses. */
import { type Browser, chromium, type Page } from "playwright-core";

export const PHONE = { width: 390, height: 844 };
export const DESKTOP = { width: 1280, height: 900 };

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
    ],
  });
}

/** Types into the chat box and sends. */
export async function say(page: Page, text: string): Promise<void> {
  await page.fill("#text", text);
  await page.click("#composer button[type=submit]");
}

/** Presses the last button with this label in the log. */
export async function press(page: Page, label: string): Promise<void> {
  await page.locator(".msg .choices button", { hasText: label }).last().click();
}

/** Waits until a message holding this text is drawn. */
export async function sees(page: Page, text: string): Promise<void> {
  await page.locator("#log .msg", { hasText: text }).last().waitFor({ timeout: 15_000 });
}

/** Errors the page raised (script errors, CSP refusals logged to the console). */
export function pageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  page.on("console", (m) => {
    if (m.type() === "error") errors.push(m.text());
  });
  return errors;
}

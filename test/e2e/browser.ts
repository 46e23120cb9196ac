// Debian's Chromium, headless, driven by puppeteer-core: a fresh profile per launch, the flags
// this machine needs, and everything the page logs collected for assertions.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import puppeteer, { Browser, Page } from "puppeteer-core";

const { findChromium } = require("../helpers/findChromium") as { findChromium(): string | null };

/** Debian's /usr/bin/chromium, another Chromium or Chrome found, or CHROMIUM_PATH (test/setup.js checks one exists). */
export const chromiumPath = findChromium() ?? "/usr/bin/chromium";

export interface LaunchedBrowser {
  browser: Browser;
  close(): Promise<void>;
}

export async function launchChromium(): Promise<LaunchedBrowser> {
  const profile = mkdtempSync(join(tmpdir(), "slicewise-chromium-"));
  const browser = await puppeteer.launch({
    executablePath: chromiumPath,
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
      "--disable-dev-shm-usage",
      `--user-data-dir=${profile}`,
    ],
  });
  return {
    browser,
    async close() {
      await browser.close().catch(() => undefined);
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

export interface PageLog {
  errors: string[];
  requests: string[];
}

/** Collects console errors, page errors and every request the page makes. */
export function watchPage(page: Page): PageLog {
  const log: PageLog = { errors: [], requests: [] };
  page.on("console", (message) => {
    if (message.type() === "error") log.errors.push(message.text());
  });
  page.on("pageerror", (error) => log.errors.push(String(error)));
  page.on("request", (request) => log.requests.push(request.url()));
  return log;
}

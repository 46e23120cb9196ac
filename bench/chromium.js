// Debian's Chromium (never a downloaded browser), headless, driven by puppeteer-core with the
// flags this machine needs — the same launch as test/e2e/browser.ts, for the browser benchmarks.
"use strict";

const { mkdtempSync, rmSync } = require("node:fs");
const { tmpdir } = require("node:os");
const { join } = require("node:path");
const puppeteer = require("puppeteer-core");

const chromiumPath = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

/** A fresh profile per launch, removed on close. */
async function launchChromium({ width = 1280, height = 900 } = {}) {
  const profile = mkdtempSync(join(tmpdir(), "slicewise-bench-chromium-"));
  const browser = await puppeteer.launch({
    executablePath: chromiumPath,
    headless: true,
    defaultViewport: { width, height },
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
      "--disable-dev-shm-usage",
      `--window-size=${width},${height}`,
      `--user-data-dir=${profile}`,
    ],
  });
  return {
    browser,
    version: await browser.version(),
    async close() {
      await browser.close().catch(() => undefined);
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** Console errors and page errors, so a figure measured on a broken page is not reported as if it were fine. */
function watchPage(page) {
  const errors = [];
  page.on("console", (message) => {
    if (message.type() === "error") errors.push(message.text());
  });
  page.on("pageerror", (error) => errors.push(String(error)));
  return errors;
}

module.exports = { chromiumPath, launchChromium, watchPage };

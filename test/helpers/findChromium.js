// Where the browser for the end-to-end tests is: CHROMIUM_PATH, else the first of the usual
// Chromium / Chrome executables that exists. Shared by test/setup.js (which stops early with a
// message saying how to install one) and test/e2e/browser.ts (which launches it).
const { existsSync } = require("node:fs");

const candidates = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome", "/usr/bin/google-chrome-stable", "/snap/bin/chromium"];

/** The browser's path, or null when none is installed. */
function findChromium() {
  if (process.env.CHROMIUM_PATH) return existsSync(process.env.CHROMIUM_PATH) ? process.env.CHROMIUM_PATH : null;
  return candidates.find((path) => existsSync(path)) ?? null;
}

module.exports = { findChromium, chromiumCandidates: candidates };

// The digits evaluation as a person clicks it in the dashboard (issue 14's "≤ 150 ms end to end"):
// `slicewise start` on a fresh data directory (the digits example, 1,797 rows, three models), the
// page in Debian's Chromium, then Evaluate clicked N times. Each time is the page's own figure,
// from the click to the dashboard drawn: the evaluation, the samples and the standard over HTTP,
// the Arrow decoded and every panel mounted.
//
//   npm run build && node bench/dashboardEvaluate.js          10 clicks
//   node bench/dashboardEvaluate.js --clicks 30
//
// Figures only: exits 0 whatever they are; non-zero when the page or the server failed.
"use strict";

const { spawn } = require("node:child_process");
const { mkdtempSync, rmSync } = require("node:fs");
const { tmpdir } = require("node:os");
const { join } = require("node:path");
const { launchChromium } = require("./chromium");
const { percentile } = require("./statistics");

const cli = join(__dirname, "..", "lib", "src", "cli", "main.js");
const target = 150;

function parseArguments(argv) {
  const options = { clicks: 10 };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === "--clicks" && Number(argv[i + 1]) > 0) options.clicks = Math.round(Number(argv[++i]));
    else throw new Error(`unknown option ${argv[i]}; use --clicks N`);
  }
  return options;
}

/** `slicewise start` on a free port; resolves with the dashboard's address (token included) once it serves. */
function startServer(data) {
  const child = spawn(process.execPath, [cli, "start", "--data", data, "--port", "0"], { stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  return new Promise((resolve, reject) => {
    const onData = (chunk) => {
      output += chunk;
      const match = /Open (http:\/\/\S+) for the dashboard/.exec(output);
      if (match) resolve({ child, pageUrl: match[1] });
    };
    child.stdout.setEncoding("utf8").on("data", onData);
    child.stderr.setEncoding("utf8").on("data", (chunk) => (output += chunk));
    child.once("exit", (code, signal) => reject(new Error(`slicewise start exited (${signal ?? `code ${code}`}) before serving:\n${output}`)));
  });
}

/** The milliseconds the page reports after its evaluation ("… 123 ms."), once it reports them. */
async function reportedMilliseconds(page) {
  await page.waitForFunction(() => / (\d+) ms\.$/.test(document.getElementById("status")?.textContent ?? ""), { timeout: 60_000 });
  const text = await page.$eval("#status", (element) => element.textContent ?? "");
  return { text, milliseconds: Number(/ (\d+) ms\.$/.exec(text)[1]) };
}

async function main() {
  const options = parseArguments(process.argv.slice(2));
  const data = mkdtempSync(join(tmpdir(), "slicewise-dashboard-bench-"));
  let server;
  let chromium;
  try {
    const loading = Date.now();
    server = await startServer(data);
    console.log(`slicewise start: the digits example loaded and served in ${((Date.now() - loading) / 1000).toFixed(1)} s`);
    chromium = await launchChromium({ width: 1400, height: 1000 });
    const page = await chromium.browser.newPage();
    const errors = [];
    page.on("pageerror", (error) => errors.push(String(error)));
    // Each API request's time, from fetch() to its body read, to say where a click's time goes.
    await page.evaluateOnNewDocument(() => {
      const fetchOriginal = window.fetch.bind(window);
      window.benchRequests = [];
      window.fetch = async (input, init) => {
        const started = performance.now();
        const response = await fetchOriginal(input, init);
        const kind = String(input).split("?")[0].split("/").pop();
        const body = await response.clone().arrayBuffer();
        window.benchRequests.push({ kind, ms: performance.now() - started, bytes: body.byteLength });
        return response;
      };
    });
    await page.goto(server.pageUrl, { waitUntil: "load" });
    // The page evaluates once by itself when it has loaded the dataset: the first, cold figure.
    let { text, milliseconds } = await reportedMilliseconds(page);
    console.log(`first evaluation (on load, cold server): ${milliseconds} ms — "${text}"`);
    const times = [];
    // Every route the page asks (evaluate, samples, quality-standard, projection, detection-charts, …).
    const requests = {};
    for (let click = 0; click < options.clicks; click++) {
      await page.evaluate(() => (window.benchRequests = []));
      // The status is cleared first, so the figure read is this click's even when it repeats the last.
      await page.$eval("#status", (element) => (element.textContent = ""));
      await page.click("#evaluate");
      ({ text, milliseconds } = await reportedMilliseconds(page));
      times.push(milliseconds);
      const asked = await page.evaluate(() => window.benchRequests);
      for (const request of asked) (requests[request.kind] ??= []).push(request);
    }
    if (errors.length) throw new Error(`the page failed:\n  ${errors.join("\n  ")}`);
    const median = percentile(times, 50);
    console.log(`Evaluate clicked ${times.length} times (ms, click to dashboard drawn): ${times.join(", ")}`);
    console.log(
      `  median ${median.toFixed(0)} ms, p90 ${percentile(times, 90).toFixed(0)} ms, max ${Math.max(...times)} ms; target ≤ ${target} ms: ${median <= target ? "met" : "missed"} (median)`,
    );
    for (const [kind, list] of Object.entries(requests)) {
      const ms = list.map((request) => request.ms);
      if (ms.length)
        console.log(
          `  ${kind.padEnd(17)} request median ${percentile(ms, 50).toFixed(0)} ms (fetch to body read, ${list[0].bytes.toLocaleString("en-US")} bytes)`,
        );
    }
    console.log(`  Chromium ${chromium.version}; ${text}`);
  } finally {
    await chromium?.close();
    server?.child.kill("SIGTERM");
    rmSync(data, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? error.stack : error);
  process.exit(1);
});

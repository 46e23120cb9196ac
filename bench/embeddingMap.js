// Embedding map in Chromium: the first draw of 1M points, pan/zoom frames (wheel and drag through
// d3-zoom, each redrawing on the next animation frame), and the lasso over 1M and over 100k points.
// Prints figures, asserts nothing. Screenshots (light, dark, empty) go to SHOTS when it is set.
//   node bench/embeddingMap.js [--points 1000000]
"use strict";

const { readFileSync, mkdirSync } = require("node:fs");
const { join } = require("node:path");
const { execFileSync } = require("node:child_process");
const { launchChromium } = require("./chromium");
const { traceFrames } = require("./traceFrames");

const root = join(__dirname, "..");
const argument = (name, fallback) => {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 ? Number(process.argv[index + 1]) : fallback;
};
const count = argument("points", 1_000_000);
const percentile = (values, share) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(share * sorted.length))];
};
const round = (value) => Math.round(value * 100) / 100;

async function main() {
  const script = execFileSync(
    join(root, "node_modules/.bin/esbuild"),
    [join(__dirname, "embeddingMapPage.ts"), "--bundle", "--format=iife", "--log-level=error"],
    {
      encoding: "utf8",
      maxBuffer: 64 * 1024 * 1024,
    },
  );
  const css = ["theme.css", "embeddingMap.css"].map((file) => readFileSync(join(root, "css", file), "utf8")).join("\n");
  const chromium = await launchChromium({ width: 1000, height: 760 });
  try {
    const page = await chromium.browser.newPage();
    await page.setContent(
      `<!doctype html><html><head><style>${css}</style></head><body class="slicewise" style="margin:16px"><div id="map"></div></body></html>`,
    );
    await page.addScriptTag({ content: script });
    const result = { chromium: chromium.version, points: count };
    const draws = [];
    for (let repeat = 0; repeat < 3; repeat++) draws.push(await page.evaluate((n) => window.bench.draw(n), count));
    result.first_draw = draws.map((draw) => ({
      render_call_ms: round(draw.render_call_ms),
      pixels_ms: round(draw.draw_ms),
      to_second_frame_ms: round(draw.to_second_frame_ms),
    }));

    // Pan and zoom through real input: wheel steps, then a drag, each frame timed by requestAnimationFrame.
    await page.evaluate(() => {
      window.frameTimes = [];
      window.drawTimes = [];
      let last = performance.now();
      const tick = (now) => {
        window.frameTimes.push(now - last);
        window.drawTimes.push(window.bench.lastDrawMs());
        last = now;
        if (!window.stopFrames) requestAnimationFrame(tick);
      };
      requestAnimationFrame(tick);
    });
    await page.tracing.start({ categories: ["-*", "toplevel", "blink.user_timing", "devtools.timeline", "disabled-by-default-devtools.timeline.frame"] });
    await page.evaluate(() => performance.mark("map-frames-start"));
    await page.mouse.move(466, 300);
    for (let step = 0; step < 30; step++) await page.mouse.wheel({ deltaY: step < 15 ? -120 : 120 });
    await page.mouse.down();
    for (let step = 0; step < 40; step++) await page.mouse.move(466 + step * 6, 300 + step * 3);
    await page.mouse.up();
    await page.evaluate(() => {
      performance.mark("map-frames-end");
      window.stopFrames = true;
    });
    const trace = JSON.parse(Buffer.from(await page.tracing.stop()).toString("utf8"));
    const frames = await page.evaluate(() => ({ frames: window.frameTimes.slice(1), draws: window.drawTimes.slice(1) }));
    result.pan_zoom = {
      frames: frames.frames.length,
      frame_interval_p50_ms: round(percentile(frames.frames, 0.5)),
      frame_interval_p95_ms: round(percentile(frames.frames, 0.95)),
      redraw_pixels_p95_ms: round(
        percentile(
          frames.draws.filter((value) => value !== null),
          0.95,
        ),
      ),
      trace: traceFrames(trace, { startMark: "map-frames-start", endMark: "map-frames-end" }),
    };

    result.lasso_1m = await page.evaluate(() => window.bench.lasso(9));
    result.lasso_stage_pixels = await page.evaluate(() =>
      window.bench.lassoPixels([
        [500, 100],
        [800, 100],
        [800, 400],
        [500, 400],
      ]),
    );
    await page.evaluate(() => window.bench.draw(100_000));
    result.lasso_100k = await page.evaluate(() => window.bench.lasso(9));

    const shots = process.env.SHOTS;
    if (shots) {
      mkdirSync(shots, { recursive: true });
      const element = await page.$("#map");
      await page.evaluate((n) => window.bench.draw(n), count);
      await element.screenshot({ path: join(shots, "light-1m.png") });
      await page.evaluate(() =>
        window.bench.select([
          [550, 150],
          [800, 120],
          [780, 420],
          [520, 380],
        ]),
      );
      await new Promise((resolve) => setTimeout(resolve, 100));
      await element.screenshot({ path: join(shots, "light-1m-lasso.png") });
      await page.evaluate(() => document.body.setAttribute("data-theme", "dark"));
      await page.evaluate((n) => window.bench.draw(n), count);
      await element.screenshot({ path: join(shots, "dark-1m.png") });
      await page.evaluate(() => window.bench.empty());
      await element.screenshot({ path: join(shots, "dark-empty.png") });
      await page.evaluate(() => document.body.removeAttribute("data-theme"));
      await page.evaluate(() => window.bench.empty());
      await element.screenshot({ path: join(shots, "light-empty.png") });
      result.screenshots = shots;
    }
    console.log(JSON.stringify(result, null, 2));
  } finally {
    await chromium.close();
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});

// The embedding map benchmark's page script (bundled by bench/embeddingMap.js with esbuild): makes
// n synthetic points in ten Gaussian clusters, draws them with the real renderer, and times the lasso.
import { renderEmbeddingMap, EmbeddingMapHandle } from "../src/charts/embeddingMap";
import { categoryPaint, PointCategories } from "../src/charts/embeddingMapColors";
import { pointsInPolygon } from "../src/metrics/embedding/pointsInPolygon";
import { createRandom } from "../src/metrics/random";

declare global {
  interface Window {
    bench: Record<string, (...args: never[]) => unknown>;
  }
}

let handle: EmbeddingMapHandle | null = null;
let points: { x: Float32Array; y: Float32Array; categories: PointCategories } | null = null;

function makePoints(count: number, seed: number) {
  const random = createRandom(seed);
  const gaussian = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const x = new Float32Array(count);
  const y = new Float32Array(count);
  const codes = new Uint8Array(count);
  for (let row = 0; row < count; row++) {
    const cluster = row % 10;
    const angle = (cluster / 10) * 2 * Math.PI;
    x[row] = 4 * Math.cos(angle) + gaussian() * (0.6 + cluster * 0.05);
    y[row] = 4 * Math.sin(angle) + gaussian() * 0.8;
    // One in ten wrong, more in cluster 3: the map's story.
    codes[row] = random() < (cluster === 3 ? 0.4 : 0.08) ? 0 : 1;
  }
  const counts = [0, 0];
  for (let row = 0; row < count; row++) counts[codes[row]]++;
  const categories: PointCategories = {
    codes,
    categories: [
      { label: "wrong", color: "var(--sw-map-wrong, #d55e00)", count: counts[0] },
      { label: "correct", color: "var(--sw-map-correct, #0072b2)", count: counts[1] },
    ],
  };
  void categoryPaint;
  return { x, y, categories };
}

window.bench = {
  /** Draws n points; returns the synchronous render and draw times (ms). */
  draw(count: number) {
    handle?.destroy();
    points = makePoints(count, 7);
    const element = document.getElementById("map")!;
    const started = performance.now();
    handle = renderEmbeddingMap(element, points, {
      width: 900,
      height: 560,
      noun: "points",
      requestFrame: (callback) => requestAnimationFrame(() => callback()),
    });
    const rendered = performance.now() - started;
    return new Promise((resolve) =>
      requestAnimationFrame(() =>
        requestAnimationFrame(() => resolve({ render_call_ms: rendered, draw_ms: handle!.lastDrawMs, to_second_frame_ms: performance.now() - started })),
      ),
    );
  },
  lastDrawMs: () => handle?.lastDrawMs ?? null,
  /** pointsInPolygon over the current points with a lasso around one cluster; returns ms and rows selected. */
  lasso(repeats: number) {
    if (!points) return null;
    const polygon: number[] = [];
    for (let step = 0; step < 64; step++) {
      const angle = (step / 64) * 2 * Math.PI;
      polygon.push(4 + 1.9 * Math.cos(angle), 1.9 * Math.sin(angle));
    }
    const times: number[] = [];
    let selected = 0;
    for (let repeat = 0; repeat < repeats; repeat++) {
      const started = performance.now();
      selected = pointsInPolygon(points.x, points.y, polygon).length;
      times.push(performance.now() - started);
    }
    times.sort((a, b) => a - b);
    return { median_ms: times[Math.floor(times.length / 2)], max_ms: times[times.length - 1], selected, polygon_vertices: 64 };
  },
  /** The handle's own lasso from stage pixels (what a pointer release runs). */
  lassoPixels(polygon: [number, number][]) {
    const started = performance.now();
    const rows = handle!.lasso(polygon);
    return { ms: performance.now() - started, selected: rows.length };
  },
  select(polygon: [number, number][]) {
    const rows = handle!.lasso(polygon);
    handle!.update({ selected: rows });
    return rows.length;
  },
  empty() {
    handle?.destroy();
    handle = renderEmbeddingMap(document.getElementById("map")!, makePoints(0, 1), { width: 900, height: 560 });
  },
};

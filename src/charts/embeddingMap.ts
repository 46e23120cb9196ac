// The embedding map: up to a million points of a 2-D projection drawn on a canvas (pixels written
// into one ImageData), with d3-zoom pan and zoom redrawn once per frame, a lasso drawn on an SVG
// overlay, a click that picks the nearest point, a legend with counts and a text summary.
import * as d3 from "d3";
import { pointsInPolygon } from "../metrics/embedding/pointsInPolygon";
import type { PointCategories } from "./embeddingMapColors";
import { frameScheduler, RequestFrame } from "./frameScheduler";
import { renderStateMessage } from "./stateMessage";

export interface EmbeddingMapPoints {
  x: Float32Array;
  y: Float32Array;
  categories: PointCategories;
}

export interface EmbeddingMapOptions {
  /** CSS pixels; width follows the element when absent (760 without layout). */
  width?: number;
  height?: number;
  /** Side of a point's square in CSS pixels; default by count (3 up to 10,000 points, 2 up to 200,000, then 1). */
  pointSize?: number;
  /** Rows drawn at full colour over the others, dimmed (the lasso's selection). */
  selected?: Int32Array | null;
  /** Rows marked with a ring (a picked sample and its nearest neighbours). */
  marked?: Int32Array | null;
  /** What the points are, for the summary ("1,797 digits"); default "points". */
  noun?: string;
  /** A sentence after the counts (what the plane shows). */
  caption?: string;
  onLasso?: (rows: Int32Array) => void;
  onPick?: (row: number) => void;
  requestFrame?: RequestFrame;
}

export interface EmbeddingMapHandle {
  update(change: { points?: EmbeddingMapPoints; selected?: Int32Array | null; marked?: Int32Array | null; width?: number }): void;
  /** Resolves a lasso drawn through these CSS-pixel points of the stage, as a pointer would; returns the rows inside. */
  lasso(polygon: [number, number][]): Int32Array;
  /** Milliseconds the last draw took (for benchmarks). */
  readonly lastDrawMs: number;
  destroy(): void;
}

const defaultHeight = 420;
const defaultWidth = 760;
const margin = 12;
/** A click picks the nearest point within this many CSS pixels. */
const pickRadius = 8;

/** Reads a paint (`var(--name, fallback)`) as the colour it is in this element. */
function resolveRgb(element: HTMLElement, paint: string): d3.RGBColor {
  const match = /^var\((--[\w-]+),\s*(.+)\)$/.exec(paint);
  const view = element.ownerDocument.defaultView;
  const value = (match && view ? view.getComputedStyle(element).getPropertyValue(match[1]).trim() : "") || (match ? match[2] : paint);
  return d3.color(value)?.rgb() ?? d3.rgb(128, 128, 128);
}

/** The same colour as 0xAABBGGRR, for a little-endian ImageData. */
function resolveColor(element: HTMLElement, paint: string, alpha = 255): number {
  const rgb = resolveRgb(element, paint);
  return ((alpha << 24) | (Math.round(rgb.b) << 16) | (Math.round(rgb.g) << 8) | Math.round(rgb.r)) >>> 0;
}

/** `color` mixed toward `background` by `share` (0 … 1), both 0xAABBGGRR. */
function mix(color: number, background: number, share: number): number {
  const channel = (shift: number) => Math.round(((color >>> shift) & 255) * (1 - share) + ((background >>> shift) & 255) * share);
  return ((255 << 24) | (channel(16) << 16) | (channel(8) << 8) | channel(0)) >>> 0;
}

export function defaultPointSize(count: number): number {
  return count <= 10_000 ? 3 : count <= 200_000 ? 2 : 1;
}

/** Rows by category, largest category first, so that the rarer ones (often the errors) are drawn on top. */
function drawOrder(categories: PointCategories): Int32Array[] {
  const { codes } = categories;
  const buckets = categories.categories.map((category) => new Int32Array(category.count));
  const filled = new Int32Array(buckets.length);
  for (let row = 0; row < codes.length; row++) buckets[codes[row]][filled[codes[row]]++] = row;
  return buckets
    .map((rows, index) => ({ rows, index }))
    .sort((p, q) => q.rows.length - p.rows.length || p.index - q.index)
    .map((bucket) => bucket.rows);
}

export function renderEmbeddingMap(element: HTMLElement, initial: EmbeddingMapPoints, options: EmbeddingMapOptions): EmbeddingMapHandle {
  const document = element.ownerDocument;
  const view = document.defaultView;
  let points = initial;
  let selected = options.selected ?? null;
  let marked = options.marked ?? null;
  let width = options.width ?? (element.clientWidth || defaultWidth);
  const height = options.height ?? defaultHeight;
  let transform = d3.zoomIdentity;
  let lastDrawMs = 0;
  let lassoMode = false;

  const root = document.createElement("div");
  root.className = "sw-embedding-map";
  if (!element.closest(".slicewise")) root.classList.add("slicewise");
  const tools = document.createElement("div");
  tools.className = "sw-map-tools";
  tools.setAttribute("role", "toolbar");
  tools.setAttribute("aria-label", "Map tools");
  const toolButton = (label: string, role: string) => {
    const button = document.createElement("button");
    button.type = "button";
    button.className = "sw-button";
    button.textContent = label;
    button.dataset.role = role;
    tools.append(button);
    return button;
  };
  const panButton = toolButton("Pan and zoom", "pan");
  const lassoButton = toolButton("Lasso", "lasso");
  const resetButton = toolButton("Reset view", "reset");
  const hint = document.createElement("span");
  hint.className = "sw-map-hint";
  hint.textContent = "Drag to pan, scroll to zoom, Shift-drag to lasso, click a point for more like it.";
  tools.append(hint);

  const stage = document.createElement("div");
  stage.className = "sw-map-stage";
  const canvas = document.createElement("canvas");
  canvas.className = "sw-map-canvas";
  canvas.setAttribute("role", "img");
  const overlay = document.createElementNS("http://www.w3.org/2000/svg", "svg");
  overlay.setAttribute("class", "sw-map-overlay");
  const lassoPath = document.createElementNS("http://www.w3.org/2000/svg", "path");
  lassoPath.setAttribute("class", "sw-map-lasso");
  overlay.append(lassoPath);
  stage.append(canvas, overlay);

  const legend = document.createElement("ul");
  legend.className = "sw-map-legend";
  legend.setAttribute("aria-label", "Colours");
  const summary = document.createElement("p");
  summary.className = "sw-map-summary";
  summary.setAttribute("aria-live", "polite");
  root.append(tools, stage, legend, summary);
  element.append(root);

  // Base scale: the points' extent fitted in the stage with equal units on both axes (PCA distances stay true).
  let base = { scale: 1, offsetX: 0, offsetY: 0 };
  let order: Int32Array[] = [];
  const fitBase = () => {
    let left = Infinity;
    let right = -Infinity;
    let bottom = Infinity;
    let top = -Infinity;
    const { x, y } = points;
    for (let row = 0; row < x.length; row++) {
      const px = x[row];
      const py = y[row];
      if (px < left) left = px;
      if (px > right) right = px;
      if (py < bottom) bottom = py;
      if (py > top) top = py;
    }
    if (!(right >= left)) [left, right, bottom, top] = [-1, 1, -1, 1];
    const spanX = Math.max(right - left, 1e-9);
    const spanY = Math.max(top - bottom, 1e-9);
    const scale = Math.min((width - 2 * margin) / spanX, (height - 2 * margin) / spanY);
    // Screen y grows downward; data y grows upward.
    base = { scale, offsetX: width / 2 - ((left + right) / 2) * scale, offsetY: height / 2 + ((bottom + top) / 2) * scale };
  };
  const screenX = (x: number) => transform.k * (x * base.scale + base.offsetX) + transform.x;
  const screenY = (y: number) => transform.k * (-y * base.scale + base.offsetY) + transform.y;
  const dataX = (sx: number) => ((sx - transform.x) / transform.k - base.offsetX) / base.scale;
  const dataY = (sy: number) => -((sy - transform.y) / transform.k - base.offsetY) / base.scale;

  let image: ImageData | null = null;
  let context: CanvasRenderingContext2D | null = null;
  const ratio = () => Math.max(1, Math.min(3, view?.devicePixelRatio ?? 1));
  const sizeCanvas = () => {
    const dpr = ratio();
    stage.style.width = `${width}px`;
    stage.style.height = `${height}px`;
    canvas.style.width = `${width}px`;
    canvas.style.height = `${height}px`;
    canvas.width = Math.round(width * dpr);
    canvas.height = Math.round(height * dpr);
    overlay.setAttribute("width", String(width));
    overlay.setAttribute("height", String(height));
    overlay.setAttribute("viewBox", `0 0 ${width} ${height}`);
    try {
      context = canvas.getContext("2d");
    } catch {
      context = null; // jsdom without the canvas package: everything but the pixels still works.
    }
    image = context ? context.createImageData(canvas.width, canvas.height) : null;
  };

  // While a pan or zoom gesture moves, each frame redraws the last full picture moved and scaled
  // (one drawImage) instead of every point; the full picture follows when the gesture ends.
  let moving = false;
  let snapshot: { canvas: HTMLCanvasElement; at: d3.ZoomTransform } | null = null;
  const drawMoved = (from: { canvas: HTMLCanvasElement; at: d3.ZoomTransform }) => {
    const dpr = ratio();
    const k = transform.k / from.at.k;
    context!.setTransform(1, 0, 0, 1, 0, 0);
    context!.fillStyle = resolveRgb(root, "var(--sw-bg, #ffffff)").formatHex();
    context!.fillRect(0, 0, canvas.width, canvas.height);
    context!.setTransform(k, 0, 0, k, (transform.x - k * from.at.x) * dpr, (transform.y - k * from.at.y) * dpr);
    context!.drawImage(from.canvas, 0, 0);
    context!.setTransform(1, 0, 0, 1, 0, 0);
  };
  const keepSnapshot = () => {
    const copy = snapshot?.canvas.width === canvas.width && snapshot.canvas.height === canvas.height ? snapshot.canvas : document.createElement("canvas");
    copy.width = canvas.width;
    copy.height = canvas.height;
    copy.getContext("2d")?.drawImage(canvas, 0, 0);
    snapshot = { canvas: copy, at: transform };
  };

  const draw = () => {
    const started = performance.now();
    if (!context || !image) return;
    if (moving && snapshot) {
      drawMoved(snapshot);
      lastDrawMs = performance.now() - started;
      return;
    }
    const dpr = ratio();
    const pixels = new Uint32Array(image.data.buffer);
    const background = resolveColor(root, "var(--sw-bg, #ffffff)");
    pixels.fill(background);
    const columns = image.width;
    const rows = image.height;
    const size = Math.max(1, Math.round((options.pointSize ?? defaultPointSize(points.x.length)) * dpr));
    const half = size >> 1;
    // One affine map per axis from data to device pixels.
    const ax = transform.k * base.scale * dpr;
    const bx = (transform.k * base.offsetX + transform.x) * dpr - half;
    const ay = -transform.k * base.scale * dpr;
    const by = (transform.k * base.offsetY + transform.y) * dpr - half;
    const { x, y, codes } = { ...points, codes: points.categories.codes };
    const full = points.categories.categories.map((category) => resolveColor(root, category.color));
    const paintRows = (list: Int32Array, colorOf: (row: number) => number, side: number, shift: number) => {
      for (let index = 0; index < list.length; index++) {
        const row = list[index];
        const left = (x[row] * ax + bx - shift) | 0;
        const top = (y[row] * ay + by - shift) | 0;
        if (left < -side || top < -side || left >= columns || top >= rows || left !== left) continue;
        const color = colorOf(row);
        const x0 = left < 0 ? 0 : left;
        const x1 = left + side > columns ? columns : left + side;
        const y1 = top + side > rows ? rows : top + side;
        for (let line = top < 0 ? 0 : top; line < y1; line++) {
          const start = line * columns;
          for (let column = x0; column < x1; column++) pixels[start + column] = color;
        }
      }
    };
    const dimmed = full.map((color) => mix(color, background, 0.78));
    const shown = selected ? dimmed : full;
    for (const bucket of order) paintRows(bucket, (row) => shown[codes[row]], size, 0);
    if (selected) paintRows(selected, (row) => full[codes[row]], size, 0);
    if (marked) {
      const ring = resolveColor(root, "var(--sw-fg, #1f2328)");
      paintRows(marked, () => ring, size + 2 * Math.max(1, Math.round(dpr)), Math.max(1, Math.round(dpr)));
      paintRows(marked, (row) => full[codes[row]], size, 0);
    }
    context.putImageData(image, 0, 0);
    keepSnapshot();
    lastDrawMs = performance.now() - started;
  };
  const scheduler = frameScheduler(draw, options.requestFrame ?? ((callback) => (view ?? globalThis).requestAnimationFrame(() => callback())));

  const describe = () => {
    const total = points.x.length;
    const noun = options.noun ?? "points";
    const parts = points.categories.categories
      .filter((category) => category.count > 0)
      .map((category) => `${category.count.toLocaleString("en-US")} ${category.label}`);
    const chosen = selected ? ` ${selected.length.toLocaleString("en-US")} selected.` : "";
    const text = `${total.toLocaleString("en-US")} ${noun}${parts.length > 1 ? `: ${parts.join(", ")}` : ""}.${chosen}${options.caption ? ` ${options.caption}` : ""}`;
    summary.textContent = text;
    canvas.setAttribute("aria-label", `Embedding map of ${text}`);
  };
  const drawLegend = () => {
    legend.replaceChildren(
      ...points.categories.categories
        .filter((category) => category.count > 0)
        .map((category) => {
          const item = document.createElement("li");
          const swatch = document.createElement("span");
          swatch.className = "sw-map-swatch";
          swatch.style.background = category.color;
          const label = document.createElement("span");
          label.className = "sw-map-legend-label";
          label.textContent = category.label;
          const count = document.createElement("span");
          count.className = "sw-map-legend-count";
          count.textContent = category.count.toLocaleString("en-US");
          item.append(swatch, label, count);
          return item;
        }),
    );
  };

  const empty = () => points.x.length === 0;
  const showEmpty = () => {
    stage.hidden = true;
    tools.hidden = true;
    legend.replaceChildren();
    summary.textContent = "";
    let message = root.querySelector<HTMLElement>(".sw-map-empty");
    if (!message) {
      message = document.createElement("div");
      message.className = "sw-map-empty";
      root.insertBefore(message, stage);
    }
    renderStateMessage(message, { title: "No points to map", detail: "No datapoint has an embedding (or every one was left out by the models' results)." });
  };
  const setPoints = (next: EmbeddingMapPoints) => {
    points = next;
    root.querySelector(".sw-map-empty")?.remove();
    if (empty()) return showEmpty();
    stage.hidden = false;
    tools.hidden = false;
    order = drawOrder(points.categories);
    fitBase();
    drawLegend();
    describe();
    scheduler.schedule();
  };

  const zoom = d3
    .zoom<SVGSVGElement, unknown>()
    .scaleExtent([0.5, 400])
    .filter(
      (event: Event & { button?: number; shiftKey?: boolean; ctrlKey?: boolean }) => event.type === "wheel" || (!lassoMode && !event.shiftKey && !event.button),
    )
    .on("start", () => (moving = true))
    .on("zoom", (event: d3.D3ZoomEvent<SVGSVGElement, unknown>) => {
      transform = event.transform;
      scheduler.schedule();
    })
    .on("end", () => {
      moving = false;
      scheduler.schedule();
    });
  const overlaySelection = d3.select(overlay as SVGSVGElement);
  overlaySelection.call(zoom);

  const setMode = (lasso: boolean) => {
    lassoMode = lasso;
    panButton.setAttribute("aria-pressed", String(!lasso));
    lassoButton.setAttribute("aria-pressed", String(lasso));
    root.classList.toggle("sw-map-lasso-mode", lasso);
  };
  setMode(false);
  panButton.addEventListener("click", () => setMode(false));
  lassoButton.addEventListener("click", () => setMode(true));
  resetButton.addEventListener("click", () => overlaySelection.call(zoom.transform, d3.zoomIdentity));

  const resolveLasso = (polygon: [number, number][]): Int32Array => {
    const flat = new Float64Array(polygon.length * 2);
    polygon.forEach(([sx, sy], index) => {
      flat[2 * index] = dataX(sx);
      flat[2 * index + 1] = dataY(sy);
    });
    return pointsInPolygon(points.x, points.y, flat);
  };

  // The lasso: a pointer drag in lasso mode (or with Shift) traces a path; release selects inside it.
  let trace: [number, number][] | null = null;
  const local = (event: PointerEvent | MouseEvent): [number, number] => {
    const box = overlay.getBoundingClientRect();
    return [event.clientX - box.left, event.clientY - box.top];
  };
  overlay.addEventListener("pointerdown", (event) => {
    if (!(lassoMode || event.shiftKey) || event.button !== 0) return;
    event.preventDefault();
    event.stopImmediatePropagation();
    trace = [local(event)];
    overlay.setPointerCapture?.(event.pointerId);
  });
  overlay.addEventListener("pointermove", (event) => {
    if (!trace) return;
    trace.push(local(event));
    lassoPath.setAttribute("d", `M${trace.map((point) => point.join(",")).join("L")}Z`);
  });
  const finish = () => {
    if (!trace) return;
    const polygon = trace;
    trace = null;
    lassoPath.setAttribute("d", "");
    if (polygon.length >= 3) options.onLasso?.(resolveLasso(polygon));
  };
  overlay.addEventListener("pointerup", finish);
  overlay.addEventListener("pointercancel", () => {
    trace = null;
    lassoPath.setAttribute("d", "");
  });

  // A click (no drag) picks the nearest point within pickRadius.
  let downAt: [number, number] | null = null;
  overlay.addEventListener("mousedown", (event) => (downAt = [event.clientX, event.clientY]), { capture: true });
  overlay.addEventListener("click", (event) => {
    if (lassoMode || event.shiftKey || !options.onPick || !downAt) return;
    if (Math.hypot(event.clientX - downAt[0], event.clientY - downAt[1]) > 3) return;
    const [px, py] = local(event);
    let best = -1;
    let bestDistance = pickRadius * pickRadius;
    const { x, y } = points;
    for (let row = 0; row < x.length; row++) {
      const dx = screenX(x[row]) - px;
      const dy = screenY(y[row]) - py;
      const distance = dx * dx + dy * dy;
      if (distance < bestDistance) {
        bestDistance = distance;
        best = row;
      }
    }
    if (best >= 0) options.onPick(best);
  });

  sizeCanvas();
  setPoints(points);
  return {
    update(change) {
      if (change.width !== undefined && change.width > 0 && change.width !== width) {
        width = change.width;
        sizeCanvas();
        fitBase();
      }
      if (change.selected !== undefined) selected = change.selected;
      if (change.marked !== undefined) marked = change.marked;
      if (change.points) setPoints(change.points);
      else if (!empty()) {
        describe();
        scheduler.schedule();
      }
    },
    lasso: (polygon) => resolveLasso(polygon),
    get lastDrawMs() {
      return lastDrawMs;
    },
    destroy() {
      scheduler.stop();
      overlaySelection.on(".zoom", null);
      root.remove();
    },
  };
}

/**
 * The map as a standalone SVG (reports, static notebook output): up to `maximumPoints` points, an even
 * stride through the rows in draw order, as circles, with the legend's text.
 */
export function embeddingMapSvg(points: EmbeddingMapPoints, options: { width?: number; height?: number; maximumPoints?: number; title?: string } = {}): string {
  const width = options.width ?? 640;
  const height = options.height ?? 420;
  const legendHeight = 18 * Math.ceil(points.categories.categories.length / 3) + 8;
  const plot = height - legendHeight;
  const { x, y } = points;
  let left = Infinity;
  let right = -Infinity;
  let bottom = Infinity;
  let top = -Infinity;
  for (let row = 0; row < x.length; row++) {
    if (x[row] < left) left = x[row];
    if (x[row] > right) right = x[row];
    if (y[row] < bottom) bottom = y[row];
    if (y[row] > top) top = y[row];
  }
  const scale = right >= left ? Math.min((width - 2 * margin) / Math.max(right - left, 1e-9), (plot - 2 * margin) / Math.max(top - bottom, 1e-9)) : 1;
  const cx = (value: number) => (width / 2 + (value - (left + right) / 2) * scale).toFixed(1);
  const cy = (value: number) => (plot / 2 - (value - (bottom + top) / 2) * scale).toFixed(1);
  const maximum = options.maximumPoints ?? 5000;
  const stride = Math.max(1, Math.ceil(x.length / maximum));
  const marks: string[] = [];
  for (const bucket of drawOrder(points.categories)) {
    const color = points.categories.categories[points.categories.codes[bucket[0]] ?? 0]?.color ?? "#888";
    const circles: string[] = [];
    for (let index = 0; index < bucket.length; index += stride) {
      const row = bucket[index];
      if (Number.isFinite(x[row]) && Number.isFinite(y[row])) circles.push(`<circle cx="${cx(x[row])}" cy="${cy(y[row])}" r="1.6"/>`);
    }
    if (circles.length) marks.push(`<g fill="${color}">${circles.join("")}</g>`);
  }
  const legend = points.categories.categories
    .filter((category) => category.count > 0)
    .map((category, index) => {
      const lx = 8 + (index % 3) * (width / 3);
      const ly = plot + 14 + 18 * Math.floor(index / 3);
      return `<rect x="${lx}" y="${ly - 9}" width="10" height="10" fill="${category.color}"/><text x="${lx + 14}" y="${ly}">${escapeText(category.label)} (${category.count.toLocaleString("en-US")})</text>`;
    })
    .join("");
  const title = escapeText(options.title ?? `Embedding map of ${x.length.toLocaleString("en-US")} points`);
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" class="sw-embedding-map-picture" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" role="img" aria-label="${title}">` +
    `<title>${title}</title><rect width="${width}" height="${height}" fill="var(--sw-bg, #ffffff)"/>${marks.join("")}` +
    `<g font-size="11" font-family="system-ui, sans-serif" fill="var(--sw-fg, #1f2328)">${legend}</g></svg>`
  );
}

function escapeText(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

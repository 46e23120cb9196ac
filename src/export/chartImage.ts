// Charts drawn without a browser: the same renderer as in the page, on a jsdom document, for
// `toSVG()` in Node and Deno scripts, a notebook's static fallback, and PNG files via resvg.
import { Table } from "apache-arrow";
import { JSDOM } from "jsdom";
import { ComparisonChartOptions, renderComparisonChart } from "../charts/comparisonChart";
import { renderHistoryChart } from "../charts/historyChart";

export interface ChartImageOptions extends ComparisonChartOptions {
  /** Width in px (default 760). */
  width?: number;
}

/** Draws with `render` on a jsdom document and returns its standalone SVG. */
function onJsdom(draw: (element: HTMLElement) => { toSVG(): string; destroy(): void }): string {
  const dom = new JSDOM(`<!doctype html><html><body><div class="slicewise"></div></body></html>`);
  const element = dom.window.document.querySelector("div") as unknown as HTMLElement;
  const globals = globalThis as Record<string, unknown>;
  // d3 reaches for the global document in a few places (d3.create); lend it jsdom's for the draw.
  const saved = { document: globals.document, window: globals.window };
  globals.document = dom.window.document;
  globals.window = dom.window;
  try {
    const handle = draw(element);
    const svg = handle.toSVG();
    handle.destroy();
    return svg;
  } finally {
    globals.document = saved.document;
    globals.window = saved.window;
    dom.window.close();
  }
}

/** The chart as a standalone SVG document, exactly as the renderer draws it. */
export function chartSvg(results: Table, options: ChartImageOptions = {}): string {
  return onJsdom((element) => renderComparisonChart(element, results, { ...options, width: options.width ?? 760 }));
}

/** The History view (one metric per test case across steps) as a standalone SVG. */
export function historySvg(history: Table, options: Record<string, unknown> = {}): string {
  return onJsdom((element) => renderHistoryChart(element, history, { ...options, width: (options.width as number | undefined) ?? 900 } as never));
}

/** Rasterises a standalone SVG with resvg (no browser), at `scale`× for crisp reports. */
export function svgToPng(svg: string, scale = 2): Uint8Array {
  // Loaded on demand: a native module that Node scripts without PNG export never need.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { Resvg } = require("@resvg/resvg-js") as typeof import("@resvg/resvg-js");
  const rendered = new Resvg(svg, { fitTo: { mode: "zoom", value: scale }, font: { loadSystemFonts: true, defaultFontFamily: "DejaVu Sans" } }).render();
  return rendered.asPng();
}

// Theme paints of every chart: CSS variables of css/theme.css with their light fallbacks
// (exportSvg.ts swaps in literals), the font sizes, and the colours of models and verdicts.
import type { Verdict } from "../core";
import { verdictColorFallback } from "./verdict";

export const fontSize = 11;
export const smallFontSize = 10;
const fontStack = "system-ui, -apple-system, Segoe UI, Roboto, Helvetica Neue, Arial, sans-serif";

/** Theme paints: CSS variables of css/theme.css with their light fallbacks (exportSvg.ts swaps in literals). */
export const paint = {
  fg: "var(--sw-fg, #1f2328)",
  fgMuted: "var(--sw-fg-muted, #59636e)",
  fgFaint: "var(--sw-fg-faint, #656d76)",
  bg: "var(--sw-bg, #ffffff)",
  bgAlt: "var(--sw-bg-alt, #f6f8fa)",
  border: "var(--sw-border, #d0d7de)",
  borderMuted: "var(--sw-border-muted, #e6e9ec)",
  accent: "var(--sw-accent, #0969da)",
  accentSoft: "var(--sw-accent-soft, rgba(9, 105, 218, 0.12))",
  font: `var(--sw-font, ${fontStack})`,
};

const seriesFallback = ["#4e79a7", "#f28e2b", "#59a14f", "#b07aa1", "#76b7b2", "#edc948"];

/** A model's colour, stable across kinds: by its position among the evaluation's models. */
export function seriesColor(model: number): string {
  const slot = model % seriesFallback.length;
  return `var(--sw-series-${slot + 1}, ${seriesFallback[slot]})`;
}

export function verdictColor(verdict: Verdict | null): string {
  const key = verdict ?? "unknown";
  return `var(--slicewise-${key}, ${verdictColorFallback[key]})`;
}

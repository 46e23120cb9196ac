// How a verdict is shown: a symbol (never colour alone) and a CSS class bound to the theme's
// colour-blind-safe palette.
import type { Verdict } from "../core";

export const verdictSymbol: Record<Verdict, string> = { improved: "▲", regressed: "▼", similar: "≈", unknown: "?" };

export const verdictLabel: Record<Verdict, string> = {
  improved: "improved (significant)",
  regressed: "regressed (significant)",
  similar: "no significant difference",
  unknown: "unknown (no direction or no value)",
};

/** What a cell shows instead of a verdict when n is below the metric's min_n. */
export const tooFewSamplesText = "too few samples";

/** Literal colours for exports that must not depend on a stylesheet (SVG/PNG files). */
export const verdictColorFallback: Record<Verdict, string> = {
  improved: "#1f6fb4",
  regressed: "#d55e00",
  similar: "#7a7a7a",
  unknown: "#a6a6a6",
};

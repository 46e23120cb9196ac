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

/** Literal colours for exports that must not depend on a stylesheet (SVG/PNG files): css/theme.css's
 *  light verdict colours, each at least 4.5:1 on white. */
export const verdictColorFallback: Record<Verdict, string> = {
  improved: "#00609a",
  regressed: "#a84a00",
  similar: "#59636e",
  unknown: "#636c76",
};

/** css/theme.css's dark verdict colours, each at least 4.5:1 on its dark background. */
export const verdictColorDark: Record<Verdict, string> = {
  improved: "#56b4e9",
  regressed: "#e69f00",
  similar: "#9da7b3",
  unknown: "#8b949e",
};

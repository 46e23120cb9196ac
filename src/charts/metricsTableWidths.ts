// How wide the metrics table's columns start: the test-case name and n as wide as their longest
// text needs (within bounds), each value column as wide as its numbers or its model's name. The
// table is fixed-layout (rows render as they scroll into view), so widths come from text lengths,
// not from layout; the renderer widens a header afterwards if the browser's font needs more.

/** Average width of a character at the table's font size, in px (13 px system UI fonts: 6.5–7.5). */
export const characterWidth = 7;
export const nameBounds = { min: 120, max: 240 };
export const countMinimum = 56;
export const valueWidth = 88;
export const valueWithDeltaWidth = 156;
/** A value beside "too few samples" (15 characters at the small size) in place of a delta. */
export const valueWithTooFewWidth = 176;
/** A model's column grows with its name up to this; a longer name is cut, its full text in the header's title. */
export const valueMaximum = 200;

export interface MetricsTableWidthInput {
  /** Test-case names (all of them, not only the rows in view: widths must not change as rows scroll). */
  testCases: readonly string[];
  /** The largest n, as the count column prints it ("1,797"). */
  largestCount: string;
  /** `tooFewSamples`: some cell of the column shows "too few samples" instead of a delta. */
  columns: readonly { modelName: string; isReference: boolean; tooFewSamples?: boolean }[];
  showDelta: boolean;
}

/** Widths in px: the name column, the n column, then one per value column. */
export function metricsTableWidths(input: MetricsTableWidthInput): number[] {
  const longest = input.testCases.reduce((most, name) => Math.max(most, name.length), 0);
  // 22 px indent before a test case's name (under its group's chevron) and 8 px after it.
  const name = clamp(30 + longest * characterWidth, nameBounds.min, nameBounds.max);
  const count = Math.max(countMinimum, 16 + input.largestCount.length * characterWidth);
  // A model header: 16 px padding, the sort arrow's 9 px and 3 px gap, then the name.
  const fits = (model: string) => Math.min(valueMaximum, 28 + model.length * characterWidth);
  const withDelta = (column: MetricsTableWidthInput["columns"][number]) => (column.tooFewSamples ? valueWithTooFewWidth : valueWithDeltaWidth);
  const values = input.columns.map((column) => Math.max(input.showDelta && !column.isReference ? withDelta(column) : valueWidth, fits(column.modelName)));
  return [name, count, ...values];
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}

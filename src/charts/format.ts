// Number formatting shared by tables, axes and tooltips.

/** A metric value: 4 decimals below 10, fewer as it grows, "—" for a missing value. */
export function formatValue(value: number): string {
  if (!Number.isFinite(value)) return "—";
  const magnitude = Math.abs(value);
  if (magnitude >= 1e6 || (magnitude > 0 && magnitude < 1e-4)) return value.toExponential(2);
  if (magnitude >= 1000) return value.toFixed(0);
  if (magnitude >= 10) return value.toFixed(2);
  return value.toFixed(4);
}

/** A delta with its sign: "+0.0123", "−0.0456" (a true minus sign). */
export function formatDelta(value: number): string {
  if (!Number.isFinite(value)) return "";
  const text = formatValue(Math.abs(value));
  return value < 0 ? `−${text}` : `+${text}`;
}

/** A p- or q-value: "< 0.001" style below 0.001. */
export function formatProbability(value: number): string {
  if (!Number.isFinite(value)) return "—";
  if (value < 0.001) return value === 0 ? "0" : value.toExponential(1);
  return value.toFixed(3);
}

export function formatInterval(low: number, high: number): string {
  if (!Number.isFinite(low) || !Number.isFinite(high)) return "";
  return `[${formatValue(low)}, ${formatValue(high)}]`;
}

export function formatCount(value: number): string {
  return Number.isFinite(value) ? Math.round(value).toLocaleString("en-US") : "—";
}

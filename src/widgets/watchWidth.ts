// Panels lay out for a width: this tells them when their pane's width really changed (split
// handles, window size), ignoring sub-pixel jitter.

/** Calls `onChange(width)` when `measure()` moves by more than 4 px as `observed` resizes; returns the stop. */
export function watchWidth(observed: HTMLElement, measure: () => number, onChange: (width: number) => void): () => void {
  if (typeof ResizeObserver === "undefined") return () => undefined;
  let width = measure();
  const observer = new ResizeObserver(() => {
    const next = measure();
    if (next > 0 && Math.abs(next - width) > 4) {
      width = next;
      onChange(next);
    }
  });
  observer.observe(observed);
  return () => observer.disconnect();
}

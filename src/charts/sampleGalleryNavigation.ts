// What a key does on a sample card: move the active card (arrows, Page Up/Down, Home/End), open
// its detail (Enter; Space too where cards cannot be chosen), or choose it (Space, where the
// gallery can save the samples chosen). Pure: positions in, the action out.

/** null: the key is not the grid's; "stay": it is (an arrow at an edge), but nothing moves. */
export type CardKeyAction = { kind: "open" } | { kind: "choose" } | { kind: "move"; position: number } | { kind: "stay" } | null;

export interface CardGrid {
  /** The focused card's position in display order. */
  position: number;
  columns: number;
  /** Whole grid rows the viewport shows: one Page Up/Down. */
  pageRows: number;
  /** Cards in the grid. */
  count: number;
  /** Cards can be chosen (the gallery saves chosen samples as a test case): Space chooses instead of opening. */
  choosable?: boolean;
}

export function cardKeyAction(key: string, ctrlKey: boolean, grid: CardGrid): CardKeyAction {
  const { position, columns, pageRows, count } = grid;
  if (key === " " && grid.choosable) return { kind: "choose" };
  if (key === "Enter" || key === " ") return { kind: "open" };
  const rowStart = position - (position % columns);
  const moves: Record<string, number> = {
    ArrowLeft: position - 1,
    ArrowRight: position + 1,
    ArrowUp: position - columns,
    ArrowDown: position + columns,
    PageUp: position - columns * pageRows,
    PageDown: position + columns * pageRows,
    Home: ctrlKey ? 0 : rowStart,
    End: ctrlKey ? count - 1 : Math.min(count - 1, rowStart + columns - 1),
  };
  if (!(key in moves)) return null;
  // A page past either end goes to the end (the move is clamped); an arrow past it stays put.
  const target = moves[key];
  if ((target >= 0 && target < count) || key.startsWith("Page")) return { kind: "move", position: target };
  return { kind: "stay" };
}

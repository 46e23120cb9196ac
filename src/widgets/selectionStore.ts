// The selected test case shared by linked views: a tiny observable, front-end only (the Deno
// kernel does not deliver front-end messages, so nothing here waits on the kernel).

export interface TestCaseSelection {
  stratification: string;
  testCase: string;
}

export type SelectionListener = (selection: TestCaseSelection | null) => void;

export class SelectionStore {
  private current: TestCaseSelection | null = null;
  private readonly listeners = new Set<SelectionListener>();

  get value(): TestCaseSelection | null {
    return this.current;
  }

  set(selection: TestCaseSelection | null): void {
    const same =
      selection === this.current ||
      (selection !== null && this.current !== null && selection.stratification === this.current.stratification && selection.testCase === this.current.testCase);
    if (same) return;
    this.current = selection;
    for (const listener of [...this.listeners]) listener(selection);
  }

  /** Calls `listener` on every change; returns the function that stops it. */
  subscribe(listener: SelectionListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}

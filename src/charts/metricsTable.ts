// The metrics table: test cases (grouped by stratification) × metric × model, with each model's
// delta and verdict against the reference; sortable, collapsible, keyboard-navigable, copyable,
// and virtualized (fixed row height) so thousands of test cases scroll smoothly. In a column
// narrower than the table, the test case and n stay in place while the values scroll sideways, and
// the toolbar offers one metric group or one metric at a time.
import type { Table } from "apache-arrow";
import { EvaluationData, TestCaseKey, readEvaluation } from "./evaluationData";
import { formatCount, formatDelta, formatInterval, formatProbability, formatValue } from "./format";
import { cellVerdict, copyText, metricsTableCSV, metricsTableMarkdown } from "./metricsTableCopy";
import { MetricsTableColumn, MetricsTableModel, metricsTableModel, sortColumnIndex } from "./metricsTableModel";
import { MetricsTableOptions, MetricsTableSettings, MetricsTableSortColumn, metricsTableDefaults, nextSort, sameSortColumn } from "./metricsTableOptions";
import { MetricsTableViewChoice, metricsTableViewChoices, metricsTableViewValue, offerMetricsTableView } from "./metricsTableView";
import { metricsTableWidths, valueMaximum } from "./metricsTableWidths";
import { renderStateMessage } from "./stateMessage";
import { tooFewSamplesText, verdictLabel, verdictSymbol } from "./verdict";

export type { MetricsTableOptions, MetricsTableSort, MetricsTableSortColumn } from "./metricsTableOptions";
export type { MetricsTableView } from "./metricsTableView";
export { metricsTableDefaults } from "./metricsTableOptions";

export interface MetricsTableHandle {
  /** Changes some options; the ones not named keep their current value (sorting, collapse and selection included). */
  update(options: MetricsTableOptions): void;
  destroy(): void;
  toCSV(): string;
  toMarkdown(): string;
}

/** Above this many rows (test cases and group rows) only the rows in view are in the DOM. */
export const virtualizeAbove = 200;
/** Rows rendered beyond each edge of the view, so a fast scroll does not show blank space. */
const overscan = 10;
/** Height of each of the two header rows, in px (css/metricsTable.css reads it from a variable). */
const headerRowHeight = 30;

export function renderMetricsTable(element: HTMLElement, table: Table, options: MetricsTableOptions = {}): MetricsTableHandle {
  const renderer = new MetricsTableRenderer(element, readEvaluation(table), metricsTableDefaults(options));
  return {
    update: (next) => renderer.update(next),
    destroy: () => renderer.destroy(),
    toCSV: () => metricsTableCSV(renderer.data, renderer.model, renderer.settings.showDelta),
    toMarkdown: () => metricsTableMarkdown(renderer.data, renderer.model, renderer.settings.showDelta),
  };
}

/** A body row: a test case (its index in data.testCases, ≥ 0) or a group header (−1 − group index). */
type Item = number;
const groupItem = (group: number): Item => -1 - group;

/** The focused cell, by identity, so it survives sorting and collapsing. Column 0 is the name, 1 is n. */
interface ActiveCell {
  item: Item;
  column: number;
}

let tooltipCount = 0;

class MetricsTableRenderer {
  readonly data: EvaluationData;
  settings: MetricsTableSettings;
  model!: MetricsTableModel;
  private readonly document: Document;
  private readonly root: HTMLDivElement;
  private readonly tooltip: HTMLDivElement;
  private readonly status: HTMLSpanElement;
  private scroller: HTMLDivElement | null = null;
  private table: HTMLTableElement | null = null;
  private tbody: HTMLTableSectionElement | null = null;
  /** Column widths in px (name, n, then each value column), as the colgroup sets them. */
  private widths: number[] = [];
  private columnElements: HTMLTableColElement[] = [];
  /** The toolbar's view selector (hidden while the table fits), and what it offers. */
  private viewControl: HTMLLabelElement | null = null;
  private viewChoices: MetricsTableViewChoice[] = [];
  private readonly resizeObserver: ResizeObserver | null;
  private items: Item[] = [];
  private itemIndex = new Map<Item, number>();
  /** Display indices [start, end) of the rendered rows, the rows themselves, and the spacers standing for the rest. */
  private renderedRange: [number, number] = [0, 0];
  private renderedRows = new Map<number, HTMLTableRowElement>();
  private spacers: [HTMLTableRowElement, HTMLTableRowElement] | null = null;
  /** The one body element with tabindex 0 (roving tabindex). */
  private tabStop: HTMLElement | null = null;
  private active: ActiveCell = { item: groupItem(0), column: 0 };
  private frame: number | null = null;
  private fitFrame: number | null = null;
  private statusTimer: ReturnType<typeof setTimeout> | null = null;
  private destroyed = false;

  constructor(element: HTMLElement, data: EvaluationData, settings: MetricsTableSettings) {
    this.data = data;
    this.settings = settings;
    this.document = element.ownerDocument;
    this.root = this.document.createElement("div");
    this.root.className = "sw-metrics-table";
    if (!element.closest(".slicewise")) this.root.classList.add("slicewise");
    this.tooltip = this.document.createElement("div");
    this.tooltip.className = "sw-mt-tooltip";
    this.tooltip.id = `sw-mt-tooltip-${++tooltipCount}`;
    this.tooltip.setAttribute("role", "tooltip");
    this.tooltip.hidden = true;
    this.status = this.document.createElement("span");
    this.status.className = "sw-mt-status";
    this.status.setAttribute("role", "status");
    element.append(this.root);
    this.root.addEventListener("click", this.onClick);
    this.root.addEventListener("keydown", this.onKeyDown);
    this.root.addEventListener("focusin", this.onFocusIn);
    this.root.addEventListener("focusout", this.onFocusOut);
    this.root.addEventListener("mouseover", this.onMouseOver);
    this.root.addEventListener("mouseleave", this.hideTooltip);
    // The width decides whether the view selector shows; jsdom (and old hosts) have no observer.
    const Observer = (this.document.defaultView as (Window & typeof globalThis) | null)?.ResizeObserver;
    this.resizeObserver = Observer ? new Observer(this.scheduleFit) : null;
    this.resizeObserver?.observe(this.root);
    this.build();
  }

  update(options: MetricsTableOptions): void {
    if (this.destroyed) return;
    const previous = this.settings;
    this.settings = metricsTableDefaults({ ...previous, ...options });
    // A widget echoes the selection it was told about: that must not rebuild the table (and lose focus).
    if (layoutKey(previous) !== layoutKey(this.settings)) this.rebuildKeepingScroll();
    else if (previous.width !== this.settings.width) this.fit();
    const selected = this.settings.selected;
    if (!sameKey(previous.selected, selected)) {
      const t = selected ? this.testCaseIndex(selected) : -1;
      if (t >= 0 && this.itemIndex.has(t)) this.scrollToItem(this.itemIndex.get(t)!);
      this.renderBody();
      this.paintSelection();
    }
  }

  destroy(): void {
    this.destroyed = true;
    this.resizeObserver?.disconnect();
    if (this.frame !== null) cancelFrame(this.document, this.frame);
    if (this.fitFrame !== null) cancelFrame(this.document, this.fitFrame);
    if (this.statusTimer !== null) clearTimeout(this.statusTimer);
    this.root.removeEventListener("click", this.onClick);
    this.root.removeEventListener("keydown", this.onKeyDown);
    this.root.removeEventListener("focusin", this.onFocusIn);
    this.root.removeEventListener("focusout", this.onFocusOut);
    this.root.removeEventListener("mouseover", this.onMouseOver);
    this.root.removeEventListener("mouseleave", this.hideTooltip);
    this.scroller?.removeEventListener("scroll", this.onScroll);
    this.root.remove();
  }

  // ---- building -------------------------------------------------------------------------

  private build(): void {
    const { data, settings } = this;
    this.model = metricsTableModel(data, settings);
    this.hideTooltip();
    this.root.style.setProperty("--sw-mt-row-height", `${settings.rowHeight}px`);
    this.root.style.setProperty("--sw-mt-header-row-height", `${headerRowHeight}px`);

    const empty = this.emptyMessage();
    if (empty) {
      this.scroller?.removeEventListener("scroll", this.onScroll);
      this.scroller = null;
      this.table = null;
      this.tbody = null;
      this.viewControl = null;
      renderStateMessage(this.root, empty);
      return;
    }
    const hadFocus = this.tbody?.contains(this.document.activeElement) ?? false;
    this.computeItems();

    const scroller = this.document.createElement("div");
    scroller.className = "sw-mt-scroll";
    scroller.style.maxHeight = `${settings.maxHeight}px`;
    scroller.addEventListener("scroll", this.onScroll, { passive: true });
    const table = this.element("table", "sw-mt-table");
    table.setAttribute("role", "grid");
    table.setAttribute("aria-readonly", "true");
    table.setAttribute("aria-colcount", String(2 + this.model.columns.length));
    this.widths = this.columnWidths();
    table.append(this.caption(), this.colgroup(), this.thead());
    table.setAttribute("aria-rowcount", String(2 + this.items.length));
    const tbody = this.document.createElement("tbody");
    table.append(tbody);
    scroller.append(table);
    this.scroller?.removeEventListener("scroll", this.onScroll);
    this.scroller = scroller;
    this.table = table;
    this.tbody = tbody;
    this.applyWidths();
    this.root.replaceChildren(this.toolbar(), scroller, this.tooltip);
    this.renderBody(true, hadFocus);
    this.fit();
  }

  /** Sets the columns' widths, the table's, and the frozen columns' offsets (the stylesheet reads them). */
  private applyWidths(): void {
    const [name, count] = this.widths;
    this.columnElements.forEach((col, index) => (col.style.width = `${this.widths[index]}px`));
    if (this.table) this.table.style.width = `${this.widths.reduce((sum, width) => sum + width, 0)}px`;
    this.root.style.setProperty("--sw-mt-name-width", `${name}px`);
    this.root.style.setProperty("--sw-mt-frozen-width", `${name + count}px`);
  }

  /** Fits on the next frame, not inside the observer's callback: showing the selector changes the observed size. */
  private readonly scheduleFit = (): void => {
    if (this.fitFrame !== null || this.destroyed) return;
    this.fitFrame = requestFrame(this.document, () => {
      this.fitFrame = null;
      this.fit();
    });
  };

  /** Fits the table to the room it has, once laid out: model names whole, and the view selector when it is too wide. */
  private fit(): void {
    if (this.destroyed || !this.table) return;
    this.widenCutHeaders();
    if (!this.viewControl) return;
    const availableWidth = this.scroller?.clientWidth || this.root.clientWidth || this.settings.width;
    const contentWidth = this.widths.reduce((sum, width) => sum + width, 0);
    const offered = offerMetricsTableView({ choices: this.viewChoices.length, view: this.settings.view, contentWidth, availableWidth });
    if (this.viewControl.hidden === offered) this.viewControl.hidden = !offered;
  }

  /**
   * Widths come from text lengths; the browser's font may need a few px more for a model's name.
   * Measured after layout (all reads, then all writes), up to the cap beyond which names are cut.
   */
  private widenCutHeaders(): void {
    if (!this.table || !this.root.isConnected) return;
    const labels = this.table.querySelectorAll<HTMLElement>("thead th.sw-mt-model-header .sw-mt-sort-label");
    const missing = Array.from(labels, (label) => label.scrollWidth - label.clientWidth);
    let changed = false;
    missing.forEach((pixels, c) => {
      const index = 2 + c;
      if (pixels <= 0 || this.widths[index] >= valueMaximum) return;
      this.widths[index] = Math.min(valueMaximum, this.widths[index] + pixels + 1);
      changed = true;
    });
    if (changed) this.applyWidths();
  }

  private emptyMessage() {
    const { data, model } = this;
    if (data.length === 0) {
      return {
        title: "No evaluation results to show",
        detail: "Upload a dataset and at least one model's results, define a quality standard, then run evaluate() and show its table here.",
      };
    }
    const missing = (kind: string, names: string[], available: string[]) =>
      `None of the ${kind} asked for (${names.join(", ")}) is in this evaluation; it has ${available.join(", ")}.`;
    if (model.columns.length === 0) {
      const detail =
        model.metrics.length === 0
          ? missing("metrics", model.missing.metrics, [...new Set(data.metrics.map((metric) => metric.metric))])
          : missing("models", model.missing.models, data.models);
      return { title: "Nothing to show with these options", detail };
    }
    if (model.groups.length === 0) {
      return {
        title: "Nothing to show with these options",
        detail: missing("stratifications", model.missing.stratifications, [...new Set(data.testCases.map((key) => key.stratification))]),
      };
    }
    return null;
  }

  private computeItems(): void {
    const collapsed = new Set(this.settings.collapsed);
    const items: Item[] = [];
    this.model.groups.forEach((group, g) => {
      items.push(groupItem(g));
      if (!collapsed.has(group.stratification)) items.push(...group.testCases);
    });
    this.items = items;
    this.itemIndex = new Map(items.map((item, index) => [item, index]));
    if (!this.itemIndex.has(this.active.item)) {
      const group =
        this.active.item >= 0
          ? this.model.groups.findIndex((candidate) => candidate.stratification === this.data.testCases[this.active.item].stratification)
          : -1;
      this.active = { item: group >= 0 ? groupItem(group) : items[0], column: this.active.column };
    }
    this.tbody?.parentElement?.setAttribute("aria-rowcount", String(2 + items.length));
  }

  private toolbar(): HTMLElement {
    const { data, model } = this;
    const bar = this.element("div", "sw-mt-toolbar");
    const testCases = model.groups.reduce((sum, group) => sum + group.testCases.length, 0);
    const summary = this.element("span", "sw-mt-summary");
    summary.textContent = [
      plural(testCases, "test case"),
      plural(model.groups.length, "stratification"),
      plural(model.models.length, "model"),
      model.metrics.length < model.selectable.length
        ? `${model.metrics.length} of ${plural(model.selectable.length, "metric")}`
        : plural(model.metrics.length, "metric"),
    ].join(" · ");
    bar.append(summary);
    if (this.settings.showDelta && model.columns.some((column) => !column.isReference) && data.reference !== null) {
      const legend = this.element("span", "sw-mt-legend");
      legend.append(`Δ vs ${data.reference}: `);
      for (const verdict of ["improved", "regressed", "similar"] as const) {
        const key = this.element("span", `sw-mt-legend-item sw-verdict-${verdict}`);
        key.textContent = `${verdictSymbol[verdict]} ${verdict === "similar" ? "no significant difference" : verdict}`;
        legend.append(key);
      }
      bar.append(legend);
    }
    const view = this.viewSelect();
    if (view) bar.append(view);
    const actions = this.element("span", "sw-mt-actions");
    actions.append(
      this.status,
      this.copyButton("Copy CSV", () => metricsTableCSV(data, this.model, this.settings.showDelta)),
      this.copyButton("Copy Markdown", () => metricsTableMarkdown(data, this.model, this.settings.showDelta)),
    );
    bar.append(actions);
    return bar;
  }

  /**
   * "Show [All metrics | a group | a metric]": hidden until the table is wider than its column (see
   * fit); the choice lives in the settings, so update() and rebuilds keep it.
   */
  private viewSelect(): HTMLLabelElement | null {
    const { data, model } = this;
    this.viewChoices = metricsTableViewChoices(data.metrics, model.selectable);
    this.viewControl = null;
    if (this.viewChoices.length < 2) return null;
    const label = this.element("label", "sw-mt-view");
    label.append("Show ");
    const select = this.element("select", "sw-select sw-mt-view-select");
    select.dataset.role = "table-view";
    const current = metricsTableViewValue(this.settings.view);
    // A view the options no longer allow shows every metric (metricsInView), and says so.
    const value = this.viewChoices.some((choice) => choice.value === current) ? current : "";
    for (const choice of this.viewChoices) {
      const option = this.document.createElement("option");
      option.value = choice.value;
      option.textContent = choice.label;
      option.selected = choice.value === value;
      select.append(option);
    }
    select.addEventListener("change", () => {
      const chosen = this.viewChoices.find((choice) => choice.value === select.value)?.view ?? null;
      this.settings = { ...this.settings, view: chosen };
      this.rebuildKeepingScroll();
      this.root.querySelector<HTMLSelectElement>("select[data-role=table-view]")?.focus();
      this.settings.onViewChange(chosen);
    });
    label.append(select);
    label.hidden = true;
    this.viewControl = label;
    return label;
  }

  private copyButton(label: string, text: () => string): HTMLButtonElement {
    const button = this.element("button", "sw-button sw-mt-copy");
    button.type = "button";
    button.textContent = label;
    button.addEventListener("click", async () => {
      const copied = await copyText(this.document, text());
      if (this.destroyed) return;
      this.status.textContent = copied ? "Copied" : "Could not copy: the browser blocked the clipboard";
      this.status.classList.toggle("sw-mt-status-error", !copied);
      if (this.statusTimer !== null) clearTimeout(this.statusTimer);
      this.statusTimer = setTimeout(
        () => {
          this.status.textContent = "";
          this.statusTimer = null;
        },
        copied ? 1500 : 4000,
      );
    });
    return button;
  }

  private caption(): HTMLElement {
    const { data, model, settings } = this;
    const caption = this.element("caption", "sw-visually-hidden");
    const metrics = model.metrics.map((k) => data.metrics[k].metric).join(", ");
    const models = model.models.map((m) => (data.models[m] === data.reference ? `${data.models[m]} (reference)` : data.models[m])).join(", ");
    caption.textContent =
      settings.caption ??
      `Metrics per test case, grouped by stratification: ${metrics}, for ${models}.` +
        (settings.showDelta && data.reference !== null ? ` Each other model shows its difference to ${data.reference} and whether it is significant.` : "");
    return caption;
  }

  private columnWidths(): number[] {
    const { data, model } = this;
    const shown = model.groups.flatMap((group) => group.testCases);
    const largest = shown.reduce((most, t) => (model.n[t] > most ? model.n[t] : most), 0);
    return metricsTableWidths({
      testCases: shown.map((t) => data.testCases[t].testCase),
      largestCount: formatCount(largest),
      columns: model.columns.map((column) => ({
        ...column,
        tooFewSamples: shown.some((t) => data.tooFewSamples[data.rowOf(t, column.model, column.metric)] === 1),
      })),
      showDelta: this.settings.showDelta,
    });
  }

  private colgroup(): HTMLElement {
    const colgroup = this.document.createElement("colgroup");
    this.columnElements = this.widths.map(() => this.document.createElement("col"));
    colgroup.append(...this.columnElements);
    return colgroup;
  }

  private thead(): HTMLElement {
    const { data, model } = this;
    const thead = this.document.createElement("thead");
    const top = this.document.createElement("tr");
    const bottom = this.document.createElement("tr");
    top.setAttribute("aria-rowindex", "1");
    bottom.setAttribute("aria-rowindex", "2");
    top.append(
      this.sortHeader("test_case", "Test case", "Test case", "sw-mt-name-header"),
      this.sortHeader("n", "n", "Number of samples", "sw-mt-number-header"),
    );
    top.lastElementChild!.setAttribute("aria-colindex", "2");
    top.firstElementChild!.setAttribute("aria-colindex", "1");
    for (const cell of top.children) cell.setAttribute("rowspan", "2");
    let columnIndex = 0;
    for (const k of model.metrics) {
      const columns = model.columns.filter((column) => column.metric === k);
      const metric = data.metrics[k];
      const th = this.element("th", "sw-mt-metric-header");
      th.scope = "colgroup";
      th.colSpan = columns.length;
      th.setAttribute("aria-colindex", String(3 + columnIndex));
      // The label sticks beside the frozen columns, so a metric whose columns are half scrolled away keeps its name in view.
      const label = this.element("span", "sw-mt-metric-label");
      const name = this.element("span", "sw-mt-metric-name");
      name.textContent = columns[0].metricTitle;
      label.append(name);
      th.title = `${metric.group} / ${metric.metric}`;
      if (metric.higherIsBetter !== null) {
        const direction = this.element("span", "sw-mt-direction");
        direction.textContent = metric.higherIsBetter ? "↑" : "↓";
        direction.setAttribute("aria-label", metric.higherIsBetter ? "higher is better" : "lower is better");
        th.title += metric.higherIsBetter ? " (higher is better)" : " (lower is better)";
        label.append(direction);
      }
      th.append(label);
      top.append(th);
      for (const column of columns) {
        const label = column.isReference ? `${column.modelName} (reference)` : column.modelName;
        const header = this.sortHeader(
          { model: column.modelName, metric: column.metricLabel },
          column.modelName,
          `${column.metricTitle}, ${label}`,
          "sw-mt-model-header",
        );
        header.setAttribute("aria-colindex", String(3 + columnIndex++));
        if (column.isReference) header.classList.add("sw-mt-reference");
        if (column === columns[0]) header.classList.add("sw-mt-metric-start");
        bottom.append(header);
      }
    }
    thead.append(top, bottom);
    return thead;
  }

  private sortHeader(column: MetricsTableSortColumn, text: string, label: string, className: string): HTMLTableCellElement {
    const th = this.element("th", className);
    th.scope = "col";
    th.dataset.sort =
      typeof column === "string"
        ? column
        : `value:${this.model.columns.findIndex((candidate) => candidate.modelName === column.model && candidate.metricLabel === column.metric)}`;
    const sort = this.settings.sort;
    const sorted = sort !== null && sameSortColumn(sort.column, column) && (typeof column === "string" || sortColumnIndex(this.model.columns, sort) >= 0);
    if (sorted) th.setAttribute("aria-sort", sort.direction === "asc" ? "ascending" : "descending");
    const button = this.element("button", "sw-mt-sort");
    button.type = "button";
    button.setAttribute("aria-label", label);
    button.title = `Sort by ${label}`;
    const name = this.element("span", "sw-mt-sort-label");
    name.textContent = text;
    const indicator = this.element("span", "sw-mt-sort-indicator");
    indicator.setAttribute("aria-hidden", "true");
    indicator.textContent = sorted ? (sort.direction === "asc" ? "▴" : "▾") : "";
    button.append(name, indicator);
    th.append(button);
    return th;
  }

  // ---- body rows ------------------------------------------------------------------------

  private isVirtual(): boolean {
    return this.items.length > virtualizeAbove;
  }

  /** Rows in view (plus overscan), from the scroll position and the fixed row height, never from layout. */
  private visibleRange(): [number, number] {
    if (!this.isVirtual() || !this.scroller) return [0, this.items.length];
    const rowHeight = this.settings.rowHeight;
    const viewport = (this.scroller.clientHeight || this.settings.maxHeight) - 2 * headerRowHeight;
    const first = Math.floor(Math.max(0, this.scroller.scrollTop) / rowHeight);
    const count = Math.ceil(Math.max(viewport, rowHeight) / rowHeight) + 1;
    return [Math.max(0, first - overscan), Math.min(this.items.length, first + count + overscan)];
  }

  /**
   * Draws the rows in view. Rows still in view are kept (a scroll adds and removes only the rows at
   * the edges); `force` draws every row anew, for when the rows' order or content changed.
   */
  private renderBody(force = false, hadFocus = this.tbody?.contains(this.document.activeElement) ?? false): void {
    const tbody = this.tbody;
    if (!tbody) return;
    // A long table's container is always full, so its height is fixed: the rows in view follow from it before any layout.
    const height = this.isVirtual() ? `${this.settings.maxHeight}px` : "";
    if (this.scroller && this.scroller.style.height !== height) this.scroller.style.height = height;
    const [start, end] = this.visibleRange();
    if (force || !this.spacers || this.spacers[0].parentNode !== tbody) {
      this.spacers = [this.spacer(), this.spacer()];
      this.renderedRows.clear();
      this.renderedRange = [0, 0];
      tbody.replaceChildren(...this.spacers);
    } else if (start === this.renderedRange[0] && end === this.renderedRange[1]) return;
    const [top, bottom] = this.spacers;
    const [oldStart, oldEnd] = this.renderedRange;
    for (const [index, row] of this.renderedRows) {
      if (index >= start && index < end) continue;
      row.remove();
      this.renderedRows.delete(index);
    }
    const keptStart = Math.max(start, oldStart);
    const keptEnd = Math.min(end, oldEnd);
    const overlap = keptStart < keptEnd;
    top.after(this.rowsBetween(start, overlap ? keptStart : end));
    if (overlap) bottom.before(this.rowsBetween(keptEnd, end));
    this.renderedRange = [start, end];
    this.sizeSpacer(top, start);
    this.sizeSpacer(bottom, this.items.length - end);
    this.applyRovingTabindex(hadFocus);
  }

  private rowsBetween(start: number, end: number): DocumentFragment {
    const fragment = this.document.createDocumentFragment();
    const columnCount = 2 + this.model.columns.length;
    for (let index = start; index < end; index++) {
      const item = this.items[index];
      const row = item >= 0 ? this.testCaseRow(index, item) : this.groupRow(index, -1 - item, columnCount);
      this.renderedRows.set(index, row);
      fragment.append(row);
    }
    return fragment;
  }

  private spacer(): HTMLTableRowElement {
    const row = this.element("tr", "sw-mt-spacer");
    row.setAttribute("aria-hidden", "true");
    const cell = this.document.createElement("td");
    cell.colSpan = 2 + this.model.columns.length;
    row.append(cell);
    return row;
  }

  private sizeSpacer(spacer: HTMLTableRowElement, rows: number): void {
    spacer.hidden = rows === 0;
    (spacer.firstChild as HTMLTableCellElement).style.height = `${rows * this.settings.rowHeight}px`;
  }

  private paintSelection(): void {
    for (const row of this.renderedRows.values()) {
      if (!row.classList.contains("sw-mt-row")) continue;
      const selected = sameKey(this.settings.selected, { stratification: row.dataset.stratification!, testCase: row.dataset.testCase! });
      row.setAttribute("aria-selected", String(selected));
      row.classList.toggle("sw-mt-selected", selected);
    }
  }

  private groupRow(index: number, g: number, columnCount: number): HTMLTableRowElement {
    const group = this.model.groups[g];
    const expanded = !this.settings.collapsed.includes(group.stratification);
    const row = this.element("tr", "sw-mt-group");
    row.dataset.group = group.stratification;
    row.dataset.item = String(index);
    row.setAttribute("aria-rowindex", String(3 + index));
    const th = this.element("th", "sw-mt-group-header");
    th.scope = "rowgroup";
    th.colSpan = columnCount;
    th.setAttribute("aria-colindex", "1");
    const button = this.element("button", "sw-mt-toggle");
    button.type = "button";
    button.tabIndex = -1;
    button.setAttribute("aria-expanded", String(expanded));
    const chevron = this.element("span", "sw-mt-chevron");
    chevron.setAttribute("aria-hidden", "true");
    chevron.textContent = expanded ? "▾" : "▸";
    const name = this.element("span", "sw-mt-group-name");
    name.textContent = group.stratification;
    const count = this.element("span", "sw-mt-count");
    count.textContent = plural(group.testCases.length, "test case");
    button.append(chevron, name, count);
    th.append(button);
    row.append(th);
    return row;
  }

  private testCaseRow(index: number, t: number): HTMLTableRowElement {
    const { data, model, settings } = this;
    const key = data.testCases[t];
    const selected = sameKey(settings.selected, key);
    const row = this.element("tr", index % 2 ? "sw-mt-row sw-mt-odd" : "sw-mt-row");
    row.dataset.testCase = key.testCase;
    row.dataset.stratification = key.stratification;
    row.dataset.item = String(index);
    row.setAttribute("aria-rowindex", String(3 + index));
    row.setAttribute("aria-selected", String(selected));
    if (selected) row.classList.add("sw-mt-selected");

    const name = this.element("th", "sw-mt-name");
    name.scope = "row";
    name.title = key.testCase;
    name.tabIndex = -1;
    name.setAttribute("aria-colindex", "1");
    const text = this.element("span", "sw-mt-name-text");
    text.textContent = key.testCase;
    name.append(text);

    const count = this.element("td", "sw-mt-count-cell");
    count.tabIndex = -1;
    count.setAttribute("aria-colindex", "2");
    count.textContent = formatCount(model.n[t]);
    row.append(name, count);

    model.columns.forEach((column, c) => row.append(this.valueCell(t, column, c)));
    return row;
  }

  private valueCell(t: number, column: MetricsTableColumn, c: number): HTMLTableCellElement {
    const { data, settings } = this;
    const row = data.rowOf(t, column.model, column.metric);
    const value = row < 0 ? NaN : data.value[row];
    const cell = this.element("td", c === 0 || this.model.columns[c - 1].metric !== column.metric ? "sw-mt-value sw-mt-metric-start" : "sw-mt-value");
    cell.tabIndex = -1;
    cell.setAttribute("aria-colindex", String(3 + c));
    cell.dataset.model = column.modelName;
    cell.dataset.metric = column.metricLabel;
    cell.dataset.value = Number.isNaN(value) ? "" : String(value);
    const number = this.element("span", "sw-mt-number");
    number.textContent = formatValue(value);
    cell.append(number);
    if (!column.isReference) {
      const verdict = cellVerdict(data, row);
      cell.dataset.verdict = verdict;
      if (settings.showDelta && row >= 0 && data.tooFewSamples[row]) {
        const note = this.element("span", "sw-mt-delta sw-mt-too-few sw-verdict-unknown");
        note.textContent = tooFewSamplesText;
        cell.append(note);
      } else if (settings.showDelta) {
        const delta = this.element("span", `sw-mt-delta sw-verdict-${verdict}`);
        const symbol = this.element("span", "sw-mt-symbol");
        symbol.setAttribute("role", "img");
        symbol.setAttribute("aria-label", verdictLabel[verdict]);
        symbol.textContent = verdictSymbol[verdict];
        delta.append(symbol, row < 0 ? "" : formatDelta(data.delta[row]));
        cell.append(delta);
      }
    }
    return cell;
  }

  // ---- focus and keyboard ---------------------------------------------------------------

  private activeIndex(): number {
    return this.itemIndex.get(this.active.item) ?? 0;
  }

  /** The focusable element of the active cell, when its row is rendered. */
  private activeElement(): HTMLElement | null {
    const row = this.renderedRows.get(this.activeIndex());
    if (!row) return null;
    if (this.active.item < 0) return row.querySelector("button");
    return (row.children[Math.min(this.active.column, row.children.length - 1)] as HTMLElement) ?? null;
  }

  /** Exactly one body cell is in the tab order: the active one, or the first rendered one when the active row scrolled away. */
  private applyRovingTabindex(focus: boolean, preventScroll = true): void {
    let target = this.activeElement();
    if (!target) {
      const first = this.renderedRows.get(this.renderedRange[0]);
      target = first ? (first.classList.contains("sw-mt-group") ? first.querySelector("button") : (first.firstElementChild as HTMLElement)) : null;
    }
    if (!target) return;
    this.setTabStop(target);
    if (focus && this.document.activeElement !== target) target.focus({ preventScroll });
  }

  private setTabStop(target: HTMLElement): void {
    if (this.tabStop && this.tabStop !== target) this.tabStop.tabIndex = -1;
    target.tabIndex = 0;
    this.tabStop = target;
  }

  private moveTo(index: number, column: number): void {
    if (this.items.length === 0) return;
    const clamped = Math.max(0, Math.min(this.items.length - 1, index));
    this.active = { item: this.items[clamped], column: Math.max(0, Math.min(1 + this.model.columns.length, column)) };
    this.scrollToItem(clamped);
    this.renderBody();
    // Not preventing the scroll: moving along a row scrolls the focused cell into view horizontally.
    this.applyRovingTabindex(true, false);
  }

  private scrollToItem(index: number): void {
    const scroller = this.scroller;
    if (!scroller) return;
    const rowHeight = this.settings.rowHeight;
    const viewport = Math.max((scroller.clientHeight || this.settings.maxHeight) - 2 * headerRowHeight, rowHeight);
    const top = index * rowHeight;
    if (top < scroller.scrollTop) scroller.scrollTop = top;
    else if (top + rowHeight > scroller.scrollTop + viewport) scroller.scrollTop = top + rowHeight - viewport;
  }

  private readonly onKeyDown = (event: KeyboardEvent): void => {
    const target = event.target as HTMLElement;
    if (!this.tbody?.contains(target)) return;
    const index = this.activeIndex();
    const column = this.active.column;
    const onGroup = this.active.item < 0;
    const page = Math.max(1, Math.floor(((this.scroller?.clientHeight || this.settings.maxHeight) - 2 * headerRowHeight) / this.settings.rowHeight) - 1);
    switch (event.key) {
      case "ArrowDown":
        this.moveTo(index + 1, column);
        break;
      case "ArrowUp":
        this.moveTo(index - 1, column);
        break;
      case "ArrowRight":
        if (onGroup) this.setCollapsed(-1 - this.active.item, false);
        else this.moveTo(index, column + 1);
        break;
      case "ArrowLeft":
        if (onGroup) this.setCollapsed(-1 - this.active.item, true);
        else this.moveTo(index, column - 1);
        break;
      case "Home":
        this.moveTo(event.ctrlKey || event.metaKey ? 0 : index, event.ctrlKey || event.metaKey ? column : 0);
        break;
      case "End":
        this.moveTo(event.ctrlKey || event.metaKey ? this.items.length - 1 : index, event.ctrlKey || event.metaKey ? column : 1 + this.model.columns.length);
        break;
      case "PageDown":
        this.moveTo(index + page, column);
        break;
      case "PageUp":
        this.moveTo(index - page, column);
        break;
      case "Enter":
      case " ":
        // On a group row the toggle is a button: its own click does it. The key still stops here, or a
        // notebook in command mode would take Enter (edit the cell) and cancel the click.
        if (onGroup) {
          event.stopPropagation();
          return;
        }
        this.toggleSelection(this.active.item);
        break;
      case "Escape":
        if (!this.settings.selected) return;
        this.select(null);
        break;
      default:
        return;
    }
    // Only the keys the table uses: in a notebook's command mode they would otherwise move between cells.
    event.preventDefault();
    event.stopPropagation();
  };

  private readonly onFocusIn = (event: FocusEvent): void => {
    const target = event.target as HTMLElement;
    const header = target.closest?.<HTMLTableCellElement>("thead th.sw-mt-model-header");
    if (header && this.root.contains(header)) {
      this.showHeaderTooltip(header, target);
      return;
    }
    if (!this.tbody?.contains(target)) return;
    const row = target.closest<HTMLTableRowElement>("tr[data-item]");
    if (!row) return;
    const index = Number(row.dataset.item);
    const cell = target.closest("th, td");
    const column = this.items[index] < 0 ? this.active.column : cell ? Array.prototype.indexOf.call(row.children, cell) : 0;
    this.active = { item: this.items[index], column };
    this.setTabStop(target);
    if (target.matches("td.sw-mt-value")) {
      this.showTooltip(target as HTMLTableCellElement);
      target.setAttribute("aria-describedby", this.tooltip.id);
    }
  };

  private readonly onFocusOut = (event: FocusEvent): void => {
    const target = event.target as HTMLElement;
    if (target.matches?.("td.sw-mt-value, thead button.sw-mt-sort")) {
      target.removeAttribute("aria-describedby");
      this.hideTooltip();
    }
  };

  // ---- pointer ----------------------------------------------------------------------------

  private readonly onClick = (event: MouseEvent): void => {
    const target = event.target as HTMLElement;
    const header = target.closest<HTMLTableCellElement>("thead th[data-sort]");
    if (header && this.root.contains(header)) {
      this.sortBy(header.dataset.sort!);
      return;
    }
    if (!this.tbody?.contains(target)) return;
    const row = target.closest<HTMLTableRowElement>("tr[data-item]");
    if (!row) return;
    const index = Number(row.dataset.item);
    const item = this.items[index];
    if (item < 0) {
      this.setCollapsed(-1 - item, !this.settings.collapsed.includes(this.model.groups[-1 - item].stratification));
      return;
    }
    const cell = target.closest("th, td");
    this.active = { item, column: cell ? Math.max(0, Array.prototype.indexOf.call(row.children, cell)) : 0 };
    this.toggleSelection(item);
  };

  private readonly onMouseOver = (event: MouseEvent): void => {
    const cell = (event.target as HTMLElement).closest?.<HTMLTableCellElement>("td.sw-mt-value");
    if (cell && this.tbody?.contains(cell)) this.showTooltip(cell);
    else if (!this.tooltip.hidden && !this.tbody?.contains(this.document.activeElement)) this.hideTooltip();
  };

  private readonly onScroll = (): void => {
    this.hideTooltip();
    if (!this.isVirtual() || this.frame !== null) return;
    this.frame = requestFrame(this.document, () => {
      this.frame = null;
      if (!this.destroyed) this.renderBody();
    });
  };

  // ---- tooltip ----------------------------------------------------------------------------

  private showTooltip(cell: HTMLTableCellElement): void {
    const row = cell.closest<HTMLTableRowElement>("tr[data-item]");
    const c = Number(cell.getAttribute("aria-colindex")) - 3;
    const column = this.model.columns[c];
    if (!row || !column) return;
    const t = this.items[Number(row.dataset.item)];
    this.tooltip.textContent = this.describeCell(t, column);
    this.placeTooltip(cell);
  }

  /**
   * A model's header on keyboard focus: its metric and model in full (a name may be cut in the
   * header; a mouse gets the same from the title), as the focused button's description.
   */
  private showHeaderTooltip(header: HTMLTableCellElement, focused: HTMLElement): void {
    const column = this.model.columns[Number(header.dataset.sort?.slice("value:".length))];
    if (!column) return;
    this.tooltip.textContent = [
      column.metricTitle,
      column.isReference ? `${column.modelName} (reference)` : column.modelName,
      "Sort by this column: Enter or click",
    ].join("\n");
    this.placeTooltip(header);
    focused.setAttribute("aria-describedby", this.tooltip.id);
  }

  /** Below `anchor`, kept inside the table's width so that it never widens the page. */
  private placeTooltip(anchor: HTMLElement): void {
    this.tooltip.hidden = false;
    const box = anchor.getBoundingClientRect();
    const origin = this.root.getBoundingClientRect();
    const room = this.root.clientWidth - this.tooltip.offsetWidth;
    this.tooltip.style.left = `${Math.max(0, Math.min(box.left - origin.left, room))}px`;
    this.tooltip.style.top = `${box.bottom - origin.top + 4}px`;
  }

  private readonly hideTooltip = (): void => {
    this.tooltip.hidden = true;
  };

  /** The figures behind one cell, as lines of text. */
  private describeCell(t: number, column: MetricsTableColumn): string {
    const { data } = this;
    const row = data.rowOf(t, column.model, column.metric);
    const key = data.testCases[t];
    const lines = [`${key.stratification} / ${key.testCase}`, `${column.metricTitle} · ${column.modelName}${column.isReference ? " (reference)" : ""}`];
    if (row < 0) return [...lines, "no result for this test case"].join("\n");
    const interval = formatInterval(data.ciLow[row], data.ciHigh[row]);
    lines.push(`value ${formatValue(data.value[row])}${interval ? `  CI ${interval}` : ""}  n ${formatCount(data.n[row])}`);
    if (!column.isReference && data.reference !== null) {
      const verdict = cellVerdict(data, row);
      const delta = formatDelta(data.delta[row]);
      lines.push(`Δ vs ${data.reference} ${delta || "—"}  p ${formatProbability(data.pValue[row])}  q ${formatProbability(data.qValue[row])}`);
      lines.push(
        data.tooFewSamples[row]
          ? `${verdictSymbol[verdict]} unknown: ${tooFewSamplesText} for a verdict`
          : `${verdictSymbol[verdict]} ${verdictLabel[verdict]}`,
      );
    }
    return lines.join("\n");
  }

  // ---- state changes ----------------------------------------------------------------------

  private sortBy(key: string): void {
    const column: MetricsTableSortColumn | null =
      key === "test_case" || key === "n"
        ? key
        : this.model.columns[Number(key.slice("value:".length))]
          ? this.sortColumnOf(this.model.columns[Number(key.slice("value:".length))])
          : null;
    if (!column) return;
    const sort = nextSort(this.settings.sort, column);
    this.settings = { ...this.settings, sort };
    this.rebuildKeepingScroll();
    this.settings.onSortChange(sort);
  }

  private sortColumnOf(column: MetricsTableColumn): MetricsTableSortColumn {
    return { model: column.modelName, metric: column.metricLabel };
  }

  private setCollapsed(g: number, collapse: boolean): void {
    const stratification = this.model.groups[g].stratification;
    if (this.settings.collapsed.includes(stratification) === collapse) return;
    const collapsed = collapse ? [...this.settings.collapsed, stratification] : this.settings.collapsed.filter((name) => name !== stratification);
    this.settings = { ...this.settings, collapsed };
    this.active = { item: groupItem(g), column: this.active.column };
    const hadFocus = this.root.contains(this.document.activeElement);
    this.computeItems();
    this.renderBody(true);
    if (hadFocus) this.activeElement()?.focus({ preventScroll: true });
    this.settings.onCollapseChange(collapsed);
  }

  private toggleSelection(t: number): void {
    const key = this.data.testCases[t];
    this.select(sameKey(this.settings.selected, key) ? null : { stratification: key.stratification, testCase: key.testCase });
  }

  private select(key: TestCaseKey | null): void {
    this.settings = { ...this.settings, selected: key };
    this.paintSelection();
    this.settings.onSelect(key);
  }

  private rebuildKeepingScroll(): void {
    const scrollTop = this.scroller?.scrollTop ?? 0;
    const hadFocus = this.tbody?.contains(this.document.activeElement) ?? false;
    const focusedHeader = (this.document.activeElement as HTMLElement | null)?.closest?.<HTMLElement>("thead th[data-sort]")?.dataset.sort;
    this.build();
    if (this.scroller) this.scroller.scrollTop = scrollTop;
    this.renderBody(true, hadFocus);
    if (focusedHeader) this.root.querySelector<HTMLElement>(`thead th[data-sort="${focusedHeader}"] button`)?.focus();
  }

  // ---- helpers ----------------------------------------------------------------------------

  private testCaseIndex(key: TestCaseKey): number {
    return this.data.testCases.findIndex((candidate) => sameKey(candidate, key));
  }

  private element<K extends keyof HTMLElementTagNameMap>(tag: K, className: string): HTMLElementTagNameMap[K] {
    const element = this.document.createElement(tag);
    element.className = className;
    return element;
  }
}

/** What, when it changes, needs the table built anew (not just its rows drawn again). */
function layoutKey(settings: MetricsTableSettings): string {
  const { metrics, models, stratifications, sort, collapsed, maxHeight, showDelta, rowHeight, caption, view } = settings;
  return JSON.stringify([metrics, models, stratifications, sort, collapsed, maxHeight, showDelta, rowHeight, caption, view]);
}

function sameKey(a: TestCaseKey | null, b: TestCaseKey | null): boolean {
  return a === b || (a !== null && b !== null && a.stratification === b.stratification && a.testCase === b.testCase);
}

function plural(count: number, noun: string): string {
  return `${count.toLocaleString("en-US")} ${noun}${count === 1 ? "" : "s"}`;
}

function requestFrame(document: Document, callback: () => void): number {
  const view = document.defaultView;
  if (view?.requestAnimationFrame) return view.requestAnimationFrame(callback);
  return Number(setTimeout(callback, 16));
}

function cancelFrame(document: Document, frame: number): void {
  const view = document.defaultView;
  if (view?.cancelAnimationFrame) view.cancelAnimationFrame(frame);
  else clearTimeout(frame);
}

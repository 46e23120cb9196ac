// The sample gallery: a virtualized grid of sample cards over a samples table (images, ground truth, each model's
// prediction and verdict), with test-case, field and disagreement filters, sorting, and a detail dialog.
import { Table } from "apache-arrow";
import { formatCount } from "./format";
import { renderStateMessage, StateMessage } from "./stateMessage";
import { fillCard, formatCell, GalleryContext } from "./sampleGalleryCard";
import { renderSampleDetail } from "./sampleGalleryDetail";
import { ObjectUrlCache } from "./sampleGalleryMedia";
import { applySampleGalleryDefaults, ResolvedSampleGalleryOptions, SampleGalleryOptions, SampleGalleryTestCase } from "./sampleGalleryOptions";
import { createToolbar, Toolbar } from "./sampleGalleryToolbar";
import { countDisagreements, filterSampleRows, isSortable, readSamples, sameValue, SamplesData, sortSampleRows } from "./samplesData";

export type { SampleGalleryFilter, SampleGalleryOptions, SampleGalleryTestCase } from "./sampleGalleryOptions";
export { applySampleGalleryDefaults } from "./sampleGalleryOptions";

export interface SampleGalleryUpdate extends SampleGalleryOptions {
  /** A new samples table; without it the current one stays. */
  table?: Table;
}

export interface SampleGalleryHandle {
  /** Options are merged over the current ones (shallowly: a new `filter` replaces the old one). */
  update(options: SampleGalleryUpdate): void;
  /** Removes the gallery and revokes every Blob URL it made. */
  destroy(): void;
  /** Row indexes of the cards in the DOM, in display order. */
  visibleRowIndexes(): number[];
}

/** Rows drawn above and below the viewport, so a fast scroll does not show blank space before the next frame. */
const overscanRows = 2;
const cardMargin = 3;
const cardPadding = 4;
const captionGap = 4;
const lineHeight = 18;
/** The viewport's top and bottom border (css/sampleGallery.css), inside its height (border-box). */
const viewportBorders = 2;

interface Geometry {
  columns: number;
  cardWidth: number;
  mediaSize: number;
  rowHeight: number;
}

function geometry(options: ResolvedSampleGalleryOptions, width: number, lines: number): Geometry {
  const cardWidth = options.cardSize;
  const columns = Math.max(1, Math.floor(width / cardWidth));
  const inset = 2 * (cardMargin + cardPadding);
  const mediaSize = cardWidth - inset;
  return { columns, cardWidth, mediaSize, rowHeight: mediaSize + inset + captionGap + lines * lineHeight };
}

/** The test case's rows: given by the caller, every row for the whole dataset, or matched by a same-named column. */
function testCaseRows(data: SamplesData, testCase: SampleGalleryTestCase | null): { rows: ArrayLike<number> | null; problem?: string } {
  if (!testCase) return { rows: null };
  if (testCase.rows) return { rows: testCase.rows };
  if (testCase.stratification === "dataset" && testCase.testCase === "all") return { rows: null };
  const column = data.table.getChild(testCase.stratification);
  if (!column)
    return {
      rows: null,
      problem: `Test case "${testCase.stratification} / ${testCase.testCase}" came without its rows, and the table has no column "${testCase.stratification}" to match it by; pass filter.testCase.rows (the test case's row indexes in this table).`,
    };
  const rows: number[] = [];
  for (let row = 0; row < data.length; row++) if (sameValue(column.get(row), testCase.testCase)) rows.push(row);
  return { rows };
}

function emptyMessage(data: SamplesData, resolved: ResolvedSampleGalleryOptions, base: Int32Array): StateMessage {
  const { testCase, field } = resolved;
  const scope = testCase ? " in this test case" : field ? ` with ${field.name} = ${formatCell(field.value)}` : "";
  if (base.length === 0) {
    if (testCase && field)
      return {
        title: `No samples in test case "${testCase.stratification} / ${testCase.testCase}" have ${field.name} = ${formatCell(field.value)}`,
        detail: `Remove the filter on ${field.name}, or choose another test case.`,
      };
    if (testCase) return { title: `No samples in test case "${testCase.stratification} / ${testCase.testCase}"`, detail: "This table has no rows for it; choose another test case." };
    if (field) return { title: `No samples have ${field.name} = ${formatCell(field.value)}`, detail: `Remove the filter on ${field.name}, or choose another value.` };
  }
  const a = resolved.modelA!;
  const b = resolved.modelB!;
  const known = data.models.filter((model) => model.name === a || model.name === b).every((model) => base.some((row) => model.correct[row] !== -1));
  if (!known)
    return {
      title: `Cannot tell right from wrong for ${a} and ${b}`,
      detail: `The table has no "<model>.${resolved.correct}" columns and no ground truth to compare predictions with; pass the correct or groundTruth option.`,
    };
  const counts = countDisagreements(data, base, a, b);
  if (counts.aRightBWrong === 0 && counts.aWrongBRight === 0)
    return {
      title: `No samples match: ${a} and ${b} agree on every sample${scope}`,
      detail: "Neither model is right where the other is wrong. Show all samples, or compare another pair of models.",
    };
  const [right, wrong, other, otherLabel] =
    resolved.disagreement === "a-right-b-wrong" ? [a, b, counts.aWrongBRight, "A wrong, B right"] : [b, a, counts.aRightBWrong, "A right, B wrong"];
  return {
    title: `No samples where ${right} is right and ${wrong} is wrong${scope}`,
    detail: `${formatCount(other)} ${other === 1 ? "sample goes" : "samples go"} the other way: choose "${otherLabel}" to see ${other === 1 ? "it" : "them"}.`,
  };
}

export function renderSampleGallery(element: HTMLElement, table: Table, options: SampleGalleryOptions): SampleGalleryHandle {
  const document = element.ownerDocument;
  const view = document.defaultView;
  let currentTable = table;
  let rawOptions: SampleGalleryOptions = { ...options };
  let resolved!: ResolvedSampleGalleryOptions;
  let data: SamplesData | null = null;
  let dataTable: Table | null = null;
  let dataKey = "";
  let order: Int32Array = new Int32Array(0);
  let layout: Geometry | null = null;
  let activePosition = 0;
  let detailPosition: number | null = null;
  let framePending = false;
  let destroyed = false;
  // Bound late, so a stubbed URL.createObjectURL (tests, or a host that wraps it) is the one used.
  const urls = new ObjectUrlCache({ createObjectURL: (blob) => URL.createObjectURL(blob), revokeObjectURL: (url) => URL.revokeObjectURL(url) });

  const root = document.createElement("div");
  root.className = "sw-sample-gallery";
  if (!element.closest(".slicewise")) root.classList.add("slicewise");
  // Arrow keys, Enter and Escape belong to the gallery, not to a host's notebook shortcuts (Lumino honours this).
  root.setAttribute("data-lm-suppress-shortcuts", "true");
  const events = {
    disagreement: (mode: ResolvedSampleGalleryOptions["disagreement"]) => setFilter({ disagreement: mode, modelA: resolved.modelA, modelB: resolved.modelB }),
    modelA: (model: string) => setFilter({ modelA: model, modelB: model === resolved.modelB ? resolved.modelA : resolved.modelB }),
    modelB: (model: string) => setFilter({ modelB: model, modelA: model === resolved.modelA ? resolved.modelB : resolved.modelA }),
    sort: (sortBy: ResolvedSampleGalleryOptions["sortBy"]) => {
      rawOptions = { ...rawOptions, sortBy };
      resetScroll();
      apply();
    },
    clearTestCase: () => {
      setFilter({ testCase: null });
      resolved.onClearTestCase?.();
    },
    clearField: () => setFilter({ field: null }),
  };
  const toolbar: Toolbar = createToolbar(document, events);
  const viewport = document.createElement("div");
  viewport.className = "sw-gallery-viewport";
  viewport.setAttribute("role", "grid");
  viewport.setAttribute("aria-label", "Samples");
  const canvas = document.createElement("div");
  canvas.className = "sw-gallery-canvas";
  canvas.setAttribute("role", "rowgroup");
  viewport.append(canvas);
  const messageBox = document.createElement("div");
  messageBox.className = "sw-gallery-message";
  messageBox.hidden = true;
  root.append(toolbar.element, viewport, messageBox);
  element.append(root);

  const rowElements = new Map<number, HTMLElement>();
  const rowPool: HTMLElement[] = [];
  let detail: HTMLElement | null = null;

  function context(): GalleryContext {
    return { document, data: data!, options: resolved, urls };
  }

  function setFilter(change: Partial<NonNullable<SampleGalleryOptions["filter"]>>): void {
    rawOptions = { ...rawOptions, filter: { ...rawOptions.filter, ...change } };
    resetScroll();
    apply();
  }

  function resetScroll(): void {
    viewport.scrollTop = 0;
    activePosition = 0;
  }

  function clearGrid(): void {
    rowElements.clear();
    rowPool.length = 0;
    canvas.replaceChildren();
  }

  function showMessage(message: StateMessage): void {
    order = new Int32Array(0);
    clearGrid();
    viewport.hidden = true;
    messageBox.hidden = false;
    renderStateMessage(messageBox, message);
  }

  function apply(): void {
    resolved = applySampleGalleryDefaults(currentTable, rawOptions);
    const key = JSON.stringify([resolved.idFields, resolved.groundTruth, resolved.models, resolved.prediction, resolved.correct, resolved.media, resolved.boxes]);
    if (currentTable !== dataTable || key !== dataKey) {
      if (currentTable !== dataTable) urls.clear();
      data = readSamples(currentTable, resolved);
      dataTable = currentTable;
      dataKey = key;
      layout = null;
      clearGrid();
    }
    const samples = data!;
    root.style.setProperty("--sw-gallery-card-width", `${resolved.cardSize}px`);
    const problem = prepareOrder(samples);
    toolbar.element.hidden = samples.length === 0;
    toolbar.refresh({
      models: resolved.models,
      disagreement: resolved.disagreement,
      modelA: resolved.modelA,
      modelB: resolved.modelB,
      sortable: currentTable.schema.fields.filter((field) => isSortable(field.type)).map((field) => field.name),
      sortBy: resolved.sortBy,
      shown: problem ? 0 : order.length,
      total: samples.length,
      testCase: resolved.testCase,
      field: resolved.field,
    });
    if (problem) {
      showMessage(problem);
      closeDetail(false);
      return;
    }
    viewport.hidden = false;
    messageBox.hidden = true;
    activePosition = Math.min(activePosition, order.length - 1);
    renderGrid();
    if (detailPosition !== null) {
      const row = Number(detail?.querySelector<HTMLElement>(".sw-gallery-detail")?.dataset.row);
      const position = order.indexOf(row);
      if (position < 0) closeDetail(false);
      else openDetail(position, false);
    }
  }

  /** Filters and sorts into `order`; returns the message to show instead of a grid, if any. */
  function prepareOrder(samples: SamplesData): StateMessage | null {
    if (samples.length === 0)
      return { title: "No samples to show", detail: "This samples table has no rows. Upload a dataset and model results, or choose a test case that has samples." };
    if (resolved.problems.length > 0) return { kind: "error", title: "The gallery cannot show these samples", detail: resolved.problems.join(" ") };
    const testCase = testCaseRows(samples, resolved.testCase);
    if (testCase.problem) return { kind: "error", title: "Which samples are in this test case?", detail: testCase.problem };
    const comparing = resolved.disagreement !== "none";
    if (comparing && (resolved.models.length < 2 || !resolved.modelA || !resolved.modelB))
      return {
        title: "Comparing models needs two models",
        detail: `This table has results for ${resolved.models.length === 1 ? `only "${resolved.models[0]}"` : "no model"}; show all samples instead.`,
      };
    if (comparing && resolved.modelA === resolved.modelB)
      return { title: `Both sides are "${resolved.modelA}"`, detail: "Choose two different models to see where one is right and the other wrong." };
    const base = filterSampleRows(samples, { rows: testCase.rows, field: resolved.field });
    const filtered = comparing ? filterSampleRows(samples, { rows: base, disagreement: resolved.disagreement, modelA: resolved.modelA, modelB: resolved.modelB }) : base;
    if (filtered.length === 0) return emptyMessage(samples, resolved, base);
    order = sortSampleRows(samples, filtered, resolved.sortBy);
    return null;
  }

  function measure(): Geometry {
    // The viewport's client width excludes its scrollbar, so the last column is never cut off.
    const width = viewport.clientWidth || element.clientWidth || resolved.width;
    const lines = 1 + (data!.groundTruth ? 1 : 0) + data!.models.length;
    return geometry(resolved, width, lines);
  }

  function renderGrid(): void {
    if (destroyed || !data || viewport.hidden) return;
    const next = measure();
    if (!layout || next.columns !== layout.columns || next.rowHeight !== layout.rowHeight || next.cardWidth !== layout.cardWidth) {
      clearGrid();
      layout = next;
      root.style.setProperty("--sw-gallery-row-height", `${layout.rowHeight}px`);
      root.style.setProperty("--sw-gallery-media-size", `${layout.mediaSize}px`);
    }
    const { columns, rowHeight } = layout;
    const gridRows = Math.ceil(order.length / columns);
    canvas.style.height = `${gridRows * rowHeight}px`;
    // As tall as its cards, up to the height asked for: a few cards leave no empty frame below them.
    root.style.setProperty("--sw-gallery-viewport-height", `${Math.min(resolved.height, gridRows * rowHeight + viewportBorders)}px`);
    canvas.style.width = `${columns * layout.cardWidth}px`;
    viewport.setAttribute("aria-rowcount", String(gridRows));
    viewport.setAttribute("aria-colcount", String(columns));
    const top = viewport.scrollTop;
    const first = Math.max(0, Math.floor(top / rowHeight) - overscanRows);
    const last = Math.min(gridRows - 1, Math.floor((top + resolved.height) / rowHeight) + overscanRows);
    for (const [gridRow, rowElement] of rowElements) {
      if (gridRow >= first && gridRow <= last) continue;
      rowElements.delete(gridRow);
      rowElement.remove();
      rowPool.push(rowElement);
    }
    const shared = context();
    let tabStopShown = false;
    for (let gridRow = first; gridRow <= last; gridRow++) {
      let rowElement = rowElements.get(gridRow);
      if (!rowElement) {
        rowElement = rowPool.pop() ?? createRow();
        rowElements.set(gridRow, rowElement);
        canvas.append(rowElement);
      }
      rowElement.style.transform = `translateY(${gridRow * rowHeight}px)`;
      rowElement.setAttribute("aria-rowindex", String(gridRow + 1));
      const start = gridRow * columns;
      const count = Math.min(columns, order.length - start);
      while (rowElement.children.length > count) rowElement.lastElementChild!.remove();
      while (rowElement.children.length < count) rowElement.append(createCard());
      for (let column = 0; column < count; column++) {
        const card = rowElement.children[column] as HTMLElement;
        const position = start + column;
        const row = order[position];
        if (card.dataset.row !== String(row)) fillCard(card, shared, row);
        card.dataset.position = String(position);
        card.setAttribute("aria-colindex", String(column + 1));
        card.tabIndex = position === activePosition ? 0 : -1;
        if (position === activePosition) tabStopShown = true;
      }
    }
    // The active card may be scrolled away; the grid must still be reachable with Tab.
    if (!tabStopShown) {
      const firstCard = rowElements.get(Math.max(first, Math.floor(top / rowHeight)))?.firstElementChild as HTMLElement | null;
      if (firstCard) firstCard.tabIndex = 0;
    }
  }

  function createRow(): HTMLElement {
    const row = document.createElement("div");
    row.className = "sw-gallery-row";
    row.setAttribute("role", "row");
    return row;
  }

  function createCard(): HTMLElement {
    const card = document.createElement("div");
    card.className = "sw-gallery-card";
    card.setAttribute("role", "gridcell");
    card.tabIndex = -1;
    return card;
  }

  function scheduleRender(): void {
    if (framePending || destroyed) return;
    framePending = true;
    const run = () => {
      framePending = false;
      renderGrid();
    };
    if (resolved.requestFrame) resolved.requestFrame(run);
    else if (view?.requestAnimationFrame) view.requestAnimationFrame(run);
    else setTimeout(run, 16);
  }

  function cardAt(position: number): HTMLElement | null {
    return canvas.querySelector<HTMLElement>(`.sw-gallery-card[data-position="${position}"]`);
  }

  /** Scrolls so the card at `position` is inside the viewport, draws at once, and focuses it. */
  function focusPosition(position: number): void {
    if (!layout || order.length === 0) return;
    activePosition = Math.max(0, Math.min(order.length - 1, position));
    const gridRow = Math.floor(activePosition / layout.columns);
    const top = gridRow * layout.rowHeight;
    if (top < viewport.scrollTop) viewport.scrollTop = top;
    else if (top + layout.rowHeight > viewport.scrollTop + resolved.height) viewport.scrollTop = top + layout.rowHeight - resolved.height;
    renderGrid();
    cardAt(activePosition)?.focus();
  }

  function onKeyDown(event: KeyboardEvent): void {
    const card = (event.target as HTMLElement).closest?.<HTMLElement>(".sw-gallery-card");
    if (!card || !layout) return;
    const position = Number(card.dataset.position);
    const pageRows = Math.max(1, Math.floor(resolved.height / layout.rowHeight));
    const moves: Record<string, number> = {
      ArrowLeft: position - 1,
      ArrowRight: position + 1,
      ArrowUp: position - layout.columns,
      ArrowDown: position + layout.columns,
      PageUp: position - layout.columns * pageRows,
      PageDown: position + layout.columns * pageRows,
      Home: event.ctrlKey ? 0 : position - (position % layout.columns),
      End: event.ctrlKey ? order.length - 1 : Math.min(order.length - 1, position - (position % layout.columns) + layout.columns - 1),
    };
    if (event.key === "Enter" || event.key === " ") {
      event.preventDefault();
      openDetail(position, true);
    } else if (event.key in moves) {
      event.preventDefault();
      const target = moves[event.key];
      if (target >= 0 && target < order.length) focusPosition(target);
      else if (event.key.startsWith("Page")) focusPosition(target);
    }
  }

  function onClick(event: MouseEvent): void {
    const card = (event.target as HTMLElement).closest?.<HTMLElement>(".sw-gallery-card");
    if (!card) return;
    activePosition = Number(card.dataset.position);
    openDetail(activePosition, true);
  }

  function onFocusIn(event: FocusEvent): void {
    const card = (event.target as HTMLElement).closest?.<HTMLElement>(".sw-gallery-card");
    if (!card || Number(card.dataset.position) === activePosition) return;
    cardAt(activePosition)?.setAttribute("tabindex", "-1");
    activePosition = Number(card.dataset.position);
    card.tabIndex = 0;
  }

  function openDetail(position: number, announce: boolean): void {
    if (!data || position < 0 || position >= order.length) return;
    const row = order[position];
    const next = renderSampleDetail(context(), row, { position, count: order.length }, { close: () => closeDetail(true), step: (delta) => stepDetail(delta) });
    const focusedInDetail = detail?.contains(document.activeElement) ? (document.activeElement as HTMLElement).className : null;
    if (detail) detail.replaceWith(next);
    else root.append(next);
    detail = next;
    detailPosition = position;
    root.classList.add("sw-detail-open");
    if (announce) {
      // Keep focus on the same control when stepping with ‹ ›, else on the dialog's close button.
      const again = focusedInDetail ? next.querySelector<HTMLElement>(`[class="${focusedInDetail}"]:not([disabled])`) : null;
      (again ?? next.querySelector<HTMLElement>(".sw-gallery-close") ?? next).focus();
      resolved.onOpen?.(row);
    }
  }

  function stepDetail(delta: number): void {
    if (detailPosition === null) return;
    const position = detailPosition + delta;
    if (position < 0 || position >= order.length) return;
    activePosition = position;
    openDetail(position, true);
  }

  function closeDetail(returnFocus: boolean): void {
    if (!detail) return;
    detail.remove();
    detail = null;
    detailPosition = null;
    root.classList.remove("sw-detail-open");
    if (returnFocus && !viewport.hidden) focusPosition(activePosition);
  }

  viewport.addEventListener("scroll", scheduleRender, { passive: true });
  canvas.addEventListener("keydown", onKeyDown);
  canvas.addEventListener("click", onClick);
  canvas.addEventListener("focusin", onFocusIn);
  const ResizeObserverClass = (view as (Window & { ResizeObserver?: typeof ResizeObserver }) | null)?.ResizeObserver;
  const resizeObserver = ResizeObserverClass ? new ResizeObserverClass(() => scheduleRender()) : null;
  resizeObserver?.observe(element);

  apply();

  return {
    update(next: SampleGalleryUpdate): void {
      if (destroyed) return;
      const { table: nextTable, ...nextOptions } = next;
      if (nextTable && nextTable !== currentTable) {
        currentTable = nextTable;
        closeDetail(false);
        resetScroll();
      }
      rawOptions = { ...rawOptions, ...nextOptions };
      apply();
    },
    destroy(): void {
      if (destroyed) return;
      destroyed = true;
      resizeObserver?.disconnect();
      viewport.removeEventListener("scroll", scheduleRender);
      canvas.removeEventListener("keydown", onKeyDown);
      canvas.removeEventListener("click", onClick);
      canvas.removeEventListener("focusin", onFocusIn);
      urls.clear();
      root.remove();
    },
    visibleRowIndexes(): number[] {
      return [...rowElements.keys()]
        .sort((a, b) => a - b)
        .flatMap((gridRow) => Array.from(rowElements.get(gridRow)!.children, (card) => Number((card as HTMLElement).dataset.row)));
    },
  };
}

// The sample gallery: a virtualized grid of sample cards over a samples table (images, ground truth, each model's
// prediction and verdict), with test-case, field and disagreement filters, sorting, a detail dialog, and — given
// `onSave` — samples chosen to save as a test case. This file wires the parts: the state (sampleGalleryState),
// what is shown (sampleGalleryOrder), the grid, toolbar and detail views.
import { Table } from "apache-arrow";
import { frameScheduler } from "./frameScheduler";
import { renderStateMessage, StateMessage } from "./stateMessage";
import type { GalleryContext } from "./sampleGalleryCard";
import { renderSampleDetail } from "./sampleGalleryDetail";
import { createGalleryGrid } from "./sampleGalleryGrid";
import { CardBoxes } from "./sampleGalleryCardBoxes";
import { ObjectUrlCache } from "./sampleGalleryMedia";
import { cardKeyAction } from "./sampleGalleryNavigation";
import { applySampleGalleryDefaults, ResolvedSampleGalleryOptions, SampleGalleryFilter, SampleGalleryOptions } from "./sampleGalleryOptions";
import { galleryOrder } from "./sampleGalleryOrder";
import {
  activeWithin,
  cardActivated,
  choiceCleared,
  choiceToggled,
  detailClosed,
  detailOpened,
  disagreementFilter,
  filterChanged,
  initialGalleryState,
  modelAFilter,
  modelBFilter,
  optionsUpdated,
  SampleGalleryState,
  sortChanged,
} from "./sampleGalleryState";
import { createToolbar, Toolbar, ToolbarState } from "./sampleGalleryToolbar";
import { GallerySamples } from "./sampleGallerySamples";
import { isSortable } from "./samplesData";

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
  /** Rows of the table chosen to save, in the order chosen. */
  chosenRows(): number[];
}

export function renderSampleGallery(element: HTMLElement, table: Table, options: SampleGalleryOptions): SampleGalleryHandle {
  const document = element.ownerDocument;
  const view = document.defaultView;
  let currentTable = table;
  let state: SampleGalleryState = initialGalleryState(options);
  let resolved!: ResolvedSampleGalleryOptions;
  const samplesRead = new GallerySamples();
  let order: Int32Array = new Int32Array(0);
  let destroyed = false;
  // Bound late, so a stubbed URL.createObjectURL (tests, or a host that wraps it) is the one used.
  const urls = new ObjectUrlCache({ createObjectURL: (blob) => URL.createObjectURL(blob), revokeObjectURL: (url) => URL.revokeObjectURL(url) });

  const cardBoxes = new CardBoxes();

  const root = document.createElement("div");
  root.className = "sw-sample-gallery";
  if (!element.closest(".slicewise")) root.classList.add("slicewise");
  // Arrow keys, Enter and Escape belong to the gallery, not to a host's notebook shortcuts (Lumino honours this).
  root.setAttribute("data-lm-suppress-shortcuts", "true");
  const toolbar: Toolbar = createToolbar(document, {
    disagreement: (mode) => changeFilter(disagreementFilter(resolved, mode)),
    modelA: (model) => changeFilter(modelAFilter(resolved, model)),
    modelB: (model) => changeFilter(modelBFilter(resolved, model)),
    sort: (sortBy) => {
      state = sortChanged(state, sortBy);
      grid.viewport.scrollTop = 0;
      apply();
    },
    clearTestCase: () => {
      changeFilter({ testCase: null });
      resolved.onClearTestCase?.();
    },
    clearField: () => changeFilter({ field: null }),
    scoreThreshold: (threshold) => {
      state = optionsUpdated(state, { scoreThreshold: threshold });
      apply();
    },
    save: () => {
      const chosen = state.chosen.length > 0;
      resolved.onSave?.(chosen ? Int32Array.from(state.chosen) : order.slice(), resolved.idFields, chosen);
    },
    clearChoice: () => {
      state = choiceCleared(state);
      choiceChanged();
    },
  });
  let toolbarState: ToolbarState | null = null;
  const grid = createGalleryGrid(document, root, element);
  const { viewport, canvas } = grid;
  const messageBox = document.createElement("div");
  messageBox.className = "sw-gallery-message";
  messageBox.hidden = true;
  root.append(toolbar.element, viewport, messageBox);
  element.append(root);
  let detail: HTMLElement | null = null;

  function context(): GalleryContext {
    return { document, data: samplesRead.current!, options: resolved, urls, cardBoxes };
  }

  function changeFilter(change: Partial<SampleGalleryFilter>): void {
    state = filterChanged(state, change);
    viewport.scrollTop = 0;
    apply();
  }

  function showMessage(message: StateMessage): void {
    order = new Int32Array(0);
    grid.clear();
    viewport.hidden = true;
    messageBox.hidden = false;
    renderStateMessage(messageBox, message);
  }

  function apply(): void {
    resolved = applySampleGalleryDefaults(currentTable, state.options);
    const { data: samples, change } = samplesRead.read(currentTable, resolved);
    // A new table's Blob URLs are of no use any more; any new samples need the grid measured anew.
    if (change === "table") urls.clear();
    if (change !== "none") grid.forget();
    root.style.setProperty("--sw-gallery-card-width", `${resolved.cardSize}px`);
    const shown = galleryOrder(samples, resolved);
    if (shown.order) order = shown.order;
    toolbar.element.hidden = samples.length === 0;
    toolbarState = {
      models: resolved.models,
      disagreement: resolved.disagreement,
      modelA: resolved.modelA,
      modelB: resolved.modelB,
      sortable: currentTable.schema.fields.filter((field) => isSortable(field.type)).map((field) => field.name),
      sortBy: resolved.sortBy,
      shown: shown.message ? 0 : order.length,
      total: samples.length,
      testCase: resolved.testCase,
      field: resolved.field,
      predictedBoxes: resolved.predictedBoxes,
      scoreThreshold: resolved.scoreThreshold,
      chosen: resolved.onSave ? state.chosen.length : null,
    };
    toolbar.refresh(toolbarState);
    if (shown.message) {
      showMessage(shown.message);
      closeDetail(false);
      return;
    }
    viewport.hidden = false;
    messageBox.hidden = true;
    state = activeWithin(state, order.length);
    renderGrid();
    if (state.detail !== null) {
      const row = Number(detail?.querySelector<HTMLElement>(".sw-gallery-detail")?.dataset.row);
      const position = order.indexOf(row);
      if (position < 0) closeDetail(false);
      else openDetail(position, false);
    }
  }

  function renderGrid(): void {
    if (destroyed || !samplesRead.current || viewport.hidden) return;
    grid.draw({ order, active: state.active, context: context(), chosen: resolved.onSave ? new Set(state.chosen) : null });
  }

  /** The cards and the toolbar follow a new choice. */
  function choiceChanged(): void {
    if (toolbarState) toolbar.refresh({ ...toolbarState, chosen: state.chosen.length });
    renderGrid();
  }

  function toggleChoice(position: number): void {
    if (position < 0 || position >= order.length) return;
    state = choiceToggled(state, order[position]);
    choiceChanged();
  }

  const frames = frameScheduler(renderGrid, (run) => {
    if (resolved.requestFrame) resolved.requestFrame(run);
    else if (view?.requestAnimationFrame) view.requestAnimationFrame(run);
    else setTimeout(run, 16);
  });
  const scheduleRender = () => frames.schedule();

  /** Scrolls so the card at `position` is inside the viewport, draws at once, and focuses it. */
  function focusPosition(position: number): void {
    if (!grid.layout || order.length === 0) return;
    state = cardActivated(state, Math.max(0, Math.min(order.length - 1, position)));
    grid.scrollTo(state.active, resolved.height);
    renderGrid();
    grid.cardAt(state.active)?.focus();
  }

  function onKeyDown(event: KeyboardEvent): void {
    const card = (event.target as HTMLElement).closest?.<HTMLElement>(".sw-gallery-card");
    const layout = grid.layout;
    if (!card || !layout) return;
    const position = Number(card.dataset.position);
    const pageRows = Math.max(1, Math.floor(resolved.height / layout.rowHeight));
    const action = cardKeyAction(event.key, event.ctrlKey, { position, columns: layout.columns, pageRows, count: order.length, choosable: !!resolved.onSave });
    if (!action) return;
    // Only the grid's keys stop here, so a notebook's command-mode shortcuts keep every other key.
    event.preventDefault();
    event.stopPropagation();
    if (action.kind === "open") openDetail(position, true);
    else if (action.kind === "choose") toggleChoice(position);
    else if (action.kind === "move") focusPosition(action.position);
  }

  function onClick(event: MouseEvent): void {
    const card = (event.target as HTMLElement).closest?.<HTMLElement>(".sw-gallery-card");
    if (!card) return;
    state = cardActivated(state, Number(card.dataset.position));
    const choosing = resolved.onSave && (event.ctrlKey || event.metaKey || (event.target as HTMLElement).closest(".sw-gallery-choose"));
    if (choosing) {
      toggleChoice(state.active);
      grid.cardAt(state.active)?.focus();
    } else openDetail(state.active, true);
  }

  function onFocusIn(event: FocusEvent): void {
    const card = (event.target as HTMLElement).closest?.<HTMLElement>(".sw-gallery-card");
    if (!card || Number(card.dataset.position) === state.active) return;
    grid.cardAt(state.active)?.setAttribute("tabindex", "-1");
    state = cardActivated(state, Number(card.dataset.position));
    card.tabIndex = 0;
  }

  function openDetail(position: number, announce: boolean): void {
    if (!samplesRead.current || position < 0 || position >= order.length) return;
    const row = order[position];
    const next = renderSampleDetail(context(), row, { position, count: order.length }, { close: () => closeDetail(true), step: (delta) => stepDetail(delta) });
    const focusedInDetail = detail?.contains(document.activeElement) ? (document.activeElement as HTMLElement).className : null;
    if (detail) detail.replaceWith(next);
    else root.append(next);
    detail = next;
    state = detailOpened(state, position);
    root.classList.add("sw-detail-open");
    if (announce) {
      // Keep focus on the same control when stepping with ‹ ›, else on the dialog's close button.
      const again = focusedInDetail ? next.querySelector<HTMLElement>(`[class="${focusedInDetail}"]:not([disabled])`) : null;
      (again ?? next.querySelector<HTMLElement>(".sw-gallery-close") ?? next).focus();
      resolved.onOpen?.(row, resolved.idFields);
    }
  }

  function stepDetail(delta: number): void {
    if (state.detail === null) return;
    const position = state.detail + delta;
    if (position < 0 || position >= order.length) return;
    state = cardActivated(state, position);
    openDetail(position, true);
  }

  function closeDetail(returnFocus: boolean): void {
    if (!detail) return;
    detail.remove();
    detail = null;
    state = detailClosed(state);
    root.classList.remove("sw-detail-open");
    if (returnFocus && !viewport.hidden) focusPosition(state.active);
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
        viewport.scrollTop = 0;
        state = choiceCleared(cardActivated(state, 0));
      }
      state = optionsUpdated(state, nextOptions);
      apply();
    },
    destroy(): void {
      if (destroyed) return;
      destroyed = true;
      frames.stop();
      resizeObserver?.disconnect();
      viewport.removeEventListener("scroll", scheduleRender);
      canvas.removeEventListener("keydown", onKeyDown);
      canvas.removeEventListener("click", onClick);
      canvas.removeEventListener("focusin", onFocusIn);
      urls.clear();
      cardBoxes.clear();
      root.remove();
    },
    visibleRowIndexes: () => grid.visibleRowIndexes(),
    chosenRows: () => [...state.chosen],
  };
}

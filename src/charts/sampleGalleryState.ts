// The sample gallery's state as plain data — the options as given and changed in the page, the
// active card, the card whose detail is open, the samples chosen to save — and the transitions a
// person's actions make on it.
import type { ResolvedSampleGalleryOptions, SampleGalleryFilter, SampleGalleryOptions } from "./sampleGalleryOptions";
import type { DisagreementMode, SampleSort } from "./samplesData";

export interface SampleGalleryState {
  /** Options as given, with the page's changes merged over them (defaults are applied on reading). */
  options: SampleGalleryOptions;
  /** Position in display order of the card that holds the grid's one tab stop. */
  active: number;
  /** Position of the card whose detail dialog is open, or null. */
  detail: number | null;
  /** Rows of the table chosen (to save as a test case), in the order they were chosen. */
  chosen: readonly number[];
}

export function initialGalleryState(options: SampleGalleryOptions): SampleGalleryState {
  return { options: { ...options }, active: 0, detail: null, chosen: [] };
}

/** A card chosen, or no longer chosen (Space, Ctrl+click, or its tick box). */
export function choiceToggled(state: SampleGalleryState, row: number): SampleGalleryState {
  const chosen = state.chosen.includes(row) ? state.chosen.filter((other) => other !== row) : [...state.chosen, row];
  return { ...state, chosen };
}

/** Nothing chosen: after "Clear", or when a new table replaces the rows. */
export function choiceCleared(state: SampleGalleryState): SampleGalleryState {
  return state.chosen.length === 0 ? state : { ...state, chosen: [] };
}

/** Options merged over the current ones (shallowly: a new `filter` replaces the old one). */
export function optionsUpdated(state: SampleGalleryState, options: SampleGalleryOptions): SampleGalleryState {
  return { ...state, options: { ...state.options, ...options } };
}

/** A filter changed in the page: merged into the current filter, back to the first card. */
export function filterChanged(state: SampleGalleryState, change: Partial<SampleGalleryFilter>): SampleGalleryState {
  return { ...state, options: { ...state.options, filter: { ...state.options.filter, ...change } }, active: 0 };
}

export function sortChanged(state: SampleGalleryState, sortBy: SampleSort | null): SampleGalleryState {
  return { ...state, options: { ...state.options, sortBy }, active: 0 };
}

/** The filter change for a disagreement mode: the models compared are pinned as they are now. */
export function disagreementFilter(resolved: ResolvedSampleGalleryOptions, disagreement: DisagreementMode): Partial<SampleGalleryFilter> {
  return { disagreement, modelA: resolved.modelA, modelB: resolved.modelB };
}

/** The filter change for a new model A: picking B's model swaps the two. */
export function modelAFilter(resolved: ResolvedSampleGalleryOptions, model: string): Partial<SampleGalleryFilter> {
  return { modelA: model, modelB: model === resolved.modelB ? resolved.modelA : resolved.modelB };
}

/** The filter change for a new model B: picking A's model swaps the two. */
export function modelBFilter(resolved: ResolvedSampleGalleryOptions, model: string): Partial<SampleGalleryFilter> {
  return { modelB: model, modelA: model === resolved.modelA ? resolved.modelB : resolved.modelA };
}

export function cardActivated(state: SampleGalleryState, position: number): SampleGalleryState {
  return { ...state, active: position };
}

/** The active card within `count` cards (the last one when the grid shrank below it). */
export function activeWithin(state: SampleGalleryState, count: number): SampleGalleryState {
  return { ...state, active: Math.min(state.active, count - 1) };
}

export function detailOpened(state: SampleGalleryState, position: number): SampleGalleryState {
  return { ...state, detail: position };
}

export function detailClosed(state: SampleGalleryState): SampleGalleryState {
  return { ...state, detail: null };
}

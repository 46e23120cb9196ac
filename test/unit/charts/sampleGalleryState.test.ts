// The gallery's state transitions, without a DOM: the options as the page changes them, the
// active card, the open detail.
import { Bool, Table, makeVector, vectorFromArray } from "apache-arrow";
import { applySampleGalleryDefaults } from "../../../src/charts/sampleGalleryOptions";
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
  sortChanged,
} from "../../../src/charts/sampleGalleryState";

const table = new Table({
  image_id: makeVector(Int32Array.from([10, 11])),
  "knn.correct": vectorFromArray([true, false], new Bool()),
  "logistic.correct": vectorFromArray([false, true], new Bool()),
});

test("a filter or sort change merges into the options and goes back to the first card", () => {
  let state = cardActivated(initialGalleryState({ cardSize: 100, filter: { modelA: "knn" } }), 7);
  state = filterChanged(state, { disagreement: "a-wrong-b-right" });
  expect([state.options.filter, state.options.cardSize, state.active]).toEqual([{ modelA: "knn", disagreement: "a-wrong-b-right" }, 100, 0]);
  state = sortChanged(cardActivated(state, 3), { field: "ink", direction: "descending" });
  expect([state.options.sortBy, state.active]).toEqual([{ field: "ink", direction: "descending" }, 0]);
  // An update replaces the filter whole and keeps the active card.
  state = optionsUpdated(cardActivated(state, 2), { filter: { field: { name: "label", value: "7" } } });
  expect([state.options.filter, state.active]).toEqual([{ field: { name: "label", value: "7" } }, 2]);
});

test("picking the other side's model swaps the two; a disagreement pins both", () => {
  const resolved = applySampleGalleryDefaults(table, { filter: { modelA: "knn", modelB: "logistic" } });
  expect(modelAFilter(resolved, "logistic")).toEqual({ modelA: "logistic", modelB: "knn" });
  expect(modelBFilter(resolved, "knn")).toEqual({ modelB: "knn", modelA: "logistic" });
  expect(disagreementFilter(resolved, "a-right-b-wrong")).toEqual({ disagreement: "a-right-b-wrong", modelA: "knn", modelB: "logistic" });
});

test("the active card stays within the grid; the detail opens and closes", () => {
  expect(activeWithin(cardActivated(initialGalleryState({}), 9), 4).active).toBe(3);
  const open = detailOpened(initialGalleryState({}), 2);
  expect([open.detail, detailClosed(open).detail]).toEqual([2, null]);
});

test("cards chosen and unchosen keep the order they were chosen in; clearing chooses none", () => {
  let state = initialGalleryState({});
  for (const row of [4, 1, 6, 1]) state = choiceToggled(state, row);
  expect(state.chosen).toEqual([4, 6]);
  expect(choiceCleared(state).chosen).toEqual([]);
});

// The bar above the sample grid: the active test case and field filter (each removable), the disagreement
// filter between two models, whose predicted boxes are drawn and from which score (object detection),
// the sort field and direction, how many samples are shown of how many, and — where the gallery can
// save — how many are chosen and the button that saves them (or those shown) as a test case.
import { formatCount } from "./format";
import { formatCell } from "./sampleGalleryCard";
import { SampleGalleryTestCase } from "./sampleGalleryOptions";
import { DisagreementMode, SampleSort } from "./samplesData";

export interface ToolbarState {
  models: string[];
  disagreement: DisagreementMode;
  modelA: string | null;
  modelB: string | null;
  sortable: string[];
  sortBy: SampleSort | null;
  shown: number;
  total: number;
  testCase: SampleGalleryTestCase | null;
  field: { name: string; value: unknown } | null;
  /** The models' predictions are boxes: the box controls show. */
  predictedBoxes: boolean;
  scoreThreshold: number;
  /** Samples chosen to save; null where the gallery cannot save. */
  chosen: number | null;
}

export interface ToolbarEvents {
  disagreement(mode: DisagreementMode): void;
  modelA(model: string): void;
  modelB(model: string): void;
  sort(sort: SampleSort | null): void;
  clearTestCase(): void;
  clearField(): void;
  scoreThreshold(threshold: number): void;
  save(): void;
  clearChoice(): void;
}

/** What the save button says: the chosen samples, else every sample shown. */
export function saveLabel(chosen: number, shown: number): string {
  if (chosen > 0) return `Save ${formatCount(chosen)} chosen ${chosen === 1 ? "sample" : "samples"} as a test case`;
  return `Save ${shown === 1 ? "this sample" : `these ${formatCount(shown)} samples`} as a test case`;
}

export interface Toolbar {
  element: HTMLElement;
  refresh(state: ToolbarState): void;
}

const disagreementLabels: Record<DisagreementMode, string> = {
  none: "All samples",
  "a-right-b-wrong": "A right, B wrong",
  "a-wrong-b-right": "A wrong, B right",
};

let toolbarCount = 0;

function setOptions(select: HTMLSelectElement, options: { value: string; label: string }[], selected: string): void {
  const same =
    select.options.length === options.length &&
    options.every((option, index) => select.options[index].value === option.value && select.options[index].textContent === option.label);
  if (!same) {
    select.replaceChildren(
      ...options.map((option) => {
        const node = select.ownerDocument.createElement("option");
        node.value = option.value;
        node.textContent = option.label;
        return node;
      }),
    );
  }
  select.value = selected;
}

export function createToolbar(document: Document, events: ToolbarEvents): Toolbar {
  const prefix = `sw-gallery-toolbar-${++toolbarCount}`;
  const element = document.createElement("div");
  element.className = "sw-gallery-toolbar";
  element.setAttribute("role", "toolbar");
  element.setAttribute("aria-label", "Sample filters and order");

  const chips = document.createElement("div");
  chips.className = "sw-gallery-chips";

  const control = (label: string, name: string, className = "") => {
    const wrapper = document.createElement("span");
    wrapper.className = `sw-gallery-control ${className}`.trim();
    const caption = document.createElement("label");
    caption.textContent = label;
    caption.htmlFor = `${prefix}-${name}`;
    const select = document.createElement("select");
    select.id = `${prefix}-${name}`;
    select.className = `sw-gallery-select sw-gallery-${name}`;
    wrapper.append(caption, select);
    return { wrapper, select };
  };
  const show = control("Show", "disagreement");
  const modelA = control("A", "model-a");
  const modelB = control("B", "model-b");
  const sortField = control("Sort", "sort-field");
  const sortDirection = control("Direction", "sort-direction", "sw-label-hidden");
  setOptions(
    sortDirection.select,
    [
      { value: "ascending", label: "↑ ascending" },
      { value: "descending", label: "↓ descending" },
    ],
    "ascending",
  );
  const count = document.createElement("span");
  count.className = "sw-gallery-count";
  count.setAttribute("aria-live", "polite");

  const comparison = document.createElement("span");
  comparison.className = "sw-gallery-group";
  comparison.append(show.wrapper, modelA.wrapper, modelB.wrapper);
  const order = document.createElement("span");
  order.className = "sw-gallery-group";
  order.append(sortField.wrapper, sortDirection.wrapper);

  // Object detection: whose boxes are drawn (model A), and from which score on.
  const boxesOf = control("Boxes of", "boxes-model");
  const threshold = document.createElement("span");
  threshold.className = "sw-gallery-control";
  const thresholdCaption = document.createElement("label");
  thresholdCaption.htmlFor = `${prefix}-score`;
  const thresholdInput = document.createElement("input");
  thresholdInput.type = "range";
  thresholdInput.id = `${prefix}-score`;
  thresholdInput.className = "sw-gallery-score";
  thresholdInput.min = "0";
  thresholdInput.max = "1";
  thresholdInput.step = "0.05";
  threshold.append(thresholdCaption, thresholdInput);
  const boxes = document.createElement("span");
  boxes.className = "sw-gallery-group";
  boxes.append(boxesOf.wrapper, threshold);
  // Saving samples as a test case: how many are chosen, a way to unchoose them, and the button.
  const saving = document.createElement("span");
  saving.className = "sw-gallery-group sw-gallery-saving";
  const chosenCount = document.createElement("span");
  chosenCount.className = "sw-gallery-chosen";
  chosenCount.setAttribute("aria-live", "polite");
  const clearChoice = document.createElement("button");
  clearChoice.type = "button";
  clearChoice.className = "sw-button sw-gallery-clear-choice";
  clearChoice.textContent = "Clear";
  clearChoice.setAttribute("aria-label", "Choose no sample");
  const save = document.createElement("button");
  save.type = "button";
  save.className = "sw-button sw-gallery-save";
  saving.append(chosenCount, clearChoice, save);
  clearChoice.addEventListener("click", () => events.clearChoice());
  save.addEventListener("click", () => events.save());
  element.append(chips, comparison, boxes, order, count, saving);
  boxesOf.select.addEventListener("change", () => events.modelA(boxesOf.select.value));
  thresholdInput.addEventListener("input", () => {
    thresholdCaption.textContent = `Score ≥ ${Number(thresholdInput.value).toFixed(2)}`;
    events.scoreThreshold(Number(thresholdInput.value));
  });

  show.select.addEventListener("change", () => events.disagreement(show.select.value as DisagreementMode));
  modelA.select.addEventListener("change", () => events.modelA(modelA.select.value));
  modelB.select.addEventListener("change", () => events.modelB(modelB.select.value));
  const sortChanged = () =>
    events.sort(sortField.select.value === "" ? null : { field: sortField.select.value, direction: sortDirection.select.value as SampleSort["direction"] });
  sortField.select.addEventListener("change", sortChanged);
  sortDirection.select.addEventListener("change", sortChanged);

  const chip = (text: string, label: string, onRemove: () => void) => {
    const node = document.createElement("span");
    node.className = "sw-gallery-chip";
    const caption = document.createElement("span");
    caption.textContent = text;
    const remove = document.createElement("button");
    remove.type = "button";
    remove.className = "sw-gallery-chip-remove";
    remove.textContent = "×";
    remove.setAttribute("aria-label", label);
    remove.title = label;
    remove.addEventListener("click", onRemove);
    node.append(caption, remove);
    return node;
  };

  function refresh(state: ToolbarState): void {
    const nodes: HTMLElement[] = [];
    if (state.testCase)
      nodes.push(chip(`Test case: ${state.testCase.stratification} / ${state.testCase.testCase}`, "Show every test case", events.clearTestCase));
    if (state.field) nodes.push(chip(`${state.field.name} = ${formatCell(state.field.value)}`, `Remove the filter on ${state.field.name}`, events.clearField));
    chips.replaceChildren(...nodes);
    chips.hidden = nodes.length === 0;

    const comparable = state.models.length >= 2;
    comparison.hidden = state.models.length === 0;
    setOptions(
      show.select,
      (Object.keys(disagreementLabels) as DisagreementMode[]).map((mode) => ({ value: mode, label: disagreementLabels[mode] })),
      state.disagreement,
    );
    show.select.disabled = !comparable;
    show.select.title = comparable ? "Samples where one model is right and the other wrong" : "Comparing models needs results for two models";
    const models = state.models.map((model) => ({ value: model, label: model }));
    setOptions(modelA.select, models, state.modelA ?? "");
    setOptions(modelB.select, models, state.modelB ?? "");
    modelA.wrapper.hidden = modelB.wrapper.hidden = !comparable || state.disagreement === "none";

    boxes.hidden = !state.predictedBoxes || state.models.length === 0;
    setOptions(boxesOf.select, models, state.modelA ?? "");
    thresholdInput.value = String(state.scoreThreshold);
    thresholdCaption.textContent = `Score ≥ ${state.scoreThreshold.toFixed(2)}`;

    setOptions(
      sortField.select,
      [{ value: "", label: "Table order" }, ...state.sortable.map((name) => ({ value: name, label: name }))],
      state.sortBy?.field ?? "",
    );
    sortDirection.select.value = state.sortBy?.direction ?? "ascending";
    sortDirection.select.disabled = !state.sortBy;

    saving.hidden = state.chosen === null || (state.chosen === 0 && state.shown === 0);
    if (state.chosen !== null) {
      chosenCount.textContent = state.chosen > 0 ? `${formatCount(state.chosen)} chosen` : "";
      chosenCount.hidden = clearChoice.hidden = state.chosen === 0;
      save.textContent = saveLabel(state.chosen, state.shown);
      save.title =
        state.chosen > 0
          ? "Choose samples with Space or Ctrl+click; save them as a test case of their ids"
          : "Save the samples shown as a test case of their ids";
    }

    count.textContent =
      state.shown === state.total
        ? `${formatCount(state.total)} ${state.total === 1 ? "sample" : "samples"}`
        : `${formatCount(state.shown)} of ${formatCount(state.total)} samples`;
  }

  return { element, refresh };
}

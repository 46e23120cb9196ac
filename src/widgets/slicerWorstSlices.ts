// "Worst slices": searches conjunctions of field predicates where a model underperforms (or
// regresses against the reference) most, in a worker, and lists them with q-values; the chosen
// ones can be shown in the gallery and saved as test cases. This file wires the form, the search
// and the table; the state and its pure pieces are in ./slicer/worstSlicesState.
import type { TestCaseDefinition } from "../core";
import { SearchFeature, SearchMode, SliceEvaluator, predicateMask } from "../metrics";
import { selectElement } from "./slicerFilters";
import { SaveOutcome, SaveTarget, saveSlices } from "./slicerSave";
import { runSliceSearch } from "./sliceSearchWorker";
import { labelled } from "./slicer/formControls";
import { renderWorstSlicesTable } from "./slicer/worstSlicesTable";
import {
  WorstSlicesState,
  checkSlice,
  checkedTestCases,
  noWorstSlices,
  searchFeatures,
  searchFinished,
  searchInput,
  searchSummary,
  suggestedMinimumSize,
} from "./slicer/worstSlicesState";

export interface WorstSlicesContext {
  evaluator: SliceEvaluator;
  fields: string[];
  /** Rows the slicer's filters keep (null: all). */
  filterMask: () => Uint8Array | null;
  platform: SaveTarget | null;
  dataset: string | null;
  showSamples(rows: Int32Array, label: string): void;
  onSaved(testCases: TestCaseDefinition[], outcome: SaveOutcome): void;
}

export function mountWorstSlices(box: HTMLElement, context: WorstSlicesContext): { destroy(): void } {
  const document = box.ownerDocument;
  const { evaluator } = context;
  const metrics = evaluator.metrics().filter((metric) => metric.perRow);
  box.replaceChildren();
  const heading = document.createElement("h2");
  heading.className = "sw-slicer-heading";
  heading.textContent = "Worst slices";
  box.append(heading);
  if (metrics.length === 0) {
    const note = document.createElement("p");
    note.className = "sw-slicer-note";
    note.textContent = "The search needs a metric with a per-sample outcome and a direction (a mean of a boolean or a number, a rate, MAE or MSE).";
    box.append(note);
    return { destroy: () => box.replaceChildren() };
  }
  const form = document.createElement("form");
  form.className = "sw-worst-form";
  const model = select(
    "worst-model",
    "Model",
    evaluator.models.map((name) => [name, name]),
    evaluator.models.at(-1)!,
  );
  const mode = select(
    "worst-mode",
    "Find slices where it",
    [
      ["underperforms", "underperforms"],
      ["regresses", `regresses against ${evaluator.reference}`],
    ],
    "underperforms",
  );
  const metric = select(
    "worst-metric",
    "on",
    metrics.map((entry) => [`${entry.group}:${entry.metric}`, entry.label]),
    `${metrics[0].group}:${metrics[0].metric}`,
  );
  const depth = select(
    "worst-depth",
    "combining up to",
    [
      ["1", "1 field"],
      ["2", "2 fields"],
      ["3", "3 fields"],
    ],
    "2",
  );
  const minSize = document.createElement("input");
  minSize.type = "number";
  minSize.min = "1";
  minSize.className = "sw-input sw-input-narrow";
  minSize.dataset.role = "worst-min-size";
  minSize.value = String(suggestedMinimumSize(evaluator.columns.rows));
  minSize.setAttribute("aria-label", "Smallest slice");
  const run = document.createElement("button");
  run.type = "submit";
  run.className = "sw-button sw-primary";
  run.dataset.role = "find-worst-slices";
  run.textContent = "Find worst slices";
  form.append(model.label, mode.label, metric.label, depth.label, labelled(document, "of at least", minSize, "samples"), run);
  const status = document.createElement("p");
  status.className = "sw-slicer-note";
  status.dataset.role = "worst-status";
  status.setAttribute("role", "status");
  const list = document.createElement("div");
  list.className = "sw-worst-list";
  const saveButton = document.createElement("button");
  saveButton.type = "button";
  saveButton.className = "sw-button";
  saveButton.dataset.role = "save-worst-slices";
  saveButton.textContent = "Save the checked slices as test cases";
  saveButton.hidden = true;
  const saveBox = document.createElement("div");
  saveBox.className = "sw-save-box";
  saveBox.hidden = true;
  box.append(form, status, list, saveButton, saveBox);

  let controller: AbortController | null = null;
  let state: WorstSlicesState = noWorstSlices;
  // Each slicing field is discretized once, at the first search.
  let features: SearchFeature[] | null = null;

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    controller?.abort();
    controller = new AbortController();
    const request = {
      model: model.select.value,
      mode: mode.select.value as SearchMode,
      metric: metric.select.value,
      depth: depth.select.value,
      minSize: minSize.value,
    };
    const started = performance.now();
    const input = searchInput(evaluator, request, () => (features ??= searchFeatures(evaluator, context.fields)), context.filterMask());
    if (typeof input === "string") {
      status.textContent = input;
      return;
    }
    status.textContent = "Searching…";
    run.disabled = true;
    const signal = controller.signal;
    runSliceSearch(input, { signal })
      .then((result) => {
        if (signal.aborted) return;
        state = searchFinished(result, request.model, request.mode);
        status.textContent = searchSummary(result, performance.now() - started);
        drawList();
      })
      .catch((error: unknown) => {
        if (!signal.aborted) status.textContent = `The search failed: ${error instanceof Error ? error.message : String(error)}`;
      })
      .finally(() => {
        if (!signal.aborted) run.disabled = false;
      });
  });

  const drawList = () => {
    list.replaceChildren();
    // A new search starts with nothing checked: nothing to save until a slice is checked again.
    saveButton.hidden = state.checked.size === 0;
    if (state.found.length === 0) return;
    list.append(
      renderWorstSlicesTable(document, state, evaluator.reference, {
        check: (index, checked) => {
          state = checkSlice(state, index, checked);
          saveButton.hidden = state.checked.size === 0;
        },
        show: (slice) => {
          const mask = predicateMask(slice.predicate, (field) => evaluator.columns.read(field), evaluator.columns.rows);
          const rows: number[] = [];
          mask.forEach((inside, i) => inside && rows.push(i));
          context.showSamples(Int32Array.from(rows), slice.label);
        },
      }),
    );
  };

  saveButton.addEventListener("click", () => {
    const testCases = checkedTestCases(state);
    void saveSlices(saveBox, context.platform, context.dataset, { test_cases: testCases }, (outcome) => context.onSaved(testCases, outcome));
  });

  return {
    destroy() {
      controller?.abort();
      box.replaceChildren();
    },
  };

  function select(role: string, text: string, choices: [string, string][], value: string) {
    const element = selectElement(document, role, text, choices, value);
    return { select: element, label: labelled(document, text, element) };
  }
}

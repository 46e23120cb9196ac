// "Worst slices": searches conjunctions of field predicates where a model underperforms (or
// regresses against the reference) most, in a worker, and lists them with q-values; the chosen
// ones can be shown in the gallery and saved as test cases.
import type { TestCaseDefinition } from "../core";
import { FoundSlice, SearchFeature, SearchMode, SliceEvaluator, SliceSearchResult, buildAxis, defaultMethod, predicateMask } from "../metrics";
import { formatDelta, formatProbability, formatValue } from "../charts/format";
import { selectElement } from "./slicerFilters";
import { PlatformTarget, SaveOutcome, saveSlices } from "./slicerSave";
import { runSliceSearch } from "./sliceSearchWorker";

export interface WorstSlicesContext {
  evaluator: SliceEvaluator;
  fields: string[];
  /** Rows the slicer's filters keep (null: all). */
  filterMask: () => Uint8Array | null;
  platform: PlatformTarget | null;
  dataset: string | null;
  showSamples(rows: Int32Array, label: string): void;
  onSaved(testCases: TestCaseDefinition[], outcome: SaveOutcome): void;
}

/** Levels per numeric field in the search: quantile bins, so each holds about the same share of rows. */
const searchBins = 6;
const searchTop = 10;

export function mountWorstSlices(box: HTMLElement, context: WorstSlicesContext): { destroy(): void } {
  const document = box.ownerDocument;
  const { evaluator } = context;
  const metrics = evaluator.metrics().filter((metric) => metric.perRow);
  box.replaceChildren();
  const heading = document.createElement("h4");
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
  const model = select("worst-model", "Model", evaluator.models.map((name) => [name, name]), evaluator.models.at(-1)!);
  const mode = select("worst-mode", "Find slices where it", [
    ["underperforms", "underperforms"],
    ["regresses", `regresses against ${evaluator.reference}`],
  ], "underperforms");
  const metric = select("worst-metric", "on", metrics.map((entry) => [`${entry.group}:${entry.metric}`, entry.label]), `${metrics[0].group}:${metrics[0].metric}`);
  const depth = select("worst-depth", "combining up to", [["1", "1 field"], ["2", "2 fields"], ["3", "3 fields"]], "2");
  const minSize = document.createElement("input");
  minSize.type = "number";
  minSize.min = "1";
  minSize.className = "sw-input sw-input-narrow";
  minSize.dataset.role = "worst-min-size";
  minSize.value = String(Math.max(20, Math.round(evaluator.columns.rows / 100)));
  minSize.setAttribute("aria-label", "Smallest slice");
  const run = document.createElement("button");
  run.type = "submit";
  run.className = "sw-button sw-primary";
  run.dataset.role = "find-worst-slices";
  run.textContent = "Find worst slices";
  form.append(model.label, mode.label, metric.label, depth.label, labelled("of at least", minSize, "samples"), run);
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
  let found: FoundSlice[] = [];
  const checked = new Set<number>();

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    controller?.abort();
    controller = new AbortController();
    const [group, index] = metric.select.value.split(":").map(Number);
    const chosenModel = model.select.value;
    const chosenMode = mode.select.value as SearchMode;
    if (chosenMode === "regresses" && chosenModel === evaluator.reference) {
      status.textContent = `${chosenModel} is the reference: pick another model to look for regressions against it.`;
      return;
    }
    const own = evaluator.perRowError(chosenModel, group, index)!;
    const reference = chosenMode === "regresses" ? evaluator.perRowError(evaluator.reference, group, index)! : null;
    const mask = context.filterMask();
    const errors = mask ? own.errors.map((error, row) => (mask[row] ? error : NaN)) : own.errors;
    const started = performance.now();
    status.textContent = "Searching…";
    run.disabled = true;
    const signal = controller.signal;
    runSliceSearch(
      {
        features: features(),
        errors,
        referenceErrors: reference?.errors,
        binary: own.binary,
        mode: chosenMode,
        minSize: Math.max(1, Math.round(Number(minSize.value) || 1)),
        maxDepth: Number(depth.select.value) as 1 | 2 | 3,
        top: 20,
      },
      { signal },
    )
      .then((result) => {
        if (signal.aborted) return;
        show(result, performance.now() - started, chosenModel, chosenMode);
      })
      .catch((error: unknown) => {
        if (!signal.aborted) status.textContent = `The search failed: ${error instanceof Error ? error.message : String(error)}`;
      })
      .finally(() => {
        if (!signal.aborted) run.disabled = false;
      });
  });

  /** Each slicing field discretized once: categories (top N + other) or quantile bins. */
  let cachedFeatures: SearchFeature[] | null = null;
  const features = (): SearchFeature[] =>
    (cachedFeatures ??= context.fields.map((field) => {
      const column = evaluator.columns.read(field);
      const axis = buildAxis(column, { field, top: searchTop, bins: searchBins, method: column.kind === "numeric" ? defaultMethod(column.values, "quantile") : "values" });
      return { name: field, codes: axis.codes, levels: axis.levels.map((level) => ({ label: level.phrase, predicate: level.predicate })) };
    }));

  const show = (result: SliceSearchResult, elapsedMs: number, chosenModel: string, chosenMode: SearchMode) => {
    found = result.slices;
    checked.clear();
    list.replaceChildren();
    const significant = found.filter((slice) => slice.qValue < 0.05).length;
    status.textContent =
      `Tested ${result.tested.toLocaleString("en-US")} slices of ${result.rows.toLocaleString("en-US")} samples in ${(elapsedMs / 1000).toFixed(2)} s` +
      ` (${result.pruned.toLocaleString("en-US")} pruned). ${significant} of the top ${found.length} have q < 0.05` +
      (significant === 0 ? ": no slice stands out from chance." : ".") +
      (result.redundant ? ` ${result.redundant.toLocaleString("en-US")} not listed: they hold the same samples as a shorter slice.` : "");
    if (found.length === 0) return;
    const table = document.createElement("table");
    table.className = "sw-worst-table";
    const head = table.createTHead().insertRow();
    // Underperforms: the slice's error against the whole data's. Regresses: the model's error
    // in the slice, and its mean difference to the reference's there.
    const regresses = chosenMode === "regresses";
    const headings = ["", "Slice", "Samples", `error of ${chosenModel}`, regresses ? `Δ error vs ${evaluator.reference}` : "overall error", regresses ? "" : "lift", "q-value"];
    for (const text of headings) {
      const cell = document.createElement("th");
      cell.textContent = text;
      head.append(cell);
    }
    const bodyRows = table.createTBody();
    found.forEach((slice, index) => {
      const row = bodyRows.insertRow();
      row.dataset.role = "worst-slice";
      row.dataset.label = slice.label;
      row.dataset.qValue = String(slice.qValue);
      if (slice.qValue < 0.05) row.classList.add("sw-significant");
      const box = document.createElement("input");
      box.type = "checkbox";
      box.setAttribute("aria-label", `Choose ${slice.label}`);
      box.addEventListener("click", (event) => event.stopPropagation());
      box.addEventListener("change", () => {
        if (box.checked) checked.add(index);
        else checked.delete(index);
        saveButton.hidden = checked.size === 0;
      });
      const cells = [
        box,
        slice.label,
        slice.size.toLocaleString("en-US"),
        formatValue(slice.error),
        regresses ? formatDelta(slice.lift) : formatValue(slice.overallError),
        regresses ? "" : `×${formatValue(slice.lift)}`,
        formatProbability(slice.qValue),
      ];
      for (const content of cells) {
        const cell = row.insertCell();
        if (typeof content === "string") cell.textContent = content;
        else cell.append(content);
      }
      row.title = "Show its samples";
      row.addEventListener("click", () => {
        list.querySelectorAll("tr.sw-selected").forEach((other) => other.classList.remove("sw-selected"));
        row.classList.add("sw-selected");
        const mask = predicateMask(slice.predicate, (field) => evaluator.columns.read(field), evaluator.columns.rows);
        const rows: number[] = [];
        mask.forEach((inside, i) => inside && rows.push(i));
        context.showSamples(Int32Array.from(rows), slice.label);
      });
    });
    list.append(table);
  };

  saveButton.addEventListener("click", () => {
    const testCases: TestCaseDefinition[] = [...checked].sort((a, b) => a - b).map((index) => ({ name: found[index].label, where: found[index].predicate }));
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
    return { select: element, label: labelled(text, element) };
  }

  function labelled(text: string, control: HTMLElement, after = ""): HTMLLabelElement {
    const label = document.createElement("label");
    label.className = "sw-select-label";
    label.append(`${text} `, control);
    if (after) label.append(` ${after}`);
    return label;
  }
}

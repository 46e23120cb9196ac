// The Slicer: pick one or two fields (and filters), and the per-slice metric table, the delta
// chart and the samples of the chosen slice follow as you drag — computed here, from the samples,
// by the same metric code as the platform. Worst-slice search and saving sit below. This file wires
// the parts in ./slicer: the state and its transitions, the scheduler, and the views.
import { Table } from "apache-arrow";
import type { MetricGroup, QualityStandard } from "../core";
import { renderStateMessage } from "../charts/stateMessage";
import type { TestCaseKey } from "../charts/evaluationData";
import { BinMethod, SliceEvaluation, SliceEvaluator, SliceFilter, SlicePlan, planSlices, predicateMask } from "../metrics";
import type { Panel } from "./panels";
import { FilterState, filterPredicate, renderFilterControls } from "./slicerFilters";
import { KernelSaver, PlatformTarget, SaveOutcome, SaveTarget, SliceAddition, saveSamples, saveSlices } from "./slicerSave";
import { mountWorstSlices } from "./slicerWorstSlices";
import { AxisCache } from "./slicer/axisCache";
import { division } from "./slicer/formControls";
import { createSlicerLayout } from "./slicer/slicerLayout";
import { SlicerTransition, drawAxisControls } from "./slicer/slicerAxisControls";
import { mountSlicerGallery, samplesOfSelection, ShownSamples } from "./slicer/slicerGallery";
import { maximumSlices } from "./slicer/slicerLimits";
import { modelsOf, slicingFields } from "./slicer/slicerSamples";
import { slicerScheduler } from "./slicer/slicerScheduler";
import { SlicerState, chosenAxes, initialSlicerState, keepSelectionIn, selectSlice } from "./slicer/slicerState";
import { sliceStatusText, tooManySlicesText } from "./slicer/slicerStatus";
import { mountSliceResults } from "./slicer/sliceResultsView";
import { watchWidth } from "./watchWidth";

export { maximumSlices } from "./slicer/slicerLimits";
export { modelsOf, rowsOfSlice, slicingFields } from "./slicer/slicerSamples";

export interface SlicerOptions {
  /** The dataset's name: saving and the code it shows name it. */
  dataset?: string;
  /** Compared models (each has `<model>.<field>` columns); default: every model prefix in the samples. */
  models?: string[];
  reference?: string;
  /** The dataset's quality standard: its metric groups are computed; saving adds to it. */
  standard?: Partial<QualityStandard> | null;
  /** Fields offered for slicing; default every boolean, numeric and text column of the dataset. */
  fields?: string[];
  /** The dataset's id fields: not offered for slicing. */
  idFields?: string[];
  /** Datapoints the evaluation used, when the samples are only some of them (a report embeds at most a few thousand). */
  datapoints?: number;
  /** A platform the page may save to (`slicewise serve`); without it, saving shows code. */
  platform?: PlatformTarget | null;
  /** Save through the kernel (set by the Python kernel's Slicer, which answers the view's save message); the view must offer one. */
  saveThroughKernel?: boolean;
  /** Initial slicing. */
  field?: string;
  field2?: string | null;
  bins?: number;
  method?: BinMethod;
  confidence?: number;
  resamples?: number;
  seed?: number;
}

/** `kernel`: how the view saves through the kernel, used when the options ask for it (`saveThroughKernel`). */
export function mountSlicer(element: HTMLElement, samples: Table, options: SlicerOptions, kernel: KernelSaver | null = null): Panel {
  const document = element.ownerDocument;
  const root = division(document, "sw-slicer");
  element.append(root);
  const metricGroups = (options.standard?.metric_groups ?? []) as MetricGroup[];
  const models = options.models ?? modelsOf(samples);
  const fields = slicingFields(samples, models, options);
  if (metricGroups.length === 0 || models.length === 0 || fields.length === 0) {
    renderStateMessage(root, {
      title: "Nothing to slice yet",
      detail:
        metricGroups.length === 0
          ? "The slicer computes the dataset's metric groups: give it the quality standard (slicer(dataset, …) does)."
          : models.length === 0
            ? "The samples have no model columns (<model>.<field>): fetch them with samples(dataset, { models })."
            : "The samples have no boolean, numeric or text column to slice by.",
    });
    return { destroy: () => root.remove() };
  }
  const evaluator = new SliceEvaluator(samples, {
    models,
    reference: options.reference,
    metricGroups,
    confidence: options.confidence,
    resamples: options.resamples,
    seed: options.seed,
    minN: options.standard?.min_n,
  });
  // Copies: what this page saves is added here, never to the widget's options (its state).
  const standard: QualityStandard = {
    stratifications: [...(options.standard?.stratifications ?? [])],
    test_cases: [...(options.standard?.test_cases ?? [])],
    metric_groups: metricGroups,
    ...(options.standard?.min_n === undefined ? {} : { min_n: options.standard.min_n }),
  };
  const kindOf = new Map(fields.map((field) => [field, evaluator.columns.kind(field)!]));
  // A copy: a token typed in the page stays in this page, never in the widget's options (its state).
  const platform: SaveTarget | null = options.saveThroughKernel && kernel ? kernel : options.platform ? { ...options.platform } : null;
  const metricList = evaluator.metrics();
  const axes = new AxisCache(evaluator.columns.rows, (field) => evaluator.columns.read(field));
  const scheduler = slicerScheduler(
    () => update(),
    (error) => showError(`Could not slice: ${error instanceof Error ? error.message : String(error)}`),
  );
  const { clock } = scheduler;

  // ---- state: what a person chose (./slicer/slicerState), and what was computed from it
  let state: SlicerState = initialSlicerState({
    fields,
    field: options.field,
    field2: options.field2,
    bins: options.bins,
    method: options.method,
    chartMetric: metricList[0]?.label ?? "",
  });
  const filters: FilterState = { chips: [], join: "and" };
  let filter: SliceFilter | null = null;
  let plan: SlicePlan | null = null;
  let evaluation: SliceEvaluation | null = null;

  // ---- views
  const filterControls = renderFilterControls(
    document,
    filters,
    fields.map((name) => ({ name, kind: kindOf.get(name)! })),
    () => {
      const chosen = filterPredicate(filters);
      filter = chosen ? { ...chosen, mask: predicateMask(chosen.predicate, (field) => evaluator.columns.read(field), evaluator.columns.rows) } : null;
      scheduler.schedule();
    },
  );
  const layout = createSlicerLayout(root, filterControls.element);
  const { status, save } = layout;
  const resultsView = mountSliceResults(layout, {
    metrics: metricList.map((metric) => metric.label),
    state: () => state,
    change: (transition) => (state = transition(state)),
    select: (key) => select(key),
  });
  const gallery = mountSlicerGallery(layout.galleryHeader, layout.galleryBox, samples, () => select(null), {
    idFields: options.idFields,
    // Saved through the same save as the slices (to the platform or kernel, else as code), named after the slice shown.
    save: (saveBox, chosen, label) =>
      saveSamples(saveBox, platform, options.dataset ?? null, chosen, {
        name: label ? `samples in ${label}` : "chosen samples",
        onSaved: (testCase, outcome) => remember({ test_cases: [testCase] }, outcome),
      }),
  });

  const change = (transition: SlicerTransition, redraw: boolean) => {
    state = transition(state);
    if (redraw) drawControls();
    scheduler.schedule();
  };
  const drawControls = () =>
    drawAxisControls(layout.axisBoxes, state, { fields, kindOf: (field) => kindOf.get(field), axisOf: (axis) => axes.axisOf(axis), change });

  /** Recomputes the slicing and redraws; bootstraps then fill in over the next frames. */
  const update = () => {
    const started = clock.now();
    const chosen = chosenAxes(state).map((axis) => axes.axisOf(axis));
    const count = chosen.reduce((product, axis) => product * axis.levels.length, 1);
    if (count > maximumSlices) return showError(tooManySlicesText(count));
    status.classList.remove("sw-error");
    plan = planSlices(chosen, filter, standard, evaluator.columns.rows);
    evaluation = evaluator.evaluate(plan);
    const first = evaluation.rows(0);
    const results = evaluation.table(first.rows);
    const computed = clock.now();
    state = keepSelectionIn(state, evaluation.testCases);
    drawResults(results);
    chosen.forEach((axis, index) => {
      const edges = root.querySelector<HTMLElement>(`[data-role="slice-edges${index === 0 ? "" : "-2"}"]`);
      if (edges) edges.textContent = axis.edges?.length ? `edges ${axis.edges.join(" · ")}` : "";
    });
    const existing = plan.save.kind === "existing";
    save.disabled = existing;
    save.textContent = existing ? `Already in the quality standard as "${plan.stratification}"` : "Save these slices as test cases";
    // For benchmarks and the curious: the whole update, and its computing and drawing parts.
    root.dataset.updateMs = (clock.now() - started).toFixed(1);
    root.dataset.computeMs = (computed - started).toFixed(1);
    root.dataset.drawMs = (clock.now() - computed).toFixed(1);
    drawStatus(first.done, first.total);
    const current = evaluation;
    scheduler.continueSteps(
      (budgetMs) => {
        const step = current.rows(budgetMs);
        drawStatus(step.done, step.total);
        if (!step.complete) return false;
        drawResults(current.table(step.rows));
        return true;
      },
      () => current === evaluation,
    );
  };

  const showError = (message: string) => {
    status.textContent = message;
    status.classList.add("sw-error");
  };

  const drawStatus = (done: number, total: number) => {
    if (!plan || !evaluation) return;
    status.textContent = sliceStatusText({
      slices: plan.testCases.length,
      samplesInSlices: evaluation.rowsInSlices,
      samples: evaluator.columns.rows,
      datapoints: options.datapoints,
      updateMs: root.dataset.updateMs ?? "",
      done,
      total,
    });
    root.dataset.complete = String(done === total);
  };

  const drawResults = (results: Table) => {
    resultsView.draw(results);
    // The gallery follows a selected slice; showing every sample, it has nothing to redo.
    if (!gallery.showsEverySample() || state.selected) drawGallery();
  };

  const select = (key: TestCaseKey | null) => {
    state = selectSlice(state, key);
    resultsView.showSelected(state.selected);
    drawGallery();
  };

  /** The samples of the selected slice, or of a worst slice when given. */
  const drawGallery = (shown: ShownSamples = samplesOfSelection(state.selected, plan, evaluation)) => gallery.show(shown);

  save.addEventListener("click", () => {
    if (!plan || plan.save.kind === "existing") return;
    // What this click saves, whatever the slicing is by the time the server answers.
    const addition: SliceAddition = plan.save.kind === "stratification" ? { stratifications: [plan.save.stratification] } : { test_cases: plan.save.testCases };
    void saveSlices(layout.saveBox, platform, options.dataset ?? null, addition, (outcome) => remember(addition, outcome));
  });
  /**
   * What was saved (under the names it was saved as) is part of the standard now: the slicing
   * says so, and later ones name themselves around it.
   */
  const remember = (addition: SliceAddition, outcome: SaveOutcome) => {
    const savedAs = new Map(outcome.renamed);
    const named = <T extends { name: string }>(entry: T): T => ({ ...entry, name: savedAs.get(entry.name) ?? entry.name });
    standard.stratifications.push(...(addition.stratifications ?? []).map(named));
    standard.test_cases.push(...(addition.test_cases ?? []).map(named));
    scheduler.schedule();
  };

  const worst = mountWorstSlices(layout.worstBox, {
    evaluator,
    fields,
    filterMask: () => filter?.mask ?? null,
    platform,
    dataset: options.dataset ?? null,
    showSamples: (rows, label) => drawGallery({ rows, label }),
    onSaved: (testCases, outcome) => remember({ test_cases: testCases }, outcome),
  });

  drawControls();
  scheduler.updateNow();
  const stopWatching = watchWidth(
    layout.chart,
    () => layout.chart.clientWidth,
    (width) => resultsView.resize(width),
  );
  return {
    destroy() {
      scheduler.stop();
      stopWatching();
      worst.destroy();
      resultsView.destroy();
      gallery.destroy();
      root.remove();
    },
  };
}

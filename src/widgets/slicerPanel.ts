// The Slicer: pick one or two fields (and filters), and the per-slice metric table, the delta
// chart and the samples of the chosen slice follow as you drag — computed here, from the samples,
// by the same metric code as the platform. Worst-slice search and saving sit below.
import { Table } from "apache-arrow";
import type { MetricGroup, QualityStandard } from "../core";
import { renderComparisonChart, ComparisonChartHandle } from "../charts/comparisonChart";
import { renderMetricsTable, MetricsTableHandle, MetricsTableView } from "../charts/metricsTable";
import type { MetricsTableSort } from "../charts/metricsTableOptions";
import { renderSampleGallery, SampleGalleryHandle } from "../charts/sampleGallery";
import { splitModelColumn } from "../charts/samplesData";
import { renderStateMessage } from "../charts/stateMessage";
import type { TestCaseKey } from "../charts/evaluationData";
import {
  AxisSettings,
  BinMethod,
  SliceAxis,
  SliceEvaluation,
  SliceEvaluator,
  SliceFilter,
  SlicePlan,
  buildAxis,
  defaultBins,
  defaultTop,
  fieldKindOfArrow,
  planSlices,
  predicateMask,
} from "../metrics";
import { ChartKind, renderChartToolbar } from "./chartToolbar";
import type { Panel } from "./panels";
import { FilterState, filterPredicate, renderFilterControls, selectElement } from "./slicerFilters";
import { PlatformTarget, SaveOutcome, SliceAddition, saveSlices } from "./slicerSave";
import { mountWorstSlices } from "./slicerWorstSlices";
import { membershipPrefix, withoutMembership } from "./testCaseMembership";
import { watchWidth } from "./watchWidth";

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
  /** Initial slicing. */
  field?: string;
  field2?: string | null;
  bins?: number;
  method?: BinMethod;
  confidence?: number;
  resamples?: number;
  seed?: number;
}

interface AxisState {
  field: string;
  method: BinMethod | null;
  bins: number;
  top: number;
}

/** More slices than this would not be read, only wait for: the slicer asks for fewer. */
export const maximumSlices = 1000;

/** How long one step of the deferred bootstraps may hold the page, in ms. */
const bootstrapStepMs = 30;

export function mountSlicer(element: HTMLElement, samples: Table, options: SlicerOptions): Panel {
  const document = element.ownerDocument;
  const root = document.createElement("div");
  root.className = "sw-slicer";
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
  const platform: PlatformTarget | null = options.platform ? { ...options.platform } : null;

  // ---- state
  const first: AxisState = { field: options.field && kindOf.has(options.field) ? options.field : fields[0], method: options.method ?? null, bins: options.bins ?? defaultBins, top: defaultTop };
  const second: AxisState | null = options.field2 && kindOf.has(options.field2) ? { field: options.field2, method: null, bins: defaultBins, top: defaultTop } : null;
  const axes: [AxisState, AxisState | null] = [first, second];
  const filters: FilterState = { chips: [], join: "and" };
  let filter: SliceFilter | null = null;
  let plan: SlicePlan | null = null;
  let evaluation: SliceEvaluation | null = null;
  let results: Table | null = null;
  let selected: TestCaseKey | null = null;
  let sort: MetricsTableSort | null = null;
  // The table is drawn anew with every result: its compact view (one metric at a time) is kept here.
  let tableView: MetricsTableView | null = null;
  const metricList = evaluator.metrics();
  let chartMetric = metricList[0]?.label ?? "";
  let chartKind: ChartKind = "delta";
  const axisCache = new Map<string, SliceAxis>();

  // ---- layout
  const bar = div("sw-slicer-bar");
  const axisBoxes = [div("sw-slicer-axis"), div("sw-slicer-axis")];
  bar.append(...axisBoxes);
  const filterControls = renderFilterControls(document, filters, fields.map((name) => ({ name, kind: kindOf.get(name)! })), () => {
    const chosen = filterPredicate(filters);
    filter = chosen ? { ...chosen, mask: predicateMask(chosen.predicate, (field) => evaluator.columns.read(field), evaluator.columns.rows) } : null;
    schedule();
  });
  const status = div("sw-slicer-status");
  status.dataset.role = "slice-status";
  status.setAttribute("role", "status");
  const body = div("sw-slicer-body");
  const tableBox = div("sw-slicer-table");
  const chartColumn = div("sw-slicer-chart");
  const chartBar = div("sw-slicer-chart-bar");
  const chartBox = div("sw-chart-area");
  chartColumn.append(chartBar, chartBox);
  body.append(tableBox, chartColumn);
  const actions = div("sw-slicer-actions");
  const save = button("Save these slices as test cases", "save-slices");
  const saveBox = div("sw-save-box");
  saveBox.hidden = true;
  actions.append(save);
  const worstBox = div("sw-slicer-worst");
  const galleryHeader = div("sw-gallery-context");
  const galleryBox = div("sw-slicer-gallery");
  root.append(bar, filterControls.element, status, body, actions, saveBox, worstBox, galleryHeader, galleryBox);

  // ---- drawing
  let table: MetricsTableHandle | null = null;
  let chart: ComparisonChartHandle | null = null;
  let gallery: SampleGalleryHandle | null = null;
  let galleryFiltered = false;
  const shownSamples = withoutMembership(samples);

  const drawAxisControls = () => {
    axes.forEach((state, index) => {
      const box = axisBoxes[index];
      box.replaceChildren();
      const suffix = index === 0 ? "" : "-2";
      const choices = fields.filter((field) => index === 0 || field !== first.field).map((field): [string, string] => [field, field]);
      if (index === 1) choices.unshift(["", "(no second field)"]);
      const picker = selectElement(document, `slice-field${suffix}`, index === 0 ? "Slice by" : "and by", choices, state?.field ?? "");
      picker.addEventListener("change", () => {
        if (index === 0) {
          first.field = picker.value;
          first.method = null;
          if (axes[1]?.field === first.field) axes[1] = null;
        } else axes[1] = picker.value ? { field: picker.value, method: null, bins: defaultBins, top: defaultTop } : null;
        selected = null;
        drawAxisControls();
        schedule();
      });
      box.append(labelled(index === 0 ? "Slice by" : "and by", picker));
      if (!state) return;
      const axis = axisOf(state);
      // How to cut, the bin slider and its count wrap together (css/slicer.css), never one by one.
      const binning = document.createElement("span");
      binning.className = "sw-toolbar-group sw-slicer-binning";
      box.append(binning);
      if (kindOf.get(state.field) === "numeric") {
        const methods: [BinMethod, string][] = [["values", "each value"], ["equal-width", "equal width"], ["quantile", "quantiles"]];
        const method = selectElement(document, `slice-method${suffix}`, `How to cut ${state.field}`, methods, axis.method);
        method.addEventListener("change", () => {
          state.method = method.value as BinMethod;
          drawAxisControls();
          schedule();
        });
        binning.append(method);
      }
      if (axis.edges) {
        const slider = document.createElement("input");
        slider.type = "range";
        slider.min = "2";
        slider.max = "20";
        slider.value = String(state.bins);
        slider.dataset.role = `slice-bins${suffix}`;
        slider.setAttribute("aria-label", `Bins of ${state.field}`);
        const count = document.createElement("output");
        count.textContent = `${state.bins} bins`;
        slider.addEventListener("input", () => {
          state.bins = Number(slider.value);
          count.textContent = `${state.bins} bins`;
          schedule();
        });
        const edges = document.createElement("span");
        edges.className = "sw-slicer-edges";
        edges.dataset.role = `slice-edges${suffix}`;
        binning.append(slider, count);
        box.append(edges);
      } else if (kindOf.get(state.field) !== "boolean") {
        const top = document.createElement("input");
        top.type = "number";
        top.min = "1";
        top.max = "100";
        top.value = String(state.top);
        top.className = "sw-input sw-input-narrow";
        top.dataset.role = `slice-top${suffix}`;
        top.setAttribute("aria-label", `Values of ${state.field} shown one by one`);
        top.addEventListener("change", () => {
          state.top = Math.max(1, Math.min(100, Math.round(Number(top.value) || defaultTop)));
          schedule();
        });
        binning.append(labelled("top", top));
      }
      if (!binning.hasChildNodes()) binning.remove();
    });
  };

  /**
   * Axes by their settings, least recently used first: going back to a bin count reuses its axis.
   * At most ~16M row codes (64 MB) are kept; a new axis takes over the oldest one's codes.
   */
  const axisOf = (state: AxisState): SliceAxis => {
    const settings: AxisSettings = { field: state.field, bins: state.bins, top: state.top, method: state.method ?? undefined };
    const key = JSON.stringify(settings);
    let axis = axisCache.get(key);
    if (axis) axisCache.delete(key);
    else {
      let recycled: Int32Array | undefined;
      if ((axisCache.size + 1) * evaluator.columns.rows > 16_000_000 && axisCache.size >= 2) {
        const [oldest, entry] = axisCache.entries().next().value as [string, SliceAxis];
        axisCache.delete(oldest);
        recycled = entry.codes;
      }
      axis = buildAxis(evaluator.columns.read(state.field), settings, recycled);
    }
    axisCache.set(key, axis);
    return axis;
  };

  /** Recomputes the slicing and redraws; bootstraps then fill in over the next frames. */
  const update = () => {
    const started = now();
    const chosen = axes.filter((state): state is AxisState => state !== null).map(axisOf);
    const count = chosen.reduce((product, axis) => product * axis.levels.length, 1);
    if (count > maximumSlices) {
      status.textContent = `${count.toLocaleString("en-US")} slices is more than the ${maximumSlices.toLocaleString("en-US")} the slicer shows: use fewer bins or top values, or one field.`;
      status.classList.add("sw-error");
      return;
    }
    status.classList.remove("sw-error");
    plan = planSlices(chosen, filter, standard, evaluator.columns.rows);
    evaluation = evaluator.evaluate(plan);
    const first = evaluation.rows(0);
    results = evaluation.table(first.rows);
    const computed = now();
    if (selected && !evaluation.testCases.some((key) => key.stratification === selected!.stratification && key.test_case === selected!.testCase)) selected = null;
    drawResults();
    chosen.forEach((axis, index) => {
      const edges = root.querySelector<HTMLElement>(`[data-role="slice-edges${index === 0 ? "" : "-2"}"]`);
      if (edges) edges.textContent = axis.edges?.length ? `edges ${axis.edges.join(" · ")}` : "";
    });
    const existing = plan.save.kind === "existing";
    save.disabled = existing;
    save.textContent = existing ? `Already in the quality standard as "${plan.stratification}"` : "Save these slices as test cases";
    // For benchmarks and the curious: the whole update, and its computing and drawing parts.
    root.dataset.updateMs = (now() - started).toFixed(1);
    root.dataset.computeMs = (computed - started).toFixed(1);
    root.dataset.drawMs = (now() - computed).toFixed(1);
    drawStatus(first.done, first.total);
    continueBootstraps(evaluation);
  };

  const continueBootstraps = (current: SliceEvaluation) => {
    later(() => {
      if (current !== evaluation || destroyed) return;
      const step = current.rows(bootstrapStepMs);
      drawStatus(step.done, step.total);
      if (!step.complete) return continueBootstraps(current);
      results = current.table(step.rows);
      drawResults();
    });
  };

  const drawStatus = (done: number, total: number) => {
    if (!plan || !evaluation) return;
    const inSlices = evaluation.rowsInSlices;
    const parts = [
      `${plan.testCases.length.toLocaleString("en-US")} slices of ${inSlices.toLocaleString("en-US")} samples` +
        (inSlices < evaluator.columns.rows ? ` (${evaluator.columns.rows.toLocaleString("en-US")} in all)` : "") +
        (options.datapoints && options.datapoints > evaluator.columns.rows ? `, the first of ${options.datapoints.toLocaleString("en-US")} datapoints` : ""),
      `updated in ${root.dataset.updateMs} ms`,
    ];
    if (total > 0) parts.push(done < total ? `bootstrap intervals ${Math.round((100 * done) / total)} %…` : "bootstrap intervals done");
    status.textContent = parts.join(" · ");
    root.dataset.complete = String(done === total);
  };

  const drawResults = () => {
    if (!results) return;
    table?.destroy();
    tableBox.replaceChildren();
    table = renderMetricsTable(tableBox, results, {
      selected,
      sort,
      showDelta: true,
      maxHeight: 360,
      caption: "Metrics per slice",
      onSelect: (key) => select(key),
      onSortChange: (next) => (sort = next),
      view: tableView,
      onViewChange: (next) => (tableView = next),
    });
    drawChart();
    // The gallery follows a selected slice; showing every sample, it has nothing to redo.
    if (!gallery || selected || galleryFiltered) drawGallery();
  };

  const drawChart = () => {
    if (!results) return;
    chartBar.replaceChildren();
    renderChartToolbar(chartBar, {
      kind: chartKind,
      kinds: ["delta", "bars"],
      metrics: metricList.map((metric) => metric.label),
      metric: chartMetric,
      onKind: (kind) => {
        chartKind = kind;
        drawChart();
      },
      onMetric: (metric) => {
        chartMetric = metric;
        drawChart();
      },
      svg: () => chart?.toSVG() ?? "",
      fileName: `slicewise-slices-${chartMetric}`.replace(/[^\w.-]+/g, "_"),
    });
    chart?.destroy();
    chartBox.replaceChildren();
    chart = renderComparisonChart(chartBox, results, { kind: chartKind, metric: chartMetric, selected, width: chartBox.clientWidth || undefined, onSelect: (key) => select(key) });
  };

  const select = (key: TestCaseKey | null) => {
    selected = key;
    table?.update({ selected });
    chart?.update({ selected });
    drawGallery();
  };

  /** The samples of the selected slice, or of a worst slice (given as rows). */
  const drawGallery = (rows: Int32Array | null = null, title: string | null = null) => {
    galleryHeader.replaceChildren();
    let shown = rows;
    let label = title;
    if (!shown && selected && plan && evaluation) {
      const index = evaluation.testCases.findIndex((key) => key.stratification === selected!.stratification && key.test_case === selected!.testCase);
      shown = index === 0 ? null : rowsOfSlice(plan.sliceOf, index - 1);
      label = `${selected.testCase}`;
    }
    if (label) {
      const text = document.createElement("span");
      text.textContent = `Samples in ${label}`;
      const clear = button("Show all", "show-all-samples");
      clear.addEventListener("click", () => select(null));
      galleryHeader.append(text, clear);
    }
    const filter = { testCase: shown && label ? { stratification: "slice", testCase: label, rows: shown } : null };
    galleryFiltered = filter.testCase !== null;
    if (gallery) gallery.update({ filter });
    else gallery = renderSampleGallery(galleryBox, shownSamples, { filter, onClearTestCase: () => select(null) });
  };

  // ---- scheduling: one update per frame however fast the slider moves
  let scheduled = false;
  let destroyed = false;
  const schedule = () => {
    if (scheduled) return;
    scheduled = true;
    nextFrame(() => {
      scheduled = false;
      if (!destroyed) safely(update);
    });
  };
  const safely = (work: () => void) => {
    try {
      work();
    } catch (error) {
      status.textContent = `Could not slice: ${error instanceof Error ? error.message : String(error)}`;
      status.classList.add("sw-error");
    }
  };

  save.addEventListener("click", () => {
    if (!plan || plan.save.kind === "existing") return;
    // What this click saves, whatever the slicing is by the time the server answers.
    const addition: SliceAddition = plan.save.kind === "stratification" ? { stratifications: [plan.save.stratification] } : { test_cases: plan.save.testCases };
    void saveSlices(saveBox, platform, options.dataset ?? null, addition, (outcome) => remember(addition, outcome));
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
    schedule();
  };

  const worst = mountWorstSlices(worstBox, {
    evaluator,
    fields,
    filterMask: () => filter?.mask ?? null,
    platform,
    dataset: options.dataset ?? null,
    showSamples: (rows, label) => drawGallery(rows, label),
    onSaved: (testCases, outcome) => remember({ test_cases: testCases }, outcome),
  });

  drawAxisControls();
  safely(update);
  const stopWatching = watchWidth(chartBox, () => chartBox.clientWidth, (width) => chart?.update({ width }));
  return {
    destroy() {
      destroyed = true;
      stopWatching();
      worst.destroy();
      table?.destroy();
      chart?.destroy();
      gallery?.destroy();
      root.remove();
    },
  };

  function div(className: string): HTMLDivElement {
    const box = document.createElement("div");
    box.className = className;
    return box;
  }

  function button(text: string, role: string): HTMLButtonElement {
    const element = document.createElement("button");
    element.type = "button";
    element.className = "sw-button";
    element.dataset.role = role;
    element.textContent = text;
    return element;
  }

  function labelled(text: string, control: HTMLElement): HTMLLabelElement {
    const label = document.createElement("label");
    label.className = "sw-select-label";
    label.append(`${text} `, control);
    return label;
  }
}

/** Row indexes of one slice. */
export function rowsOfSlice(sliceOf: Int32Array, slice: number): Int32Array {
  let count = 0;
  for (let i = 0; i < sliceOf.length; i++) if (sliceOf[i] === slice) count++;
  const rows = new Int32Array(count);
  for (let i = 0, j = 0; i < sliceOf.length; i++) if (sliceOf[i] === slice) rows[j++] = i;
  return rows;
}

/** Models named by `<model>.<field>` columns, in column order. */
export function modelsOf(samples: Table): string[] {
  const models = new Set<string>();
  for (const field of samples.schema.fields) {
    const split = field.name.startsWith(membershipPrefix) ? null : splitModelColumn(field.name);
    if (split) models.add(split.model);
  }
  return [...models];
}

/** The dataset's boolean, numeric and text columns, without ids, model columns, memberships or media. */
export function slicingFields(samples: Table, models: string[], options: Pick<SlicerOptions, "fields" | "idFields">): string[] {
  const sliceable = (name: string) => {
    const field = samples.schema.fields.find((candidate) => candidate.name === name);
    return field !== undefined && ["boolean", "numeric", "string"].includes(fieldKindOfArrow(field.type));
  };
  if (options.fields) return options.fields.filter(sliceable);
  const ids = new Set(options.idFields ?? []);
  return samples.schema.fields
    .map((field) => field.name)
    .filter((name) => !ids.has(name) && !name.startsWith(membershipPrefix) && name !== "thumbnail" && name !== "locator" && !models.some((model) => name.startsWith(`${model}.`)))
    .filter(sliceable)
    .filter((name) => !(options.idFields === undefined && /(^id$|_id$|^id_)/.test(name)));
}

const now = () => (typeof performance !== "undefined" ? performance.now() : Date.now());

function nextFrame(work: () => void): void {
  if (typeof requestAnimationFrame === "function") requestAnimationFrame(() => work());
  else setTimeout(work, 0);
}

/** After the browser has painted and handled input: a macrotask. */
function later(work: () => void): void {
  setTimeout(work, 0);
}

/** @jest-environment jsdom */
// The metrics table on a hand-made evaluation: 5 test cases in 2 stratifications, 2 models, 2 metrics.
// jsdom lacks TextEncoder/TextDecoder, which apache-arrow needs as it loads: lend Node's first
// (TypeScript keeps this statement between the two requires).
import { TextDecoder, TextEncoder } from "util";
Object.assign(globalThis, { TextDecoder, TextEncoder });
import { EvaluationRow, Verdict, evaluationTableFromRows } from "../../../src/core";
import { MetricsTableHandle, MetricsTableOptions, renderMetricsTable } from "../../../src/charts/metricsTable";

type Figures = [
  n: number,
  value: number | null,
  ciLow: number | null,
  ciHigh: number | null,
  delta: number | null,
  p: number | null,
  q: number | null,
  verdict: Verdict | null,
];

function rows(stratification: string, testCase: string, metric: string, higherIsBetter: boolean, baseline: Figures, candidate: Figures): EvaluationRow[] {
  return [["baseline", baseline] as const, ["candidate", candidate] as const].map(([model, [n, value, ci_low, ci_high, delta, p_value, q_value, verdict]]) => ({
    stratification,
    test_case: testCase,
    model,
    metric_group: "quality",
    metric,
    n,
    value,
    ci_low,
    ci_high,
    delta,
    p_value,
    q_value,
    verdict,
    higher_is_better: higherIsBetter,
  }));
}

const rainy = 'rain, "heavy"';
const evaluation = evaluationTableFromRows([
  ...rows("size", "small", "accuracy", true, [50, 0.8, 0.67, 0.89, null, null, null, null], [50, 0.9, 0.79, 0.96, 0.1, 0.01, 0.02, "improved"]),
  ...rows("size", "small", "latency_ms", false, [50, 12.5, 11, 14, null, null, null, null], [50, 10, 9, 11, -2.5, 0.001, 0.004, "improved"]),
  ...rows("size", "medium", "accuracy", true, [40, 0.75, 0.6, 0.86, null, null, null, null], [40, 0.7, 0.55, 0.82, -0.05, 0.2, 0.25, "similar"]),
  ...rows("size", "medium", "latency_ms", false, [40, 13, 12, 14, null, null, null, null], [40, 13.5, 12, 15, 0.5, 0.4, 0.4, "similar"]),
  ...rows("size", "large", "accuracy", true, [30, 0.9, 0.74, 0.97, null, null, null, null], [30, 0.6, 0.42, 0.75, -0.3, 0.001, 0.004, "regressed"]),
  ...rows("size", "large", "latency_ms", false, [30, 20, 18, 22, null, null, null, null], [30, 25, 22, 28, 5, 0.003, 0.008, "regressed"]),
  ...rows("weather", "sunny", "accuracy", true, [20, 0.85, 0.64, 0.95, null, null, null, null], [20, null, null, null, null, null, null, "unknown"]),
  ...rows("weather", "sunny", "latency_ms", false, [20, 11, 10, 12, null, null, null, null], [20, 11, 10, 12, 0, 1, 1, "similar"]),
  ...rows("weather", rainy, "accuracy", true, [60, 0.6, 0.47, 0.72, null, null, null, null], [60, 0.65, 0.52, 0.76, 0.05, 0.3, 0.3, "similar"]),
  ...rows("weather", rainy, "latency_ms", false, [60, 15, 14, 16, null, null, null, null], [60, 14, 13, 15, -1, 0.09, 0.11, "similar"]),
]);

let host: HTMLElement;
let handle: MetricsTableHandle | null = null;

beforeEach(() => {
  host = document.createElement("div");
  document.body.append(host);
});

afterEach(() => {
  handle?.destroy();
  handle = null;
  host.remove();
});

function render(options: MetricsTableOptions = {}, table = evaluation): MetricsTableHandle {
  handle = renderMetricsTable(host, table, options);
  return handle;
}

const order = () => [...host.querySelectorAll<HTMLElement>("tbody tr[data-test-case]")].map((row) => row.dataset.testCase);
const row = (testCase: string) =>
  [...host.querySelectorAll<HTMLElement>("tbody tr[data-test-case]")].find((candidate) => candidate.dataset.testCase === testCase)!;
const cell = (testCase: string, model: string, metric: string) =>
  row(testCase).querySelector<HTMLElement>(`td[data-model="${model}"][data-metric="${metric}"]`)!;
const header = (label: string) =>
  [...host.querySelectorAll<HTMLElement>("thead th[data-sort]")].find((th) => th.querySelector("button")!.getAttribute("aria-label") === label)!;
const key = (target: Element, name: string) => target.dispatchEvent(new KeyboardEvent("keydown", { key: name, bubbles: true, cancelable: true }));

describe("structure", () => {
  test("a real table: hidden caption, two-level header, row headers, one row per test case under its stratification", () => {
    render();
    const table = host.querySelector(".sw-metrics-table table")!;
    expect(table.querySelector("caption")!.className).toBe("sw-visually-hidden");
    expect(table.querySelector("caption")!.textContent).toContain("accuracy, latency_ms, for baseline (reference), candidate");
    const [top, bottom] = table.querySelectorAll("thead tr");
    expect([...top.children].map((th) => [th.textContent, th.getAttribute("colspan") ?? th.getAttribute("rowspan")])).toEqual([
      ["Test case", "2"],
      ["n", "2"],
      ["accuracy↑", "2"],
      ["latency_ms↓", "2"],
    ]);
    expect([...bottom.children].map((th) => th.textContent)).toEqual(["baseline", "candidate", "baseline", "candidate"]);
    expect(table.querySelectorAll('thead th[scope="col"]')).toHaveLength(6);
    expect(order()).toEqual(["small", "medium", "large", "sunny", rainy]);
    const groups = [...table.querySelectorAll<HTMLElement>("tbody tr.sw-mt-group")];
    expect(groups.map((row) => row.textContent)).toEqual(["▾size3 test cases", "▾weather2 test cases"]);
    const small = table.querySelector<HTMLElement>('tbody tr[data-test-case="small"]')!;
    expect(small.dataset.stratification).toBe("size");
    expect(small.querySelector('th[scope="row"]')!.textContent).toBe("small");
    expect(small.querySelector(".sw-mt-count-cell")!.textContent).toBe("50");
  });

  test("value cells: formatted value, delta with verdict symbol and class, full-precision data-value", () => {
    render();
    const improved = cell("small", "candidate", "accuracy");
    expect(improved.dataset.value).toBe("0.9");
    expect(improved.dataset.verdict).toBe("improved");
    expect(improved.querySelector(".sw-mt-number")!.textContent).toBe("0.9000");
    expect(improved.querySelector(".sw-mt-delta")!.textContent).toBe("▲+0.1000");
    expect(improved.querySelector(".sw-mt-delta")!.classList).toContain("sw-verdict-improved");
    expect(improved.querySelector(".sw-mt-symbol")!.getAttribute("aria-label")).toBe("improved (significant)");

    expect(cell("large", "candidate", "accuracy").textContent).toBe("0.6000▼−0.3000");
    expect(cell("large", "candidate", "accuracy").dataset.verdict).toBe("regressed");
    expect(cell("medium", "candidate", "accuracy").textContent).toBe("0.7000≈−0.0500");
    expect(cell("small", "candidate", "latency_ms").textContent).toBe("10.00▲−2.5000");

    const missing = cell("sunny", "candidate", "accuracy");
    expect(missing.dataset.value).toBe("");
    expect(missing.dataset.verdict).toBe("unknown");
    expect(missing.textContent).toBe("—?");

    const reference = cell("small", "baseline", "accuracy");
    expect(reference.textContent).toBe("0.8000");
    expect(reference.dataset.value).toBe("0.8");
    expect(reference.hasAttribute("data-verdict")).toBe(false);
    expect(reference.querySelector(".sw-mt-delta")).toBeNull();
  });

  test("showDelta false keeps values and verdict attributes, drops the delta chips", () => {
    render({ showDelta: false });
    expect(cell("small", "candidate", "accuracy").textContent).toBe("0.9000");
    expect(cell("small", "candidate", "accuracy").dataset.verdict).toBe("improved");
  });

  test("metrics, models and stratifications options choose and order what is shown", () => {
    render({ metrics: ["latency_ms"], models: ["candidate"], stratifications: ["weather"] });
    expect(order()).toEqual(["sunny", rainy]);
    expect([...host.querySelectorAll<HTMLElement>("tbody td[data-metric]")].map((td) => `${td.dataset.model}:${td.dataset.metric}`)).toEqual([
      "candidate:latency_ms",
      "candidate:latency_ms",
    ]);
  });

  test("the figures behind a cell (CI, p, q) appear on focus as its accessible description", () => {
    render();
    const target = cell("small", "candidate", "accuracy");
    target.focus();
    const tooltip = host.querySelector<HTMLElement>(".sw-mt-tooltip")!;
    expect(tooltip.hidden).toBe(false);
    expect(target.getAttribute("aria-describedby")).toBe(tooltip.id);
    expect(tooltip.textContent).toBe(
      [
        "size / small",
        "accuracy · candidate",
        "value 0.9000  CI [0.7900, 0.9600]  n 50",
        "Δ vs baseline +0.1000  p 0.010  q 0.020",
        "▲ improved (significant)",
      ].join("\n"),
    );
    target.blur();
    expect(tooltip.hidden).toBe(true);
  });

  test("an empty evaluation says what to do", () => {
    render({}, evaluationTableFromRows([]));
    expect(host.querySelector(".sw-metrics-table .sw-state")!.textContent).toBe(
      "No evaluation results to showUpload a dataset and at least one model's results, define a quality standard, then run evaluate() and show its table here.",
    );
    expect(host.querySelector("table")).toBeNull();
  });

  test("asking for a metric the evaluation lacks names the ones it has", () => {
    render({ metrics: ["f1"] });
    expect(host.querySelector(".sw-state")!.textContent).toContain("None of the metrics asked for (f1) is in this evaluation; it has accuracy, latency_ms.");
  });

  test("names from the data are text: markup creates no element, long names keep their full text in a title", () => {
    const name = "<img src=x onerror=alert(1)>";
    const table = evaluationTableFromRows(
      rows(name, name, name, true, [5, 0.5, null, null, null, null, null, null], [5, 0.4, null, null, -0.1, 0.5, 0.5, "similar"]),
    );
    render({}, table);
    expect(host.querySelector("img")).toBeNull();
    const row = host.querySelector<HTMLElement>("tbody tr[data-test-case]")!;
    expect(row.dataset.testCase).toBe(name);
    expect(row.querySelector("th")!.textContent).toBe(name);
    expect(row.querySelector("th")!.title).toBe(name);
    expect(host.querySelector("thead .sw-mt-metric-name")!.textContent).toBe(name);
    expect(host.querySelector(".sw-mt-group-name")!.textContent).toBe(name);
  });
});

describe("sorting", () => {
  test("clicking a value header sorts inside each group: ascending, descending, then the original order", () => {
    const sorts: unknown[] = [];
    render({ onSortChange: (sort) => sorts.push(sort) });
    header("accuracy, candidate").click();
    expect(order()).toEqual(["large", "medium", "small", rainy, "sunny"]);
    expect(header("accuracy, candidate").getAttribute("aria-sort")).toBe("ascending");

    header("accuracy, candidate").click();
    expect(order()).toEqual(["small", "medium", "large", rainy, "sunny"]); // a missing value stays last
    expect(header("accuracy, candidate").getAttribute("aria-sort")).toBe("descending");

    header("accuracy, candidate").click();
    expect(order()).toEqual(["small", "medium", "large", "sunny", rainy]);
    expect(host.querySelector("thead th[aria-sort]")).toBeNull();
    expect(sorts).toEqual([
      { column: { model: "candidate", metric: "accuracy" }, direction: "asc" },
      { column: { model: "candidate", metric: "accuracy" }, direction: "desc" },
      null,
    ]);
  });

  test("test case and n headers sort too; a sort can be given in the options", () => {
    render();
    header("Test case").click();
    expect(order()).toEqual(["large", "medium", "small", rainy, "sunny"]);
    header("Number of samples").click();
    expect(order()).toEqual(["large", "medium", "small", "sunny", rainy]);
    handle!.update({ sort: { column: "n", direction: "desc" } });
    expect(order()).toEqual(["small", "medium", "large", rainy, "sunny"]);
    expect(header("Number of samples").getAttribute("aria-sort")).toBe("descending");
  });
});

describe("groups and selection", () => {
  test("collapsing a stratification hides its rows and says so", () => {
    const changes: string[][] = [];
    render({ onCollapseChange: (collapsed) => changes.push(collapsed) });
    const toggle = () => host.querySelector<HTMLButtonElement>('tr[data-group="size"] button.sw-mt-toggle')!;
    expect(toggle().getAttribute("aria-expanded")).toBe("true");
    toggle().click();
    expect(order()).toEqual(["sunny", rainy]);
    expect(toggle().getAttribute("aria-expanded")).toBe("false");
    expect(toggle().textContent).toBe("▸size3 test cases");
    toggle().click();
    expect(order()).toEqual(["small", "medium", "large", "sunny", rainy]);
    expect(changes).toEqual([["size"], []]);
  });

  test("collapsed stratifications can be given in the options", () => {
    render({ collapsed: ["weather"] });
    expect(order()).toEqual(["small", "medium", "large"]);
  });

  // A notebook in command mode listens for keys on the document: the table keeps the keys it uses, and only those.
  test("the keys the table uses stop at it; other keys reach the page", () => {
    render();
    const reached: string[] = [];
    const listen = (event: KeyboardEvent) => reached.push(event.key);
    document.addEventListener("keydown", listen);
    try {
      host.querySelector<HTMLElement>('tbody [tabindex="0"]')!.focus();
      for (const name of ["ArrowDown", "ArrowUp", "Enter", "a", "j"]) key(document.activeElement!, name);
      expect(reached).toEqual(["a", "j"]);
    } finally {
      document.removeEventListener("keydown", listen);
    }
  });

  test("arrow keys move the focused cell; Enter selects the row's test case; Escape clears it", () => {
    const selections: unknown[] = [];
    render({ onSelect: (key) => selections.push(key) });
    const first = host.querySelector<HTMLElement>('tbody [tabindex="0"]')!;
    expect(first.closest("tr")!.classList).toContain("sw-mt-group");
    first.focus();
    key(document.activeElement!, "ArrowDown");
    key(document.activeElement!, "ArrowDown");
    expect(document.activeElement!.closest("tr")!.dataset.testCase).toBe("medium");
    expect(document.activeElement!.tagName).toBe("TH");
    key(document.activeElement!, "ArrowRight");
    key(document.activeElement!, "ArrowRight");
    expect((document.activeElement as HTMLElement).dataset.model).toBe("baseline");
    expect(host.querySelectorAll('tbody [tabindex="0"]')).toHaveLength(1);
    key(document.activeElement!, "End");
    expect((document.activeElement as HTMLElement).dataset.metric).toBe("latency_ms");
    expect((document.activeElement as HTMLElement).dataset.model).toBe("candidate");
    key(document.activeElement!, "Home");
    expect(document.activeElement!.getAttribute("scope")).toBe("row");

    key(document.activeElement!, "Enter");
    expect(selections).toEqual([{ stratification: "size", testCase: "medium" }]);
    const medium = host.querySelector('tbody tr[data-test-case="medium"]')!;
    expect(medium.getAttribute("aria-selected")).toBe("true");
    expect(host.querySelector('tbody tr[data-test-case="small"]')!.getAttribute("aria-selected")).toBe("false");
    expect(document.activeElement!.closest("tr")).toBe(medium); // focus survives the redraw

    key(document.activeElement!, "Escape");
    expect(selections).toEqual([{ stratification: "size", testCase: "medium" }, null]);
    expect(host.querySelector('tbody tr[aria-selected="true"]')).toBeNull();
  });

  test("clicking a row selects it; the selection can also come from the options", () => {
    const selections: unknown[] = [];
    render({ onSelect: (key) => selections.push(key) });
    cell(rainy, "candidate", "latency_ms").click();
    expect(selections).toEqual([{ stratification: "weather", testCase: rainy }]);
    expect(host.querySelector(`tbody tr[aria-selected="true"]`)!.getAttribute("data-test-case")).toBe(rainy);
    handle!.update({ selected: { stratification: "size", testCase: "large" } });
    expect(host.querySelector(`tbody tr[aria-selected="true"]`)!.getAttribute("data-test-case")).toBe("large");
    expect(selections).toHaveLength(1);
  });
});

describe("copy", () => {
  test("toCSV: RFC 4180, full precision, the rows in display order", () => {
    render({ metrics: ["accuracy"] });
    expect(handle!.toCSV()).toBe(
      [
        "stratification,test_case,n,accuracy (baseline),accuracy (candidate),accuracy delta (candidate),accuracy verdict (candidate)",
        "size,small,50,0.8,0.9,0.1,improved",
        "size,medium,40,0.75,0.7,-0.05,similar",
        "size,large,30,0.9,0.6,-0.3,regressed",
        "weather,sunny,20,0.85,,,unknown",
        'weather,"rain, ""heavy""",60,0.6,0.65,0.05,similar',
      ].join("\r\n"),
    );
  });

  test("toMarkdown: a GitHub table with the verdict symbol beside each delta", () => {
    render({ metrics: ["accuracy"], sort: { column: { model: "candidate", metric: "accuracy" }, direction: "desc" } });
    expect(handle!.toMarkdown()).toBe(
      [
        "| Stratification | Test case | n | accuracy (baseline) | accuracy (candidate) |",
        "| :--- | :--- | ---: | ---: | ---: |",
        "| size | small | 50 | 0.8000 | 0.9000 ▲ +0.1000 |",
        "| size | medium | 40 | 0.7500 | 0.7000 ≈ −0.0500 |",
        "| size | large | 30 | 0.9000 | 0.6000 ▼ −0.3000 |",
        '| weather | rain, "heavy" | 60 | 0.6000 | 0.6500 ≈ +0.0500 |',
        "| weather | sunny | 20 | 0.8500 | — |",
      ].join("\n"),
    );
  });

  test("names that would break a Markdown table or run as a spreadsheet formula are escaped", () => {
    const table = evaluationTableFromRows(
      rows(
        "size",
        "=1+1 | <b>big</b> *x* _y_ snake_case",
        "acc",
        true,
        [5, 0.5, null, null, null, null, null, null],
        [5, 0.4, null, null, -0.1, 0.5, 0.5, "similar"],
      ),
    );
    render({}, table);
    expect(handle!.toMarkdown().split("\n")[2]).toBe("| size | =1+1 \\| \\<b\\>big\\</b\\> \\*x\\* \\_y\\_ snake_case | 5 | 0.5000 | 0.4000 ≈ −0.1000 |");
    expect(handle!.toCSV().split("\r\n")[1]).toBe("size,'=1+1 | <b>big</b> *x* _y_ snake_case,5,0.5,0.4,-0.1,similar");
  });

  test("the Copy CSV button writes the CSV to the clipboard and says so", async () => {
    const writeText = jest.fn(async (_text: string) => {});
    Object.defineProperty(navigator, "clipboard", { value: { writeText }, configurable: true });
    try {
      render();
      const button = [...host.querySelectorAll<HTMLButtonElement>("button.sw-mt-copy")].find((candidate) => candidate.textContent === "Copy CSV")!;
      button.click();
      await new Promise((resolve) => setTimeout(resolve, 0));
      expect(writeText).toHaveBeenCalledWith(handle!.toCSV());
      expect(host.querySelector(".sw-mt-status")!.textContent).toBe("Copied");
    } finally {
      delete (navigator as unknown as Record<string, unknown>).clipboard;
    }
  });

  test("without the Clipboard API the Copy Markdown button falls back to a selected textarea", async () => {
    const execCommand = jest.fn(() => true);
    Object.defineProperty(document, "execCommand", { value: execCommand, configurable: true });
    let copied = "";
    execCommand.mockImplementation(() => {
      copied = document.querySelector<HTMLTextAreaElement>("body > textarea")!.value;
      return true;
    });
    try {
      render();
      [...host.querySelectorAll<HTMLButtonElement>("button.sw-mt-copy")].find((candidate) => candidate.textContent === "Copy Markdown")!.click();
      await new Promise((resolve) => setTimeout(resolve, 0));
      expect(execCommand).toHaveBeenCalledWith("copy");
      expect(copied).toBe(handle!.toMarkdown());
      expect(document.querySelector("body > textarea")).toBeNull();
      expect(host.querySelector(".sw-mt-status")!.textContent).toBe("Copied");
    } finally {
      delete (document as unknown as Record<string, unknown>).execCommand;
    }
  });
});

describe("a long table", () => {
  const models = ["m0", "m1", "m2", "m3"];
  const metrics = ["accuracy", "precision", "recall", "f1", "latency"];
  const long: EvaluationRow[] = [];
  for (let t = 0; t < 2000; t++) {
    for (const model of models) {
      for (const metric of metrics) {
        const reference = model === "m0";
        long.push({
          stratification: t < 1000 ? "first" : "second",
          test_case: `case ${t}`,
          model,
          metric_group: "quality",
          metric,
          n: 100 + t,
          value: (t % 97) / 97,
          ci_low: null,
          ci_high: null,
          delta: reference ? null : 0.01,
          p_value: reference ? null : 0.5,
          q_value: reference ? null : 0.5,
          verdict: reference ? null : "similar",
          higher_is_better: true,
        });
      }
    }
  }
  const table = evaluationTableFromRows(long);
  const nextFrame = () => new Promise((resolve) => requestAnimationFrame(resolve));

  test("renders only the rows in view, and later rows after a scroll", async () => {
    render({ maxHeight: 480, rowHeight: 28 }, table);
    const rendered = order();
    expect(rendered.length).toBeGreaterThan(10);
    expect(rendered.length).toBeLessThan(100);
    expect(rendered[0]).toBe("case 0");
    expect(host.querySelector("table")!.getAttribute("aria-rowcount")).toBe(String(2 + 2002));
    const spacers = [...host.querySelectorAll<HTMLElement>("tbody tr.sw-mt-spacer:not([hidden]) td")];
    expect(spacers).toHaveLength(1);
    expect(host.querySelector("tbody")!.lastElementChild).toBe(spacers[0].parentElement);
    const bodyRows = host.querySelectorAll("tbody tr[data-item]").length;
    expect(parseFloat(spacers[0].style.height)).toBe((2002 - bodyRows) * 28);

    const scroller = host.querySelector<HTMLElement>(".sw-mt-scroll")!;
    scroller.scrollTop = 1500 * 28;
    scroller.dispatchEvent(new Event("scroll"));
    await nextFrame();
    const later = order();
    expect(later.length).toBeLessThan(100);
    expect(later).toContain("case 1499"); // item 1500 is case 1499: the "second" group row comes first
    expect(later).not.toContain("case 0");
    const rowIndex = Number(host.querySelector<HTMLElement>('tbody tr[data-test-case="case 1499"]')!.getAttribute("aria-rowindex"));
    expect(rowIndex).toBe(3 + 1501);
    const [top, bottom] = [...host.querySelectorAll<HTMLElement>("tbody tr.sw-mt-spacer td")].map((td) => parseFloat(td.style.height));
    expect(top + bottom + host.querySelectorAll("tbody tr[data-item]").length * 28).toBe(2002 * 28);
  });

  test("keyboard moves past the rendered rows by scrolling them into the DOM", () => {
    render({ maxHeight: 480, rowHeight: 28 }, table);
    host.querySelector<HTMLElement>('tbody [tabindex="0"]')!.focus();
    key(document.activeElement!, "End");
    key(document.activeElement!, "PageDown"); // a page is the 15 rows in view less one: row 14, "case 13"
    for (let step = 0; step < 60; step++) key(document.activeElement!, "ArrowDown");
    const row = document.activeElement!.closest<HTMLElement>("tr")!;
    expect(row.dataset.testCase).toBe("case 73");
    expect((document.activeElement as HTMLElement).dataset.model).toBe("m3");
    key(document.activeElement!, "End");
    (document.activeElement as HTMLElement).dispatchEvent(new KeyboardEvent("keydown", { key: "End", ctrlKey: true, bubbles: true }));
    expect(document.activeElement!.closest<HTMLElement>("tr")!.dataset.testCase).toBe("case 1999");
  });
});

test("a verdict withheld for n below the metric's min_n reads 'too few samples', not a bare '?'", () => {
  // The evaluation's provenance says latency needs 2 datapoints for a verdict; "tiny" has 1.
  const tiny = evaluationTableFromRows(
    [
      ...rows("size", "tiny", "accuracy", true, [1, 1, 0.2065, 1, null, null, null, null], [1, 1, 0.2065, 1, 0, 1, 1, "similar"]),
      ...rows("size", "tiny", "latency_ms", false, [1, 12, null, null, null, null, null, null], [1, 10, null, null, -2, null, null, "unknown"]),
      ...rows("size", "empty", "latency_ms", false, [3, null, null, null, null, null, null, null], [3, null, null, null, null, null, null, "unknown"]),
    ],
    { min_n: { quality: { accuracy: 1, latency_ms: 2 } } },
  );
  render({}, tiny);
  const withheld = cell("tiny", "candidate", "latency_ms");
  expect(withheld.dataset.verdict).toBe("unknown");
  expect(withheld.dataset.value).toBe("10");
  expect(withheld.textContent).toBe("10.00too few samples");
  expect(withheld.querySelector(".sw-mt-delta")!.classList).toContain("sw-mt-too-few");
  // An exact test at n = 1 has its verdict; an undefined value with enough rows stays "?".
  expect(cell("tiny", "candidate", "accuracy").textContent).toBe("1.0000≈+0.0000");
  expect(cell("empty", "candidate", "latency_ms").textContent).toBe("—?");
  expect(handle!.toMarkdown()).toContain("| 10.00 (too few samples) |");
});

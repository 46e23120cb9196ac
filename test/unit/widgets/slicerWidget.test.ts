/** @jest-environment jsdom */
// The Slicer widget under jsdom: twelve samples whose per-slice accuracies can be counted by
// hand; the field pickers, the bins slider, a filter chip, the worst-slice search and saving.
import type { DOMWidgetView, WidgetModel } from "@jupyter-widgets/base";
import { Bool, Table, Utf8, makeVector, vectorFromArray } from "apache-arrow";
import type { QualityStandard } from "../../../src/core";
import { FakeWidgetManager } from "./fakeManager";
import { until, wireBytes } from "./widgetFixtures";

/**
 * Twelve samples, `size` 1 … 12 and `color` red, blue, green in turn. Model `a` is right
 * everywhere but at sizes 3 and 9; `b` is wrong on every red sample (sizes 1, 4, 7, 10) and
 * right elsewhere.
 */
const sizes = Array.from({ length: 12 }, (_, i) => i + 1);
const colors = sizes.map((_, i) => ["red", "blue", "green"][i % 3]);
const aCorrect = sizes.map((size) => size !== 3 && size !== 9);
const bCorrect = colors.map((color) => color !== "red");

function samples(): Table {
  return new Table({
    sample_id: makeVector(Int32Array.from(sizes.map((size) => 1000 + size))),
    size: makeVector(Float64Array.from(sizes)),
    color: vectorFromArray(colors, new Utf8()),
    "a.correct": vectorFromArray(aCorrect, new Bool()),
    "b.correct": vectorFromArray(bCorrect, new Bool()),
  });
}

const standard: QualityStandard = {
  stratifications: [{ name: "color", field: "color" }],
  test_cases: [],
  metric_groups: [{ name: "quality", metrics: [{ label: "Accuracy", kind: "mean", field: "correct", higher_is_better: true }] }],
};

let manager: FakeWidgetManager;
const shown: DOMWidgetView[] = [];

beforeEach(() => {
  manager = new FakeWidgetManager();
  URL.createObjectURL = jest.fn(() => "blob:test");
  URL.revokeObjectURL = jest.fn();
});

afterEach(() => {
  for (const view of shown.splice(0)) view.remove();
  document.body.replaceChildren();
  jest.restoreAllMocks();
});

async function showSlicer(options: Record<string, unknown> = {}) {
  const model = await manager.model(
    "SlicerModel",
    { samples: wireBytes(samples()), options: { dataset: "shapes", models: ["a", "b"], reference: "a", standard, idFields: ["sample_id"], ...options } },
    "slicer",
  );
  const view = (await manager.create_view(model as WidgetModel)) as DOMWidgetView;
  manager.display_view(view);
  shown.push(view);
  await until(() => view.el.querySelector("tr[data-test-case]") !== null, "the slice table");
  return view.el;
}

/** Test case → n and the models' accuracies, from the rendered table. */
function tableFigures(root: HTMLElement): Record<string, { n: string; a: string; b: string }> {
  const figures: Record<string, { n: string; a: string; b: string }> = {};
  for (const row of root.querySelectorAll<HTMLElement>(".sw-slicer-table tr[data-test-case]")) {
    const value = (model: string) => row.querySelector<HTMLElement>(`td[data-model="${model}"][data-metric="Accuracy"]`)!.dataset.value!;
    figures[`${row.dataset.stratification}/${row.dataset.testCase}`] = {
      n: row.querySelector(".sw-n, td:nth-child(2)")!.textContent!.trim(),
      a: value("a"),
      b: value("b"),
    };
  }
  return figures;
}

const testCases = (root: HTMLElement) =>
  [...root.querySelectorAll<HTMLElement>(".sw-slicer-table tr[data-test-case]")].map((row) => `${row.dataset.stratification}/${row.dataset.testCase}`);

test("offers the dataset's fields (not ids, not model columns) and slices by the first one", async () => {
  const root = await showSlicer({ method: "equal-width" });
  const picker = root.querySelector<HTMLSelectElement>('select[data-role="slice-field"]')!;
  expect([...picker.options].map((option) => option.value)).toEqual(["size", "color"]);
  expect([...root.querySelectorAll<HTMLSelectElement>('select[data-role="slice-field-2"] option')].map((option) => option.value)).toEqual(["", "color"]);
  // Five bins of equal width between 1 and 12: edges 1 + 11·k/5 for k = 1 … 4.
  expect(root.querySelector('[data-role="slice-edges"]')!.textContent).toBe("edges 3.2 · 5.4 · 7.6 · 9.8");
  expect(testCases(root)).toEqual(["dataset/all", "size/(-∞, 3.2)", "size/[3.2, 5.4)", "size/[5.4, 7.6)", "size/[7.6, 9.8)", "size/[9.8, ∞)"]);
  const figures = tableFigures(root);
  // All: a wrong at 3 and 9 (10/12), b wrong on the 4 red ones (8/12).
  expect(Number(figures["dataset/all"].a)).toBeCloseTo(10 / 12, 12);
  expect(Number(figures["dataset/all"].b)).toBeCloseTo(8 / 12, 12);
  // Sizes 1, 2, 3: a wrong at 3; b wrong at 1 (red).
  expect(Number(figures["size/(-∞, 3.2)"].a)).toBeCloseTo(2 / 3, 12);
  expect(Number(figures["size/(-∞, 3.2)"].b)).toBeCloseTo(2 / 3, 12);
  // Sizes 10, 11, 12: a right on all; b wrong at 10.
  expect(Number(figures["size/[9.8, ∞)"].a)).toBe(1);
  expect(Number(figures["size/[9.8, ∞)"].b)).toBeCloseTo(2 / 3, 12);
});

test("a numeric field with few values is sliced by value until bins are asked for", async () => {
  const root = await showSlicer();
  // size takes 12 distinct values: up to 12 are listed one by one.
  expect(testCases(root)).toEqual(["dataset/all", ...sizes.map((size) => `size/${size}`)]);
  expect(root.querySelector('input[data-role="slice-bins"]')).toBeNull();
  const method = root.querySelector<HTMLSelectElement>('select[data-role="slice-method"]')!;
  expect(method.value).toBe("values");
  method.value = "quantile";
  method.dispatchEvent(new Event("change", { bubbles: true }));
  // Five bins: the quintiles of 1 … 12 by linear interpolation, 1 + 11·k/5 — here the same edges as equal width.
  await until(() => testCases(root).length === 6, "quantile bins");
  expect(root.querySelector('[data-role="slice-edges"]')!.textContent).toBe("edges 3.2 · 5.4 · 7.6 · 9.8");
});

test("the bins slider re-slices: 3 bins of equal width, edges shown", async () => {
  const root = await showSlicer({ method: "equal-width" });
  const slider = root.querySelector<HTMLInputElement>('input[data-role="slice-bins"]')!;
  slider.value = "3";
  slider.dispatchEvent(new Event("input", { bubbles: true }));
  await until(() => testCases(root).length === 4, "three bins");
  // Width 11/3: edges 4.66667 and 8.33333 (six significant digits, as they are saved).
  expect(testCases(root)).toEqual(["dataset/all", "size/(-∞, 4.66667)", "size/[4.66667, 8.33333)", "size/[8.33333, ∞)"]);
  expect(root.querySelector('[data-role="slice-edges"]')!.textContent).toBe("edges 4.66667 · 8.33333");
  expect(root.querySelector('[data-role="slice-status"]')!.textContent).toMatch(/^3 slices of 12 samples/);
});

test("a second field crosses the levels; a filter chip keeps only matching samples", async () => {
  const root = await showSlicer();
  const picker = root.querySelector<HTMLSelectElement>('select[data-role="slice-field"]')!;
  picker.value = "color";
  picker.dispatchEvent(new Event("change", { bubbles: true }));
  // The quality standard slices by color already: the slicer names it as the standard does, and
  // there is nothing to save.
  await until(() => testCases(root).includes("color/red"), "slices by color");
  expect(testCases(root)).toEqual(["dataset/all", "color/blue", "color/green", "color/red"]);
  expect(Number(tableFigures(root)["color/red"].b)).toBe(0);
  const save = root.querySelector<HTMLButtonElement>('[data-role="save-slices"]')!;
  expect([save.disabled, save.textContent]).toEqual([true, 'Already in the quality standard as "color"']);

  const form = root.querySelector<HTMLFormElement>(".sw-filter-form")!;
  form.querySelector<HTMLSelectElement>('[data-role="filter-field"]')!.value = "size";
  form.querySelector<HTMLSelectElement>('[data-role="filter-op"]')!.value = "le";
  form.querySelector<HTMLInputElement>('[data-role="filter-value"]')!.value = "6";
  form.dispatchEvent(new Event("submit", { bubbles: true, cancelable: true }));
  await until(() => testCases(root).includes("test_cases/size ≤ 6 and color = red"), "filtered slices");
  expect([...root.querySelectorAll('[data-role="filter-chip"]')].map((chip) => chip.firstChild!.textContent)).toEqual(["size ≤ 6"]);
  expect(testCases(root)).toEqual([
    "dataset/all",
    "test_cases/size ≤ 6 and color = blue",
    "test_cases/size ≤ 6 and color = green",
    "test_cases/size ≤ 6 and color = red",
  ]);
  // Sizes 1 … 6 that are red: 1 and 4. The whole dataset still counts all 12.
  const figures = tableFigures(root);
  expect(figures["test_cases/size ≤ 6 and color = red"].n).toBe("2");
  expect(figures["dataset/all"].n).toBe("12");

  form.querySelector<HTMLInputElement>('[data-role="filter-value"]')!.value = "six";
  form.dispatchEvent(new Event("submit", { bubbles: true, cancelable: true }));
  expect(root.querySelector(".sw-filter-error")!.textContent).toBe('size holds numbers: "six" is not one');
});

test("without a platform, saving shows the client code that adds the stratification", async () => {
  const root = await showSlicer({ method: "equal-width" });
  root.querySelector<HTMLButtonElement>('[data-role="save-slices"]')!.click();
  await until(() => root.querySelector('[data-role="save-code"]') !== null, "the code");
  const code = root.querySelector('[data-role="save-code"]')!.textContent!;
  expect(code).toContain('const standard = await sw.getQualityStandard("shapes");');
  expect(code).toContain('standard.stratifications.push({"name":"size","field":"size","buckets":[3.2,5.4,7.6,9.8]});');
  expect(code).toContain('await sw.setQualityStandard("shapes", standard);');
});

test("with a platform, saving reads the stored standard, adds the slices and writes it back", async () => {
  const requests: { url: string; method: string; body: unknown }[] = [];
  global.fetch = jest.fn(async (url: string | URL | Request, init?: RequestInit) => {
    requests.push({ url: String(url), method: init?.method ?? "GET", body: init?.body ? JSON.parse(String(init.body)) : null });
    const stored = { ...standard, version: 4 };
    const answer = init?.method === "PUT" ? { ...JSON.parse(String(init.body)), version: 5 } : stored;
    return { ok: true, status: 200, statusText: "OK", json: async () => answer } as Response;
  }) as typeof fetch;
  const root = await showSlicer({ method: "equal-width", platform: { url: "http://127.0.0.1:9999/", token: "secret" } });
  root.querySelector<HTMLButtonElement>('[data-role="save-slices"]')!.click();
  await until(() => root.querySelector(".sw-save-box")!.getAttribute("data-saved") === "5", "the save");
  expect(requests.map((request) => `${request.method} ${request.url}`)).toEqual([
    "GET http://127.0.0.1:9999/api/v1/datasets/shapes/quality-standard",
    "PUT http://127.0.0.1:9999/api/v1/datasets/shapes/quality-standard",
  ]);
  expect((requests[1].body as QualityStandard).stratifications).toEqual([
    { name: "color", field: "color" },
    { name: "size", field: "size", buckets: [3.2, 5.4, 7.6, 9.8] },
  ]);
  expect(root.querySelector(".sw-save-message")!.textContent).toMatch(/^Saved the stratification "size" to shapes's quality standard as version 5\./);
  // The page knows the standard has it now; the widget's options (its state) are as they were.
  const save = root.querySelector<HTMLButtonElement>('[data-role="save-slices"]')!;
  await until(() => save.disabled, "the save button to say the slices are saved");
  expect(save.textContent).toBe('Already in the quality standard as "size"');
  expect(standard.stratifications).toEqual([{ name: "color", field: "color" }]);
});

test("worst slices: b fails on every red sample, and the search says so first", async () => {
  const root = await showSlicer();
  const form = root.querySelector<HTMLFormElement>(".sw-worst-form")!;
  form.querySelector<HTMLSelectElement>('[data-role="worst-model"]')!.value = "b";
  form.querySelector<HTMLInputElement>('[data-role="worst-min-size"]')!.value = "3";
  form.dispatchEvent(new Event("submit", { bubbles: true, cancelable: true }));
  await until(() => root.querySelector('[data-role="worst-slice"]') !== null, "the search");
  const first = root.querySelector<HTMLElement>('[data-role="worst-slice"]')!;
  expect(first.dataset.label).toBe("color = red");
  // Its error, 4 of 4, against 0 of 8 outside: P(X ≥ 4 | n = 4, p = 0) = 0, so q = 0.
  expect(Number(first.dataset.qValue)).toBe(0);
  first.click();
  expect(root.querySelector(".sw-gallery-context")!.textContent).toContain("Samples in color = red");
});

test("a platform that answers 401 gets the token typed in the page, kept there, not in the widget's state", async () => {
  const seen: (string | null)[] = [];
  global.fetch = jest.fn(async (_url: string | URL | Request, init?: RequestInit) => {
    const authorization = (init?.headers as Record<string, string> | undefined)?.Authorization ?? null;
    seen.push(authorization);
    if (authorization !== "Bearer typed-token")
      return {
        ok: false,
        status: 401,
        statusText: "Unauthorized",
        json: async () => ({ error: { code: "unauthorized", message: "this server needs a token" } }),
      } as Response;
    const answer = init?.method === "PUT" ? { ...JSON.parse(String(init.body)), version: 2 } : { ...standard, version: 1 };
    return { ok: true, status: 200, statusText: "OK", json: async () => answer } as Response;
  }) as typeof fetch;
  const platform = { url: "http://127.0.0.1:9999" };
  const root = await showSlicer({ method: "equal-width", platform });
  root.querySelector<HTMLButtonElement>('[data-role="save-slices"]')!.click();
  await until(() => root.querySelector('[data-role="save-token"]') !== null, "the token field");
  expect(root.querySelector(".sw-save-message")!.textContent).toBe("http://127.0.0.1:9999 needs its token to save:");
  root.querySelector<HTMLInputElement>('[data-role="save-token"]')!.value = "typed-token";
  root.querySelector<HTMLFormElement>(".sw-token-form")!.dispatchEvent(new Event("submit", { bubbles: true, cancelable: true }));
  await until(() => root.querySelector(".sw-save-box")!.getAttribute("data-saved") === "2", "the save with the token");
  expect(seen).toEqual([null, "Bearer typed-token", "Bearer typed-token"]);
  // The widget's options (its state, saved with a notebook) never held the token.
  expect(platform).toEqual({ url: "http://127.0.0.1:9999" });
});

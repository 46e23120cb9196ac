/** @jest-environment jsdom */
// "Save these samples as a test case" under jsdom: cards chosen in the gallery (Space, Ctrl+click,
// the tick box) saved as {name, ids} to a fake platform or shown as code, a taken name saved under
// another, and the Slicer saving the samples of the slice it shows.
import type { DOMWidgetView, WidgetModel } from "@jupyter-widgets/base";
import { Bool, Table, Utf8, makeVector, vectorFromArray } from "apache-arrow";
import type { QualityStandard } from "../../../src/core";
import { clientCode, saveSamples } from "../../../src/widgets/slicerSave";
import { FakeWidgetManager } from "./fakeManager";
import { samplesTable, until, wireBytes } from "./widgetFixtures";

let manager: FakeWidgetManager;
const shown: DOMWidgetView[] = [];

const standard: QualityStandard = {
  stratifications: [],
  test_cases: [{ name: "hard ones", ids: [105] }],
  metric_groups: [{ name: "quality", metrics: [{ label: "Accuracy", kind: "mean", field: "correct", higher_is_better: true }] }],
};

/** A fake platform: GET answers the stored standard at version 4, PUT stores version 5; each request is kept. */
function fakePlatform() {
  const requests: { method: string; url: string; body: QualityStandard | null }[] = [];
  global.fetch = jest.fn(async (url: string | URL | Request, init?: RequestInit) => {
    const body = init?.body ? (JSON.parse(String(init.body)) as QualityStandard) : null;
    requests.push({ method: init?.method ?? "GET", url: String(url), body });
    const answer = init?.method === "PUT" ? { ...body, version: 5 } : { ...standard, version: 4 };
    return { ok: true, status: 200, statusText: "OK", json: async () => answer } as Response;
  }) as typeof fetch;
  return requests;
}

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

async function show(kind: string, samples: Table, options: Record<string, unknown>): Promise<HTMLElement> {
  const model = await manager.model(kind, { samples: wireBytes(samples), options }, kind);
  const view = (await manager.create_view(model as WidgetModel)) as DOMWidgetView;
  manager.display_view(view);
  shown.push(view);
  await until(() => view.el.querySelector(".sw-gallery-card") !== null, "the cards");
  return view.el;
}

const card = (root: HTMLElement, row: number) => root.querySelector<HTMLElement>(`.sw-gallery-card[data-row="${row}"]`)!;
const saveButton = (root: HTMLElement) => root.querySelector<HTMLButtonElement>(".sw-gallery-save")!;

/** Chooses rows 1, 4 and 6 (ids 101, 104, 106) the three ways a person can. */
function chooseThree(root: HTMLElement): void {
  card(root, 1).dispatchEvent(new KeyboardEvent("keydown", { key: " ", bubbles: true }));
  card(root, 4).dispatchEvent(new MouseEvent("click", { bubbles: true, ctrlKey: true }));
  card(root, 6).querySelector<HTMLElement>(".sw-gallery-choose")!.click();
}

function saveAs(root: HTMLElement, name: string): void {
  saveButton(root).click();
  const input = root.querySelector<HTMLInputElement>('[data-role="test-case-name"]')!;
  expect(root.ownerDocument.activeElement).toBe(input);
  input.value = name;
  input.form!.dispatchEvent(new Event("submit", { bubbles: true, cancelable: true }));
}

test("three cards chosen and saved send {name, ids} with their ids to the platform, as a new version", async () => {
  const requests = fakePlatform();
  const root = await show("SampleGalleryModel", samplesTable(), { dataset: "weather", platform: { url: "http://127.0.0.1:9999" } });
  expect(saveButton(root).textContent).toBe("Save these 8 samples as a test case");
  chooseThree(root);
  expect([...root.querySelectorAll('.sw-gallery-card[aria-selected="true"]')].map((chosen) => (chosen as HTMLElement).dataset.sampleId)).toEqual([
    "101",
    "104",
    "106",
  ]);
  expect(root.querySelector(".sw-gallery-chosen")!.textContent).toBe("3 chosen");
  expect(saveButton(root).textContent).toBe("Save 3 chosen samples as a test case");

  saveAs(root, "three picked");
  await until(() => root.querySelector(".sw-save-box")!.getAttribute("data-saved") === "5", "the save");
  expect(requests.map((request) => request.method)).toEqual(["GET", "PUT"]);
  expect(requests[1].body!.test_cases).toEqual([
    { name: "hard ones", ids: [105] },
    { name: "three picked", ids: [101, 104, 106] },
  ]);
  expect(root.querySelector(".sw-save-message")!.textContent).toBe(
    `Saved the test case "three picked" (3 samples) to weather's quality standard as version 5. They appear in the next evaluate and in every widget built from it.`,
  );
});

test("a name the standard has already is saved under another, and the message says so", async () => {
  const requests = fakePlatform();
  const root = await show("SampleGalleryModel", samplesTable(), { dataset: "weather", platform: { url: "http://127.0.0.1:9999" } });
  chooseThree(root);
  saveAs(root, "hard ones");
  await until(() => root.querySelector(".sw-save-box")!.getAttribute("data-saved") === "5", "the save");
  expect(requests[1].body!.test_cases[1]).toEqual({ name: "hard ones (2)", ids: [101, 104, 106] });
  expect(root.querySelector(".sw-save-message")!.textContent).toContain('The name "hard ones" was taken, so it was saved as "hard ones (2)".');
});

test("without a platform the code that saves them lists the chosen ids; Space twice unchooses, Enter still opens", async () => {
  const root = await show("SampleGalleryModel", samplesTable(), { dataset: "weather" });
  chooseThree(root);
  card(root, 4).dispatchEvent(new KeyboardEvent("keydown", { key: " ", bubbles: true }));
  expect(card(root, 4).getAttribute("aria-selected")).toBe("false");
  expect(saveButton(root).textContent).toBe("Save 2 chosen samples as a test case");
  saveAs(root, "two picked");
  await until(() => root.querySelector('[data-role="save-code"]') !== null, "the code");
  expect(root.querySelector(".sw-save-message")!.textContent).toBe(
    'No platform to write to from here (this page has no server behind it). This code saves the test case "two picked" (2 samples):',
  );
  expect(root.querySelector('[data-role="save-code"]')!.textContent).toContain('standard.test_cases.push(\n  {"name":"two picked","ids":[101,106]},\n);');

  card(root, 2).dispatchEvent(new KeyboardEvent("keydown", { key: "Enter", bubbles: true }));
  expect(root.querySelector(".sw-gallery-detail")).not.toBeNull();
});

test("a gallery without a dataset offers no save and Space opens the card as before", async () => {
  const root = await show("SampleGalleryModel", samplesTable(), {});
  expect(root.querySelector(".sw-gallery-saving")!.hasAttribute("hidden")).toBe(true);
  expect(card(root, 1).hasAttribute("aria-selected")).toBe(false);
  card(root, 1).dispatchEvent(new KeyboardEvent("keydown", { key: " ", bubbles: true }));
  expect(root.querySelector(".sw-gallery-detail")).not.toBeNull();
});

test("the Slicer saves the samples of the slice it shows, none chosen, through its own save", async () => {
  // Six samples; color red on rows 0, 2 and 4 (ids 1000, 1002, 1004).
  const colors = ["red", "blue", "red", "blue", "red", "blue"];
  const samples = new Table({
    sample_id: makeVector(Int32Array.from([1000, 1001, 1002, 1003, 1004, 1005])),
    color: vectorFromArray(colors, new Utf8()),
    "a.correct": vectorFromArray([true, true, false, true, true, false], new Bool()),
  });
  const requests = fakePlatform();
  const root = await show("SlicerModel", samples, {
    dataset: "shapes",
    models: ["a"],
    standard,
    idFields: ["sample_id"],
    field: "color",
    platform: { url: "http://127.0.0.1:9999" },
  });
  await until(() => root.querySelector("tr[data-test-case]") !== null, "the slice table");
  root.querySelector<HTMLElement>('tr[data-test-case="red"] .sw-mt-name')!.click();
  await until(() => saveButton(root).textContent === "Save these 3 samples as a test case", "the red samples");
  saveButton(root).click();
  expect(root.querySelector<HTMLInputElement>('[data-role="test-case-name"]')!.value).toBe("samples in red");
  root.querySelector<HTMLFormElement>(".sw-save-samples")!.dispatchEvent(new Event("submit", { bubbles: true, cancelable: true }));
  await until(() => requests.length === 2 && root.querySelector('.sw-save-box[data-saved="5"]') !== null, "the save");
  expect(requests[1].body!.test_cases.at(-1)).toEqual({ name: "samples in red", ids: [1000, 1002, 1004] });
});

test("the code writes a long set of ids a dozen to a line", () => {
  const ids = Array.from({ length: 14 }, (_, i) => 100 + i);
  const code = clientCode("weather", { test_cases: [{ name: "fourteen", ids }] });
  expect(code).toContain(
    'standard.test_cases.push(\n  { "name": "fourteen", "ids": [\n    100, 101, 102, 103, 104, 105, 106, 107, 108, 109, 110, 111,\n    112, 113,\n  ] },\n);',
  );
});

test("Escape closes the name form and gives focus back to the save button; ids from a column the samples lack are refused", async () => {
  const root = await show("SampleGalleryModel", samplesTable(), { dataset: "weather" });
  saveButton(root).focus();
  saveButton(root).click();
  const input = root.querySelector<HTMLInputElement>('[data-role="test-case-name"]')!;
  input.dispatchEvent(new KeyboardEvent("keydown", { key: "Escape", bubbles: true }));
  expect(root.querySelector(".sw-save-samples")).toBeNull();
  expect(root.ownerDocument.activeElement).toBe(saveButton(root));

  const box = document.createElement("div");
  saveSamples(box, null, "weather", { table: samplesTable(), rows: [0, 1], idFields: ["frame"] });
  expect(box.querySelector(".sw-save-message")!.textContent).toBe(
    'These samples have no id column "frame", so they cannot be saved by id; give the widget the dataset\'s id fields (idFields).',
  );
});

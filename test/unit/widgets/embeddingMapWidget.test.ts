/** @jest-environment jsdom */
// The EmbeddingMap widget under jsdom: its legend counts, the colour menu, a lasso dragged over the
// overlay choosing the expected samples, and saving them as an id-set test case (the code, with no platform).
import type { DOMWidgetView } from "@jupyter-widgets/base";
import { Bool, Int32, Table, makeVector, vectorFromArray } from "apache-arrow";
import { EmbeddingMapView } from "../../../src/widgets/embeddingMapWidget";
import { FakeWidgetManager } from "./fakeManager";
import { wireBytes } from "./widgetFixtures";

// Six points in the square [0, 10]²; ids 100 … 105.
const table = new Table({
  id: makeVector(Int32Array.of(100, 101, 102, 103, 104, 105)),
  x: makeVector(Float32Array.of(0, 5, 10, 2, 8, 1)),
  y: makeVector(Float32Array.of(0, 5, 10, 1, 2, 8)),
  "a.correct": vectorFromArray([true, true, false, true, false, true], new Bool()),
  "b.correct": vectorFromArray([true, false, false, true, true, true], new Bool()),
  cluster: vectorFromArray([1, 1, 2, 1, 2, 3], new Int32()),
  embedding: vectorFromArray([
    [1, 0],
    [0.9, 0.1],
    [0, 1],
    [1, 0.05],
    [0.1, 1],
    [-1, 0],
  ]),
});

let manager: FakeWidgetManager;
const shown: DOMWidgetView[] = [];

beforeEach(() => {
  manager = new FakeWidgetManager();
  // jsdom has no canvas: the map draws no pixels, and everything else still works.
  jest.spyOn(HTMLCanvasElement.prototype, "getContext").mockReturnValue(null);
});

afterEach(() => {
  for (const view of shown.splice(0)) view.remove();
  document.body.replaceChildren();
  jest.restoreAllMocks();
});

async function showMap(state: Record<string, unknown> = {}) {
  const model = await manager.model("EmbeddingMapModel", { samples: wireBytes(table), options: { dataset: "shapes", idFields: ["id"] }, ...state }, "map");
  const view = (await manager.create_view(model)) as DOMWidgetView;
  manager.display_view(view);
  shown.push(view);
  return view;
}

const legend = (view: DOMWidgetView) =>
  [...view.el.querySelectorAll(".sw-map-legend li")].map((item) => [
    item.querySelector(".sw-map-legend-label")!.textContent,
    item.querySelector(".sw-map-legend-count")!.textContent,
  ]);

/** A pointer drag along `points` (stage pixels; jsdom's boxes sit at 0, 0). */
function drag(view: DOMWidgetView, points: [number, number][], init: MouseEventInit = {}) {
  const overlay = view.el.querySelector(".sw-map-overlay")!;
  const event = (type: string, [clientX, clientY]: [number, number]) =>
    overlay.dispatchEvent(new MouseEvent(type, { bubbles: true, clientX, clientY, button: 0, ...init }));
  event("pointerdown", points[0]);
  for (const point of points.slice(1)) event("pointermove", point);
  event("pointerup", points[points.length - 1]);
}

test("the view is an EmbeddingMapView coloured by the first model's correctness, with counts in the legend and the summary", async () => {
  const view = await showMap();
  expect(view).toBeInstanceOf(EmbeddingMapView);
  expect(legend(view)).toEqual([
    ["wrong", "2"],
    ["correct", "4"],
  ]);
  expect(view.el.querySelector(".sw-map-summary")!.textContent).toBe("6 points: 2 wrong, 4 correct.");
  expect(view.el.querySelector("canvas")!.getAttribute("aria-label")).toBe("Embedding map of 6 points: 2 wrong, 4 correct.");
});

test("the menu colours by the disagreement of a and b, and by cluster", async () => {
  const view = await showMap();
  const menu = view.el.querySelector<HTMLSelectElement>('select[data-role="color-by"]')!;
  expect([...menu.options].map((option) => option.textContent)).toEqual(["Correct: a", "Correct: b", "a vs b", "Cluster (within its class)"]);
  menu.value = "2";
  menu.dispatchEvent(new Event("change"));
  expect(legend(view)).toEqual([
    ["both right", "3"],
    ["only a right", "1"],
    ["only b right", "1"],
    ["both wrong", "1"],
  ]);
  menu.value = "3";
  menu.dispatchEvent(new Event("change"));
  expect(legend(view)).toEqual([
    ["1", "3"],
    ["2", "2"],
    ["3", "1"],
  ]);
});

test("a lasso around the lower-left quarter chooses ids 100, 101 and 103, and saves them as a test case's code", async () => {
  const view = await showMap();
  // Without layout the stage is 760 × 420: the square [0, 10]² is drawn 39.6 px a unit, (0, 0) at (182, 408).
  // This box spans data x and y from about −1 to 5.5.
  drag(
    view,
    [
      [140, 450],
      [400, 450],
      [400, 190],
      [140, 190],
    ],
    { shiftKey: true },
  );
  expect(view.el.querySelector('[data-role="chosen-count"]')!.textContent).toBe("3 samples in the lasso");
  expect(view.el.querySelector(".sw-map-summary")!.textContent).toBe("6 points: 2 wrong, 4 correct. 3 selected.");
  view.el.querySelector<HTMLButtonElement>('[data-role="save-test-case"]')!.click();
  await new Promise((resolve) => setTimeout(resolve, 0));
  const code = view.el.querySelector('[data-role="save-code"]')!.textContent!;
  expect(code).toContain('{"name":"map selection (3)","ids":[100,101,103]}');
  expect(code).toContain('await sw.setQualityStandard("shapes", standard);');
});

test("a click on a point shows it and its nearest neighbours by cosine", async () => {
  const view = await showMap();
  const overlay = view.el.querySelector(".sw-map-overlay")!;
  // Point 100 sits at (182, 408).
  overlay.dispatchEvent(new MouseEvent("mousedown", { bubbles: true, view: window, clientX: 183, clientY: 407 }));
  overlay.dispatchEvent(new MouseEvent("click", { bubbles: true, view: window, clientX: 183, clientY: 407 }));
  // (1, 0)'s nearest: (1, 0.05), then (0.9, 0.1), …; with 24 neighbours, all five others.
  expect(view.el.querySelector('[data-role="chosen-count"]')!.textContent).toBe("Sample 100 and its 5 nearest neighbours (cosine)");
});

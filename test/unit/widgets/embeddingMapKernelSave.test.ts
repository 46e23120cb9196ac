/** @jest-environment jsdom */
// The EmbeddingMap saving through the kernel (Python's EmbeddingMap answers the message): a click's
// samples go to the kernel as `save_slices` with an id-set test case, and the answer's version is shown.
import type { DOMWidgetView } from "@jupyter-widgets/base";
import { Bool, Int32, Table, makeVector, vectorFromArray } from "apache-arrow";
import { FakeComm, FakeWidgetManager } from "./fakeManager";
import { until, wireBytes } from "./widgetFixtures";

// Three points; (0, 0) is id 7, drawn at (182, 408) in jsdom's 760 × 420 stage (the square [0, 10]²).
const table = new Table({
  id: makeVector(Int32Array.of(7, 8, 9)),
  x: makeVector(Float32Array.of(0, 10, 10)),
  y: makeVector(Float32Array.of(0, 0, 10)),
  "a.correct": vectorFromArray([true, false, true], new Bool()),
  cluster: vectorFromArray([0, 1, 1], new Int32()),
  embedding: vectorFromArray([
    [1, 0],
    [0, 1],
    [0.2, 1],
  ]),
});

const shown: DOMWidgetView[] = [];

beforeEach(() => {
  jest.spyOn(HTMLCanvasElement.prototype, "getContext").mockReturnValue(null);
});

afterEach(() => {
  for (const view of shown.splice(0)) view.remove();
  document.body.replaceChildren();
  jest.restoreAllMocks();
});

const customs = (comm: FakeComm) =>
  comm.sent.map((message) => message.data as { method: string; content?: Record<string, unknown> }).filter((data) => data.method === "custom");

test("with saveThroughKernel a point and its neighbours are saved by the kernel as { name, ids }, and its version shown", async () => {
  global.fetch = jest.fn() as typeof fetch;
  const manager = new FakeWidgetManager();
  const comm = new FakeComm("map");
  const options = { dataset: "shapes", idFields: ["id"], saveThroughKernel: true, neighbors: 1 };
  const model = await manager.model("EmbeddingMapModel", { samples: wireBytes(table), options }, "map", comm);
  const view = (await manager.create_view(model)) as DOMWidgetView;
  manager.display_view(view);
  shown.push(view);
  const overlay = view.el.querySelector(".sw-map-overlay")!;
  overlay.dispatchEvent(new MouseEvent("mousedown", { bubbles: true, view: window, clientX: 183, clientY: 407 }));
  overlay.dispatchEvent(new MouseEvent("click", { bubbles: true, view: window, clientX: 183, clientY: 407 }));
  // (1, 0)'s nearest by cosine is (0.2, 1), id 9.
  expect(view.el.querySelector('[data-role="chosen-count"]')!.textContent).toBe("Sample 7 and its 1 nearest neighbours (cosine)");
  view.el.querySelector<HTMLButtonElement>('[data-role="save-test-case"]')!.click();
  await until(() => customs(comm).length === 1, "the save message");
  const [message] = customs(comm);
  expect(message.content).toEqual({
    type: "save_slices",
    request: expect.any(String),
    dataset: "shapes",
    addition: { test_cases: [{ name: "like 7", ids: [7, 9] }] },
  });
  await comm.receive({
    method: "custom",
    content: { type: "save_slices_result", request: message.content!.request, version: 4, renamed: [], added: 1 },
  } as never);
  await until(() => view.el.querySelector(".sw-save-box")!.getAttribute("data-saved") === "4", "the saved version");
  expect(view.el.querySelector(".sw-save-message")!.textContent).toMatch(
    /^Saved the test case "like 7" \(2 samples\) to shapes's quality standard as version 4\./,
  );
  expect(global.fetch).not.toHaveBeenCalled();
});

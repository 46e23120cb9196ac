/** @jest-environment jsdom */
// Box overlays: read from list<struct> cells or JSON text, and drawn in the image's pixel space over each card.
import { TextDecoder, TextEncoder } from "node:util";
import { digitImage } from "../../../examples/digits/png";

// jsdom's window lacks TextEncoder/TextDecoder, which Arrow needs as it loads; so Arrow and the renderer are required after.
Object.assign(globalThis, { TextDecoder, TextEncoder });
const { Binary, Field, Float64, List, makeVector, Struct, Table, Utf8, vectorFromArray } = require("apache-arrow") as typeof import("apache-arrow");
const { drawBoxes, parseBoxes, titleBoxes } = require("../../../src/charts/sampleGalleryBoxes") as typeof import("../../../src/charts/sampleGalleryBoxes");
const { renderSampleGallery } = require("../../../src/charts/sampleGallery") as typeof import("../../../src/charts/sampleGallery");

const boxType = new Struct([
  new Field("x", new Float64()),
  new Field("y", new Float64()),
  new Field("w", new Float64()),
  new Field("h", new Float64()),
  new Field("label", new Utf8()),
  new Field("score", new Float64(), true),
]);

test("parseBoxes reads JSON text and skips entries without four coordinates", () => {
  expect(parseBoxes('[{"x":1,"y":2,"w":3,"h":4,"label":"cat","score":0.9},{"x":"a","y":0,"w":1,"h":1},{"x":0,"y":0,"w":1,"h":1}]')).toEqual([
    { x: 1, y: 2, w: 3, h: 4, label: "cat", score: 0.9 },
    { x: 0, y: 0, w: 1, h: 1, label: null, score: null },
  ]);
  expect(parseBoxes("not json")).toEqual([]);
  // The platform's stored form: corners.
  expect(
    parseBoxes('[{"x_min":10,"y_min":20,"x_max":30,"y_max":60,"label":"3","score":0.5,"ignore":false},{"x_min":5,"y_min":5,"x_max":"?","y_max":9}]'),
  ).toEqual([{ x: 10, y: 20, w: 20, h: 40, label: "3", score: 0.5 }]);
  expect(parseBoxes(null)).toEqual([]);
});

test("drawBoxes scales fractional boxes to the natural size and labels them as text", () => {
  const svg = drawBoxes(document, parseBoxes('[{"x":0.25,"y":0.5,"w":0.5,"h":0.25,"label":"<b>dog</b>","score":0.5}]'), 200, 100, { labels: true });
  expect(svg.getAttribute("viewBox")).toBe("0 0 200 100");
  const rect = svg.querySelector("rect")!;
  expect([rect.getAttribute("x"), rect.getAttribute("y"), rect.getAttribute("width"), rect.getAttribute("height")]).toEqual(["50", "50", "100", "25"]);
  expect(svg.querySelector("text")!.textContent).toBe("<b>dog</b> 0.50");
  expect(svg.querySelector("b")).toBeNull();
});

test("drawBoxes without titles leaves the hover captions to titleBoxes, by outcome", () => {
  const boxes = parseBoxes('[{"x":1,"y":1,"w":4,"h":4,"label":"cat","score":0.9},{"x":5,"y":5,"w":2,"h":2,"label":"dog","score":0.6}]');
  const svg = drawBoxes(document, boxes, 10, 10, { labels: false, kind: "prediction", outcomes: ["tp", "fp"], titles: false });
  expect(svg.querySelectorAll("title").length).toBe(0);
  titleBoxes(svg, boxes, ["tp", "fp"]);
  titleBoxes(svg, boxes, ["tp", "fp"]);
  expect([...svg.querySelectorAll("rect")].map((rect) => rect.textContent)).toEqual(["cat 0.90 (found an object)", "dog 0.60 (false: no object there)"]);
});

test("a boxes column puts an SVG overlay over each card's image", () => {
  URL.createObjectURL = jest.fn(() => "blob:test");
  URL.revokeObjectURL = jest.fn();
  const image = digitImage(new Uint8Array(64));
  const offsets = Int32Array.from([0, image.length, image.length * 2]);
  const bytes = new Uint8Array(image.length * 2);
  bytes.set(image, 0);
  bytes.set(image, image.length);
  const table = new Table({
    id: vectorFromArray(["a", "b"], new Utf8()),
    image: makeVector({ type: new Binary(), length: 2, nullCount: 0, valueOffsets: offsets, data: bytes }),
    boxes: vectorFromArray([[{ x: 4, y: 4, w: 10, h: 12, label: "one", score: 0.75 }], []], new List(new Field("item", boxType))),
  });
  const element = document.createElement("div");
  document.body.append(element);
  const handle = renderSampleGallery(element, table, { boxes: "boxes", width: 400, requestFrame: (callback) => callback() });
  const overlay = element.querySelector('.sw-gallery-card[data-row="0"] svg.sw-gallery-boxes')!;
  expect(overlay.getAttribute("viewBox")).toBe("0 0 32 32");
  expect(overlay.querySelector("rect")!.getAttribute("height")).toBe("12");
  expect(overlay.querySelector("text")!.textContent).toBe("one 0.75");
  expect(element.querySelector('.sw-gallery-card[data-row="1"] svg')).toBeNull();
  handle.destroy();
});

test("an object-detection samples table: the gt boxes are found, model A's predictions drawn over them by outcome, and cards count TP, FP and FN", () => {
  URL.createObjectURL = jest.fn(() => "blob:test");
  URL.revokeObjectURL = jest.fn();
  const image = digitImage(new Uint8Array(64));
  const box = (x_min: number, label: string, score?: number) => ({
    x_min,
    y_min: 2,
    x_max: x_min + 8,
    y_max: 10,
    label,
    ...(score === undefined ? {} : { score }),
  });
  const table = new Table({
    image_id: vectorFromArray([7], new Utf8()),
    image: makeVector({ type: new Binary(), length: 1, nullCount: 0, valueOffsets: Int32Array.from([0, image.length]), data: image }),
    // As the platform's samples give them: JSON text of the stored corner boxes.
    gt: vectorFromArray([JSON.stringify([box(1, "3"), box(20, "5")])], new Utf8()),
    "knn.pred": vectorFromArray([JSON.stringify([box(2, "3", 0.9), box(30, "8", 0.2)])], new Utf8()),
    "logistic.pred": vectorFromArray([JSON.stringify([])], new Utf8()),
  });
  const element = document.createElement("div");
  document.body.append(element);
  const handle = renderSampleGallery(element, table, { width: 400, requestFrame: (callback) => callback() });
  const card = element.querySelector('.sw-gallery-card[data-row="0"]')!;
  const [truth, predicted] = [...card.querySelectorAll("svg.sw-gallery-boxes")];
  expect(truth.classList.contains("sw-gallery-predicted-boxes")).toBe(false);
  expect(truth.querySelectorAll("rect").length).toBe(2);
  expect(predicted.classList.contains("sw-gallery-predicted-boxes")).toBe(true);
  expect([...predicted.querySelectorAll("rect")].map((rect) => rect.getAttribute("x"))).toEqual(["2"]);
  const lines = [...card.querySelectorAll(".sw-gallery-line:not(.sw-gallery-id)")].map((line) => line.textContent);
  // The box scoring 0.2 is below the default threshold of 0.5: neither drawn nor counted. knn's 3 overlaps
  // the ground truth's 3 (IoU 56/72 ≥ 0.5): found; the 5 is missed.
  expect(lines).toEqual(["gt 2 boxes; ", "knn predicted 1 TP · 0 FP · 1 FN; ", "logistic predicted 0 TP · 0 FP · 2 FN"]);
  expect(predicted.querySelector(".sw-gallery-box")!.classList.contains("sw-box-tp")).toBe(true);
  // Hover captions are made when the picture is first pointed at.
  expect(card.querySelectorAll("title").length).toBe(0);
  card.querySelector(".sw-gallery-media")!.dispatchEvent(new Event("pointerenter"));
  expect([...card.querySelectorAll("rect")].map((rect) => rect.textContent)).toEqual(["3", "5", "3 0.90 (found an object)"]);

  // The toolbar's score slider lowers the threshold: the 0.2 box is drawn and counted.
  const slider = element.querySelector<HTMLInputElement>("input.sw-gallery-score")!;
  expect(slider.closest<HTMLElement>(".sw-gallery-group")!.hidden).toBe(false);
  slider.value = "0.15";
  slider.dispatchEvent(new Event("input"));
  const again = element.querySelector('.sw-gallery-card[data-row="0"]')!;
  expect(again.querySelector(".sw-gallery-model")!.textContent).toBe("knn predicted 1 TP · 1 FP · 1 FN; ");
  const outcomes = [...again.querySelectorAll("svg.sw-gallery-predicted-boxes .sw-gallery-box")].map((box) =>
    [...box.classList].filter((name) => name.startsWith("sw-box-")),
  );
  expect(outcomes).toEqual([["sw-box-tp"], ["sw-box-fp"]]);
  expect(element.querySelector("label[for='" + slider.id + "']")!.textContent).toBe("Score ≥ 0.15");
  // "Boxes of" picks the model drawn: logistic has none.
  const boxesOf = element.querySelector<HTMLSelectElement>("select.sw-gallery-boxes-model")!;
  boxesOf.value = "logistic";
  boxesOf.dispatchEvent(new Event("change"));
  expect(element.querySelectorAll('.sw-gallery-card[data-row="0"] svg.sw-gallery-predicted-boxes').length).toBe(0);
  handle.destroy();
});

/** @jest-environment jsdom */
// The sample gallery on a six-row samples table (two models, real PNG digits) and on 100,000 rows.
import { TextDecoder, TextEncoder } from "node:util";
import type { Table } from "apache-arrow";
import { digitImage } from "../../../examples/digits/png";
import type { SampleGalleryHandle, SampleGalleryOptions } from "../../../src/charts/sampleGallery";

// jsdom's window lacks TextEncoder/TextDecoder, which Arrow needs as it loads; so Arrow and the renderer are required after.
Object.assign(globalThis, { TextDecoder, TextEncoder });
const { Binary, Bool, Int32, makeVector, Table: ArrowTable, Utf8, vectorFromArray } = require("apache-arrow") as typeof import("apache-arrow");
const { renderSampleGallery } = require("../../../src/charts/sampleGallery") as typeof import("../../../src/charts/sampleGallery");

function binaryVector(values: Uint8Array[]) {
  const offsets = new Int32Array(values.length + 1);
  for (let index = 0; index < values.length; index++) offsets[index + 1] = offsets[index] + values[index].length;
  const bytes = new Uint8Array(offsets[values.length]);
  values.forEach((value, index) => bytes.set(value, offsets[index]));
  return makeVector({ type: new Binary(), length: values.length, nullCount: 0, valueOffsets: offsets, data: bytes });
}

/** A digit whose strokes fill column `column` of the 8×8 grid, so each row's image bytes differ. */
function png(column: number): Uint8Array {
  const pixels = new Uint8Array(64);
  for (let y = 0; y < 8; y++) pixels[y * 8 + column] = 16;
  return digitImage(pixels);
}

//            row:   0    1    2    3    4    5
const labels = [3, 7, 1, 0, 8, 9];
const knnPred = [3, 1, 1, 0, 3, 9];
const logisticPred = [3, 7, 7, 6, 3, 9];
const ink = [300, 250, 410, 280, 350, 199];
const images = labels.map((_, row) => png(row));

function samplesTable(): Table {
  return new ArrowTable({
    image_id: makeVector(Int32Array.from([100, 101, 102, 103, 104, 105])),
    label: makeVector(Int32Array.from(labels)),
    parity: vectorFromArray(
      labels.map((label) => (label % 2 === 0 ? "even" : "odd")),
      new Utf8(),
    ),
    ink: makeVector(Int32Array.from(ink)),
    image: binaryVector(images),
    "knn.pred": makeVector(Int32Array.from(knnPred)),
    "knn.correct": vectorFromArray(
      knnPred.map((pred, row) => pred === labels[row]),
      new Bool(),
    ),
    "logistic.pred": makeVector(Int32Array.from(logisticPred)),
    "logistic.correct": vectorFromArray(
      logisticPred.map((pred, row) => pred === labels[row]),
      new Bool(),
    ),
  });
}

const created: string[] = [];
const revoked: string[] = [];
const blobs: Blob[] = [];
const handles: SampleGalleryHandle[] = [];

beforeEach(() => {
  created.length = 0;
  revoked.length = 0;
  blobs.length = 0;
  // jsdom has no Blob URLs.
  URL.createObjectURL = jest.fn((blob: Blob) => {
    blobs.push(blob);
    const url = `blob:test/${created.length}`;
    created.push(url);
    return url;
  });
  URL.revokeObjectURL = jest.fn((url: string) => void revoked.push(url));
  document.body.replaceChildren();
});

afterEach(() => {
  for (const handle of handles.splice(0)) handle.destroy();
});

function render(table: Table, options: SampleGalleryOptions = {}) {
  const element = document.createElement("div");
  document.body.append(element);
  const handle = renderSampleGallery(element, table, { width: 800, height: 520, requestFrame: (callback) => callback(), ...options });
  handles.push(handle);
  return { element, handle };
}

const cards = (element: HTMLElement) => Array.from(element.querySelectorAll<HTMLElement>(".sw-gallery-card"));
const cardFor = (element: HTMLElement, row: number) => element.querySelector<HTMLElement>(`.sw-gallery-card[data-row="${row}"]`)!;
const modelLine = (card: HTMLElement, model: string) => card.querySelector<HTMLElement>(`.sw-gallery-model[data-model="${model}"]`)!;

describe("cards", () => {
  test("each card shows ground truth, each model's prediction and a ✓/✗ badge", () => {
    const { element, handle } = render(samplesTable());
    expect(element.querySelector(".sw-sample-gallery")).not.toBeNull();
    expect(handle.visibleRowIndexes()).toEqual([0, 1, 2, 3, 4, 5]);
    const card = cardFor(element, 1);
    expect(card.querySelector(".sw-gallery-truth .sw-gallery-key")!.textContent).toBe("label");
    expect(card.querySelector(".sw-gallery-truth .sw-gallery-value")!.textContent).toBe("7");
    const knn = modelLine(card, "knn");
    expect(knn.querySelector(".sw-gallery-value")!.textContent).toBe("1");
    expect(knn.querySelector(".sw-gallery-badge")!.textContent).toBe("✗");
    expect(knn.classList.contains("sw-wrong")).toBe(true);
    const logistic = modelLine(card, "logistic");
    expect(logistic.querySelector(".sw-gallery-value")!.textContent).toBe("7");
    expect(logistic.querySelector(".sw-gallery-badge")!.textContent).toBe("✓");
    expect(logistic.classList.contains("sw-correct")).toBe(true);
    // Named by its content, so the name holds what is seen (WCAG 2.5.3): the text without aria-hidden badges.
    expect(card.hasAttribute("aria-label")).toBe(false);
    const spoken = card.cloneNode(true) as HTMLElement;
    spoken.querySelectorAll("[aria-hidden=true]").forEach((hidden) => hidden.remove());
    expect(spoken.textContent).toBe("Sample 101; label 7; knn predicted 1, wrong; logistic predicted 7, correct");
  });

  test("data-sample-id joins the id fields' values", () => {
    const { element } = render(samplesTable());
    expect(cards(element).map((card) => card.dataset.sampleId)).toEqual(["100", "101", "102", "103", "104", "105"]);
    const { element: twoFields } = render(samplesTable(), { idFields: ["image_id", "parity"] });
    expect(cardFor(twoFields, 1).dataset.sampleId).toBe("101/odd");
  });

  test("without a correct column, correctness is prediction == ground truth", () => {
    const { element } = render(samplesTable(), { correct: "is_right" });
    expect(modelLine(cardFor(element, 3), "logistic").dataset.verdict).toBe("wrong");
    expect(modelLine(cardFor(element, 3), "knn").dataset.verdict).toBe("correct");
  });

  test("thumbnails become data: URLs of their PNG bytes, shown pixelated", () => {
    const { element } = render(samplesTable());
    const image = cardFor(element, 2).querySelector("img")!;
    const source = image.getAttribute("src")!;
    expect(source.startsWith("data:image/png;base64,")).toBe(true);
    expect(atob(source.slice("data:image/png;base64,".length)).length).toBe(images[2].length);
    // The digits are 32×32 pixels.
    expect(cardFor(element, 2).querySelector(".sw-gallery-media")!.classList.contains("sw-pixelated")).toBe(true);
  });

  test("destroy revokes every object URL it created and removes the gallery", () => {
    const { element, handle } = render(samplesTable());
    // Thumbnails are data: URLs; Blob URLs (for images over 16 KB) are revoked here.
    expect(created).toHaveLength(0);
    handle.destroy();
    expect(new Set(revoked)).toEqual(new Set(created));
    expect(element.querySelector(".sw-sample-gallery")).toBeNull();
  });
});

describe("filters and sorting", () => {
  test('"a-right-b-wrong" keeps the rows where A is right and B wrong', () => {
    const { element, handle } = render(samplesTable(), { filter: { disagreement: "a-right-b-wrong", modelA: "knn", modelB: "logistic" } });
    expect(handle.visibleRowIndexes()).toEqual([2, 3]);
    expect(element.querySelector(".sw-gallery-count")!.textContent).toBe("2 of 6 samples");
    handle.update({ filter: { disagreement: "a-wrong-b-right", modelA: "knn", modelB: "logistic" } });
    expect(handle.visibleRowIndexes()).toEqual([1]);
    expect(element.querySelector(".sw-gallery-count")!.textContent).toBe("1 of 6 samples");
  });

  test("the toolbar's selects change the disagreement filter and swap models", () => {
    const { element, handle } = render(samplesTable());
    const show = element.querySelector<HTMLSelectElement>(".sw-gallery-disagreement")!;
    show.value = "a-right-b-wrong";
    show.dispatchEvent(new Event("change"));
    expect(handle.visibleRowIndexes()).toEqual([2, 3]);
    const modelA = element.querySelector<HTMLSelectElement>(".sw-gallery-model-a")!;
    modelA.value = "logistic";
    modelA.dispatchEvent(new Event("change"));
    expect(element.querySelector<HTMLSelectElement>(".sw-gallery-model-b")!.value).toBe("knn");
    expect(handle.visibleRowIndexes()).toEqual([1]);
  });

  test("sorting by a numeric field orders the cards, either way", () => {
    const { element, handle } = render(samplesTable(), { sortBy: { field: "ink", direction: "ascending" } });
    expect(handle.visibleRowIndexes()).toEqual([5, 1, 3, 0, 4, 2]);
    expect(cards(element).map((card) => card.dataset.sampleId)).toEqual(["105", "101", "103", "100", "104", "102"]);
    const direction = element.querySelector<HTMLSelectElement>(".sw-gallery-sort-direction")!;
    direction.value = "descending";
    direction.dispatchEvent(new Event("change"));
    expect(handle.visibleRowIndexes()).toEqual([2, 4, 0, 3, 1, 5]);
  });

  test("a sort keeps ties in table order", () => {
    const { handle } = render(samplesTable(), { sortBy: { field: "parity", direction: "descending" } });
    expect(handle.visibleRowIndexes()).toEqual([0, 1, 2, 5, 3, 4]);
  });

  test("a test case's rows and a field value filter the samples", () => {
    const { element, handle } = render(samplesTable(), { filter: { testCase: { stratification: "ink", testCase: "low", rows: [0, 1, 2] } } });
    expect(handle.visibleRowIndexes()).toEqual([0, 1, 2]);
    expect(element.querySelector(".sw-gallery-chip")!.textContent).toContain("ink / low");
    handle.update({ filter: { field: { name: "parity", value: "odd" } } });
    expect(handle.visibleRowIndexes()).toEqual([0, 1, 2, 5]);
    handle.update({ filter: { testCase: { stratification: "label", testCase: "3" } } });
    expect(handle.visibleRowIndexes()).toEqual([0]);
  });

  test("filters that match nothing say why and what to do", () => {
    const agreeing = new ArrowTable({
      id: makeVector(Int32Array.from([1, 2])),
      label: makeVector(Int32Array.from([1, 2])),
      "a.pred": makeVector(Int32Array.from([1, 0])),
      "b.pred": makeVector(Int32Array.from([1, 0])),
    });
    const { element } = render(agreeing, { filter: { disagreement: "a-right-b-wrong" } });
    expect(cards(element)).toHaveLength(0);
    expect(element.querySelector(".sw-state strong")!.textContent).toBe("No samples match: a and b agree on every sample");
    const { element: oneWay } = render(samplesTable(), {
      filter: { disagreement: "a-right-b-wrong", modelA: "knn", modelB: "logistic", testCase: { stratification: "x", testCase: "y", rows: [1] } },
    });
    expect(oneWay.querySelector(".sw-state strong")!.textContent).toBe("No samples where knn is right and logistic is wrong in this test case");
    expect(oneWay.querySelector(".sw-state")!.textContent).toContain('1 sample goes the other way: choose "A wrong, B right"');
  });

  test("an empty table says so", () => {
    const empty = new ArrowTable({ id: makeVector(new Int32Array(0)), label: makeVector(new Int32Array(0)) });
    const { element } = render(empty);
    expect(element.querySelector(".sw-state strong")!.textContent).toBe("No samples to show");
    expect(element.querySelector<HTMLElement>(".sw-gallery-toolbar")!.hidden).toBe(true);
  });

  test("options naming missing columns explain what exists", () => {
    const { element } = render(samplesTable(), { sortBy: { field: "nope", direction: "ascending" } });
    expect(element.querySelector(".sw-state.sw-error")!.textContent).toContain('Cannot sort by "nope"');
  });
});

describe("untrusted data", () => {
  const hostile = () =>
    new ArrowTable({
      id: vectorFromArray(["a", "b", "c"], new Utf8()),
      label: vectorFromArray(["<img src=x onerror=alert(1)>", "cat", "dog"], new Utf8()),
      locator: vectorFromArray(["javascript:alert(1)", "https://example.org/b.png", "file:///etc/passwd"], new Utf8()),
      "m.pred": vectorFromArray(["<img src=x onerror=alert(1)>", "cat", "<b>dog</b>"], new Utf8()),
    });

  test("a label with markup is text, and no element gets an onerror", () => {
    const { element } = render(hostile());
    const card = cardFor(element, 0);
    expect(card.dataset.sampleId).toBe("a");
    expect(card.querySelector(".sw-gallery-truth .sw-gallery-value")!.textContent).toBe("<img src=x onerror=alert(1)>");
    expect(modelLine(card, "m").dataset.verdict).toBe("correct");
    expect(cardFor(element, 2).querySelector(".sw-gallery-model b")).toBeNull();
    card.click();
    expect(element.querySelector("[role=dialog]")!.textContent).toContain("<img src=x onerror=alert(1)>");
    expect(element.querySelector("img[onerror]")).toBeNull();
    expect(element.querySelector("b")).toBeNull();
  });

  test("only http(s) and data:image locators are loaded", () => {
    const { element } = render(hostile());
    const sources = Array.from(element.querySelectorAll("img"), (image) => image.getAttribute("src"));
    expect(sources).toEqual(["https://example.org/b.png"]);
    const blocked = cardFor(element, 0).querySelector(".sw-gallery-placeholder")!;
    expect(blocked.textContent).toContain("javascript:alert(1)");
    expect(cardFor(element, 2).querySelector("img")).toBeNull();
    cardFor(element, 0).click();
    expect(Array.from(element.querySelectorAll("img")).some((image) => /^\s*(javascript|file):/i.test(image.getAttribute("src") ?? ""))).toBe(false);
  });
});

describe("detail and keyboard", () => {
  test("a click opens a labelled dialog with every field; Escape closes it", () => {
    const opened: number[] = [];
    const { element } = render(samplesTable(), { onOpen: (row) => opened.push(row) });
    cardFor(element, 4).click();
    expect(opened).toEqual([4]);
    const dialog = element.querySelector<HTMLElement>("[role=dialog]")!;
    const title = element.querySelector(`#${dialog.getAttribute("aria-labelledby")}`)!;
    expect(title.textContent).toBe("Sample 104");
    expect(dialog.contains(document.activeElement)).toBe(true);
    const fields = Object.fromEntries(
      Array.from(dialog.querySelectorAll("dt"), (term) => [term.textContent, (term.nextElementSibling as HTMLElement).textContent]),
    );
    expect(fields).toEqual({
      image_id: "104",
      label: "8",
      parity: "even",
      ink: "350",
      image: `PNG, ${images[4].length} bytes`,
      "knn.pred": "3",
      "knn.correct": "false",
      "logistic.pred": "3",
      "logistic.correct": "false",
    });
    dialog.dispatchEvent(new KeyboardEvent("keydown", { key: "ArrowRight", bubbles: true }));
    expect(element.querySelector("[role=dialog] h2")!.textContent).toBe("Sample 105");
    element.querySelector<HTMLElement>("[role=dialog]")!.dispatchEvent(new KeyboardEvent("keydown", { key: "Escape", bubbles: true }));
    expect(element.querySelector("[role=dialog]")).toBeNull();
    expect(document.activeElement).toBe(cardFor(element, 5));
  });

  test("the keys the grid uses stop at it; other keys reach the page (a notebook's command mode)", () => {
    const { element } = render(samplesTable(), { width: 3 * 132 });
    const reached: string[] = [];
    const listen = (event: KeyboardEvent) => reached.push(event.key);
    document.addEventListener("keydown", listen);
    try {
      cardFor(element, 0).focus();
      for (const name of ["ArrowRight", "ArrowDown", "a", "j"])
        (document.activeElement as HTMLElement).dispatchEvent(new KeyboardEvent("keydown", { key: name, bubbles: true }));
      expect(reached).toEqual(["a", "j"]);
    } finally {
      document.removeEventListener("keydown", listen);
    }
  });

  test("arrow keys move a single tab stop between cards; Enter opens the detail", () => {
    const { element } = render(samplesTable(), { width: 3 * 132 });
    expect(
      cards(element)
        .filter((card) => card.tabIndex === 0)
        .map((card) => card.dataset.row),
    ).toEqual(["0"]);
    cardFor(element, 0).focus();
    cardFor(element, 0).dispatchEvent(new KeyboardEvent("keydown", { key: "ArrowRight", bubbles: true }));
    expect(document.activeElement).toBe(cardFor(element, 1));
    cardFor(element, 1).dispatchEvent(new KeyboardEvent("keydown", { key: "ArrowDown", bubbles: true }));
    expect(document.activeElement).toBe(cardFor(element, 4));
    expect(
      cards(element)
        .filter((card) => card.tabIndex === 0)
        .map((card) => card.dataset.row),
    ).toEqual(["4"]);
    cardFor(element, 4).dispatchEvent(new KeyboardEvent("keydown", { key: "Enter", bubbles: true }));
    expect(element.querySelector("[role=dialog] h2")!.textContent).toBe("Sample 104");
    element.querySelector<HTMLButtonElement>(".sw-gallery-close")!.click();
    expect(element.querySelector("[role=dialog]")).toBeNull();
  });
});

describe("100,000 samples", () => {
  const rows = 100_000;
  function largeTable(): Table {
    const ids = new Int32Array(rows);
    const label = new Int32Array(rows);
    const pred = new Int32Array(rows);
    for (let row = 0; row < rows; row++) {
      ids[row] = row;
      label[row] = row % 10;
      pred[row] = row % 7 === 0 ? (row + 1) % 10 : row % 10;
    }
    const thumbnail = png(3);
    return new ArrowTable({
      image_id: makeVector(ids),
      label: makeVector(label),
      thumbnail: binaryVector(Array.from({ length: rows }, () => thumbnail)),
      "knn.pred": makeVector(pred),
      "knn.score": vectorFromArray(
        Array.from({ length: rows }, (_, row) => row % 3),
        new Int32(),
      ),
    });
  }

  test("only a window of cards is in the DOM, and scrolling shows later rows", () => {
    const { element, handle } = render(largeTable());
    const first = handle.visibleRowIndexes();
    expect(first.length).toBeGreaterThan(0);
    expect(first.length).toBeLessThan(200);
    expect(cards(element)).toHaveLength(first.length);
    expect(first[0]).toBe(0);
    expect(element.querySelector(".sw-gallery-count")!.textContent).toBe("100,000 samples");
    expect(modelLine(cardFor(element, 7), "knn").dataset.verdict).toBe("wrong");

    const viewport = element.querySelector<HTMLElement>(".sw-gallery-viewport")!;
    viewport.scrollTop = 1_000_000;
    viewport.dispatchEvent(new Event("scroll"));
    const later = handle.visibleRowIndexes();
    expect(later.length).toBeLessThan(200);
    expect(Math.min(...later)).toBeGreaterThan(30_000);
    expect(cards(element)).toHaveLength(later.length);
    expect(cards(element).every((card) => Number(card.dataset.sampleId) === Number(card.dataset.row))).toBe(true);
    expect(created.length).toBeLessThan(400);
    handle.destroy();
    expect(new Set(revoked)).toEqual(new Set(created));
  });

  test("scroll renders are coalesced into one frame", () => {
    const frames: (() => void)[] = [];
    const { element, handle } = render(largeTable(), { requestFrame: (callback) => void frames.push(callback) });
    const viewport = element.querySelector<HTMLElement>(".sw-gallery-viewport")!;
    viewport.scrollTop = 500_000;
    viewport.dispatchEvent(new Event("scroll"));
    viewport.dispatchEvent(new Event("scroll"));
    expect(frames).toHaveLength(1);
    expect(handle.visibleRowIndexes()[0]).toBe(0);
    frames[0]();
    expect(handle.visibleRowIndexes()[0]).toBeGreaterThan(10_000);
  });

  test("a scroll fills four cards a frame, those in view first; the next frame without a scroll fills the rest", () => {
    const frames: (() => void)[] = [];
    const { element, handle } = render(largeTable(), { requestFrame: (callback) => void frames.push(callback) });
    frames.shift()?.();
    const viewport = element.querySelector<HTMLElement>(".sw-gallery-viewport")!;
    viewport.scrollTop = 500_000;
    viewport.dispatchEvent(new Event("scroll"));
    frames.shift()!();
    const all = [...element.querySelectorAll<HTMLElement>(".sw-gallery-card")];
    const filled = all.filter((card) => card.dataset.row !== undefined);
    expect(filled).toHaveLength(4);
    // Display order is row order here. Scrolling down, the cards in view nearest its bottom edge are
    // drawn first: 190 px rows of 6, the view 500,000 … 500,520 px shows grid rows 2,631 … 2,634
    // (⌊500,520 / 190⌋ = 2,634, which starts at 500,460); the first four cards of row 2,634 are 2,634 × 6 = 15,804 on.
    expect(handle.visibleRowIndexes()).toEqual([15804, 15805, 15806, 15807]);
    // The others are empty frames, never a sample they showed before.
    expect(all.filter((card) => card.classList.contains("sw-gallery-pending"))).toHaveLength(all.length - 4);
    expect(all.filter((card) => card.classList.contains("sw-gallery-pending")).every((card) => card.childElementCount === 0)).toBe(true);
    expect(frames).toHaveLength(1);
    frames.shift()!();
    expect(element.querySelectorAll(".sw-gallery-pending")).toHaveLength(0);
    expect(handle.visibleRowIndexes()).toHaveLength(all.length);
    expect(cards(element).every((card) => Number(card.dataset.sampleId) === Number(card.dataset.row))).toBe(true);
    handle.destroy();
  });
});

describe("height", () => {
  const viewportHeight = (element: HTMLElement) =>
    element.querySelector<HTMLElement>(".sw-sample-gallery")!.style.getPropertyValue("--sw-gallery-viewport-height");

  test("a few cards: the viewport is as tall as their one row, not the 520 px asked for", () => {
    // A 132 px card: 118 px image + 14 px padding and margins + 4 px gap + 4 lines (id, label, knn, logistic) × 18 px = 208, plus 2 px of border.
    const { element, handle } = render(samplesTable(), { filter: { field: { name: "image_id", value: 100 } } });
    expect(cards(element)).toHaveLength(1);
    expect(viewportHeight(element)).toBe("210px");
    // All six fit one row of 800 / 132 = 6 columns: still one row.
    handle.update({ filter: { field: null } });
    expect(cards(element)).toHaveLength(6);
    expect(viewportHeight(element)).toBe("210px");
    // Three columns in 400 px: two rows.
    handle.update({ width: 400 });
    expect(viewportHeight(element)).toBe("418px");
  });

  test("many cards: the height asked for, and the rest scrolls", () => {
    const { element } = render(samplesTable(), { height: 300 });
    expect(viewportHeight(element)).toBe("210px");
    const tall = render(samplesTable(), { height: 300, width: 200 });
    expect(viewportHeight(tall.element)).toBe("300px");
  });
});

// The gallery's static fallback (GitHub, nbviewer, nbconvert): a detection dataset's cards draw the
// ground-truth boxes over the image and read lists of boxes as counts; a classification card is unchanged.
import { JSDOM } from "jsdom";
import { makeVector, Table, Utf8, vectorFromArray } from "apache-arrow";
import { binaryVector, boxListVector } from "../../../examples/detection/arrowColumns";
import { encodeGrayscalePng } from "../../../examples/digits/png";
import { staticGallery } from "../../../src/export/staticGallery";

const image = encodeGrayscalePng(new Uint8Array(96 * 48).fill(255), 96, 48);

function scenes(): Table {
  // Scene 0: two digits; scene 1: one. knn found one box in scene 0 and none in scene 1.
  const gt = boxListVector({
    offsets: Int32Array.from([0, 2, 3]),
    boxes: Float64Array.from([10, 4, 30, 24, 50, 20, 62, 32, 0, 0, 40, 40]),
    labels: Uint8Array.from([3, 7, 1]),
  });
  const knn = boxListVector({
    offsets: Int32Array.from([0, 1, 1]),
    boxes: Float64Array.from([11, 5, 30, 24]),
    labels: Uint8Array.from([3]),
    scores: Float64Array.from([0.8]),
  });
  return new Table({ image_id: makeVector(Int32Array.from([0, 1])), image: binaryVector([image, image]), gt, "knn.pred": knn });
}

function cards(html: string): HTMLElement[] {
  return Array.from(new JSDOM(html).window.document.querySelectorAll<HTMLElement>(".sw-static-gallery > div"));
}

test("each card draws its scene's ground-truth boxes in the PNG's own pixels, and says how many boxes each side has", () => {
  const [first, second] = cards(staticGallery(scenes()));
  const rects = Array.from(first.querySelectorAll("svg rect.sw-static-box"), (rect) =>
    ["x", "y", "width", "height"].map((name) => Number(rect.getAttribute(name))),
  );
  expect(rects).toEqual([
    [10, 4, 20, 20],
    [50, 20, 12, 12],
  ]);
  expect(first.querySelector("svg")?.getAttribute("viewBox")).toBe("0 0 96 48");
  expect(first.textContent).toBe("gt 2 boxesknn 1 box");
  expect(second.querySelectorAll("svg rect")).toHaveLength(1);
  expect(second.textContent).toBe("gt 1 boxknn 0 boxes");
});

test("a classification card keeps its label and prediction as text, with no boxes", () => {
  const table = new Table({ label: vectorFromArray(["7"], new Utf8()), image: binaryVector([image]), "knn.pred": vectorFromArray(["1"], new Utf8()) });
  const [card] = cards(staticGallery(table));
  expect(card.textContent).toBe("label 7knn 1");
  expect(card.querySelector("svg")).toBeNull();
  expect(card.querySelector("img")?.getAttribute("src")).toMatch(/^data:image\/png;base64,/);
});

// A card's predicted boxes are read and matched once (src/charts/sampleGalleryCardBoxes.ts): the
// picture and the TP · FP · FN line read the same match, and a new threshold matches anew.
import { tableFromJSON } from "apache-arrow";
import * as boxes from "../../../src/charts/sampleGalleryBoxes";
import { CardBoxes } from "../../../src/charts/sampleGalleryCardBoxes";
import { readSamples } from "../../../src/charts/samplesData";

// One image with two cats; the model boxes one exactly (0.9), boxes empty sky (0.8) and, weakly, the other cat (0.3).
const box = (x: number, label: string, score?: number) => ({ x_min: x, y_min: 0, x_max: x + 10, y_max: 10, label, ...(score === undefined ? {} : { score }) });
// Box lists as JSON text cells (as a CSV upload holds them), which the gallery reads as it reads list<struct> cells.
const table = tableFromJSON([
  {
    image_id: "a",
    gt: JSON.stringify([box(0, "cat"), box(20, "cat")]),
    "det.pred": JSON.stringify([box(0, "cat", 0.9), box(50, "cat", 0.8), box(20, "cat", 0.3)]),
  },
]);
const data = readSamples(table, { idFields: ["image_id"], groundTruth: "gt", models: ["det"], prediction: "pred", correct: "correct", predictedBoxes: true });

test("matches a card's boxes once, however often its picture and lines ask", () => {
  const matchImage = jest.spyOn(boxes, "matchImage");
  const cards = new CardBoxes();
  const first = cards.prediction(data, "gt", 0.5, 0, "det");
  // At score ≥ 0.5: the cat at x 0 (TP), the sky (FP); the cat at x 20 is missed (FN).
  expect(first.boxes.map((b) => b.score)).toEqual([0.9, 0.8]);
  expect([first.match!.tp, first.match!.fp, first.match!.fn, first.match!.outcomes]).toEqual([1, 1, 1, ["tp", "fp"]]);
  expect(cards.prediction(data, "gt", 0.5, 0, "det")).toBe(first);
  expect(matchImage).toHaveBeenCalledTimes(1);
  // Every box at threshold 0.25: both cats found, the sky still false.
  const all = cards.prediction(data, "gt", 0.25, 0, "det");
  expect([all.match!.tp, all.match!.fp, all.match!.fn]).toEqual([2, 1, 0]);
  expect(matchImage).toHaveBeenCalledTimes(2);
  matchImage.mockRestore();
});

test("without a ground-truth column the boxes are kept and nothing is matched", () => {
  const none = new CardBoxes().prediction(data, null, 0.5, 0, "det");
  expect([none.boxes.length, none.match]).toEqual([2, null]);
});

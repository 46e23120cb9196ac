// Parity of coco matching, AP and AR with pycocotools' COCOeval (bbox), run from the test venv
// on seeded data with crowd regions, ties in score and IoU, IoUs on thresholds, areas on the
// size edges, empty images and images without predictions — for all images and a subset.
import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import {
  DetectionMatches,
  Labels,
  createLabels,
  matchDetections,
  parseBoxes,
  prepareDetectionMeasure,
  resolveDetectionMeasure,
  resolveMatchingOptions,
  DetectionMeasureInput,
} from "../../../src/metrics";
import { makeTemporaryDirectory, removeTemporaryDirectory } from "../../helpers/temporaryDirectory";

const { generateCocoData, cocoToRows } = require("../../helpers/cocoData");
const { venvPath } = require("../../helpers/venvPath");

const python = join(venvPath, "bin", "python");
const hasPycocotools = spawnSync(python, ["-c", "import pycocotools.cocoeval"]).status === 0;
if (!hasPycocotools) {
  console.warn(`skipping the pycocotools parity test: ${python} cannot import pycocotools (pip install -r test/requirements-python.txt)`);
}
const describeWithPycocotools = hasPycocotools ? describe : describe.skip;

/** COCOeval.summarize()'s twelve stats from our core. */
function ourStats(matches: DetectionMatches, labels: Labels, images: number[]): number[] {
  const measure = (input: DetectionMeasureInput) => {
    const options = resolveDetectionMeasure(input, matches, labels);
    return prepareDetectionMeasure(matches, images, options).measure(new Float64Array(images.length).fill(1));
  };
  return [
    measure({ measure: "ap" }),
    measure({ measure: "ap", iou: 0.5 }),
    measure({ measure: "ap", iou: 0.75 }),
    measure({ measure: "ap", area: "small" }),
    measure({ measure: "ap", area: "medium" }),
    measure({ measure: "ap", area: "large" }),
    measure({ measure: "ar", maxDetections: 1 }),
    measure({ measure: "ar", maxDetections: 10 }),
    measure({ measure: "ar" }),
    measure({ measure: "ar", area: "small" }),
    measure({ measure: "ar", area: "medium" }),
    measure({ measure: "ar", area: "large" }),
  ].map((value) => (Number.isNaN(value) ? -1 : value));
}

describeWithPycocotools("coco matching against pycocotools COCOeval", () => {
  let directory: string;
  beforeAll(() => (directory = makeTemporaryDirectory("slicewise-coco-")));
  afterAll(() => removeTemporaryDirectory(directory));

  it.each([
    [11, 400, 6],
    [12, 250, 3],
  ])("gives pycocotools' 12 stats to 1e-9 (seed %i, %i images, %i classes), for all images and a subset", (seed, imageCount, classes) => {
    const data = generateCocoData({ seed, images: imageCount, classes, models: ["a", "b"] });
    const subsetIds = data.images.filter((_: unknown, index: number) => index % 3 !== 1).map((image: { id: number }) => image.id);
    const path = join(directory, `data-${seed}.json`);
    writeFileSync(path, JSON.stringify({ ...data, subsets: { all: data.images.map((image: { id: number }) => image.id), subset: subsetIds } }));
    const run = spawnSync(python, [join(__dirname, "..", "..", "python", "coco_oracle.py"), path], { encoding: "utf8", maxBuffer: 1 << 26 });
    expect(run.stderr).not.toMatch(/Traceback/);
    const expected = JSON.parse(run.stdout);

    // The data has what the test is about.
    expect(data.annotations.some((annotation: { iscrowd: number }) => annotation.iscrowd === 1)).toBe(true);
    expect(data.annotations.some((annotation: { area: number }) => annotation.area === 32 * 32)).toBe(true);

    const rows = cocoToRows(data);
    const labels = createLabels();
    const truth = parseBoxes(rows.truth, { role: "ground_truth", labels });
    const options = resolveMatchingOptions({ matching: "coco", iou: "0.50:0.05:0.95", areaRanges: "coco" });
    const all = data.images.map((_: unknown, index: number) => index);
    const subset = all.filter((index: number) => index % 3 !== 1);
    for (const model of ["a", "b"]) {
      const predictions = parseBoxes(rows.predictions[model], { role: "predictions", labels });
      const matches = matchDetections(truth, predictions, options);
      const ours = { all: ourStats(matches, labels, all), subset: ourStats(matches, labels, subset) };
      for (const name of ["all", "subset"] as const) {
        expect(expected[model][name]).toHaveLength(12);
        ours[name].forEach((value, i) => {
          if (Math.abs(value - expected[model][name][i]) > 1e-9) {
            throw new Error(`model ${model}, ${name}, stat ${i}: ours ${value}, pycocotools ${expected[model][name][i]}`);
          }
        });
      }
    }
  });
});

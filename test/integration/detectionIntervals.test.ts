// Which interval a detection metric gets through the platform (issue 17): the image bootstrap (its
// basic interval) below
// detectionJackknifeFrom's image count, the delete-a-group jackknife from it on — lowered here to 3
// images so that a four-image store shows both, with the jackknife's figures worked out by hand.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { EvaluationRow, QualityStandard } from "../../src/core";
import { detectionJackknifeFrom, studentTQuantile } from "../../src/metrics";
import { Platform } from "../../src/platform";
import { makeTemporaryDirectory, removeTemporaryDirectory } from "../helpers/temporaryDirectory";

let directory: string;
let platform: Platform;

const box = (x_min: number, label: string, score?: number) => ({
  x_min,
  y_min: 0,
  x_max: x_min + 10,
  y_max: 10,
  label,
  ...(score === undefined ? {} : { score }),
});

// Four images with a cat each; "sharp" finds every cat (a true positive each), "blurry" only image
// 1's and boxes empty sky on the others. Images 1–2 are "day", 3–4 "night".
const images = [1, 2, 3, 4].map((id) => ({ id, scene: id <= 2 ? "day" : "night", gt: [box(0, "cat")] }));
const predictions: Record<string, { id: number; pred: ReturnType<typeof box>[] }[]> = {
  sharp: [1, 2, 3, 4].map((id) => ({ id, pred: [box(0, "cat", 0.9)] })),
  blurry: [1, 2, 3, 4].map((id) => ({ id, pred: [box(id === 1 ? 0 : 50, "cat", 0.9)] })),
};
const standard: QualityStandard = {
  stratifications: [{ name: "scene", field: "scene" }],
  test_cases: [],
  metric_groups: [
    {
      name: "detection",
      metrics: [{ label: "TP", kind: "detection", measure: "tp", gt: "gt", pred: "pred", matching: "greedy", iou: 0.5, threshold: 0, higher_is_better: true }],
    },
  ],
};

function ndjson(name: string, rows: unknown[]): string {
  const path = join(directory, name);
  writeFileSync(path, rows.map((row) => JSON.stringify(row)).join("\n") + "\n");
  return path;
}

const evaluate = async () => (await platform.evaluate("scenes", { models: ["sharp", "blurry"], reference: "sharp", resamples: 400 })).rows;
const row = (rows: EvaluationRow[], testCase: string, model: string) => rows.find((r) => r.test_case === testCase && r.model === model && r.metric === "TP")!;

beforeAll(async () => {
  directory = makeTemporaryDirectory("slicewise-detection-intervals-");
  platform = await Platform.open({ data: join(directory, "data") });
  await platform.uploadDataset("scenes", { format: "ndjson", path: ndjson("scenes.ndjson", images) });
  for (const [model, rows] of Object.entries(predictions))
    await platform.uploadResults("scenes", model, { format: "ndjson", path: ndjson(`${model}.ndjson`, rows) });
  await platform.setQualityStandard("scenes", standard);
});

afterAll(() => {
  platform.close();
  removeTemporaryDirectory(directory);
});

describe("a detection metric's interval by the test case's image count", () => {
  const defaultFrom = detectionJackknifeFrom.images;
  afterEach(() => (detectionJackknifeFrom.images = defaultFrom));

  it("from the threshold on is the jackknife's: 4 images in 20 groups, so one image a group and 16 groups empty", async () => {
    detectionJackknifeFrom.images = 3;
    const rows = await evaluate();
    // sharp's TP is 1 on each image. Leaving out a group: 4 − 1 = 3 for the four groups with an image,
    // 4 for the 16 empty ones. Their mean is 3.8 and Σ(θ₍g₎ − 3.8)² = 4 · 0.8² + 16 · 0.2² = 3.2, so
    // SE = √(19/20 · 3.2) and the interval is 4 ± t(19) · SE.
    const standardError = Math.sqrt((19 / 20) * 3.2);
    const all = row(rows, "all", "sharp");
    expect(all.value).toBe(4);
    expect(all.ci_low).toBeCloseTo(4 - studentTQuantile(0.975, 19) * standardError, 9);
    expect(all.ci_high).toBeCloseTo(4 + studentTQuantile(0.975, 19) * standardError, 9);
    // The paired difference blurry − sharp per image is 0, −1, −1, −1 (sum −3): replicates −3 for the
    // 16 empty groups and image 1's, −2 for images 2–4 — mean −2.85, Σ squares 17 · 0.15² + 3 · 0.85²
    // = 2.55, SE √(19/20 · 2.55); two-sided p of t = 3 / SE on 19 degrees of freedom.
    const blurry = row(rows, "all", "blurry");
    expect(blurry.delta).toBe(-3);
    expect(blurry.p_value).toBeCloseTo(2 * tailOf(3 / Math.sqrt((19 / 20) * 2.55)), 9);
    // "day" has 2 images, below the threshold: the bootstrap's basic interval 2θ̂ − q(97.5%) … 2θ̂ − q(2.5%).
    // A resample drawing neither image is dropped (no image: undefined); of the rest (TP = w₁ + w₂,
    // w ~ Poisson(1)) 31% have TP 1 — 2e⁻² / (1 − e⁻²) — so q(2.5%) is 1 and the high end 2 · 2 − 1 = 3,
    // where the jackknife's would be 2 + t(19)·√(19/20 · 1.8) ≈ 4.74.
    const day = row(rows, "day", "sharp");
    expect([day.value, day.ci_high]).toEqual([2, 3]);
  });

  it("below the threshold (the default 2,000 images) is the bootstrap's everywhere", async () => {
    const rows = await evaluate();
    // TP = w₁ + … + w₄ ~ Poisson(4), at least 1 once resamples without an image are dropped:
    // P(TP = 1 | an image drawn) = 4e⁻⁴ / (1 − e⁻⁴) ≈ 0.075 > 0.025, so q(2.5%) is 1 and the basic
    // interval's high end 2 · 4 − 1 = 7, where the jackknife's is 4 + t(19)·√(19/20 · 3.2) ≈ 7.65.
    const all = row(rows, "all", "sharp");
    expect([all.value, all.ci_high]).toEqual([4, 7]);
  });
});

/** P(T > t) for T ~ t(19), from the library's quantile by bisection: independent of its CDF. */
function tailOf(t: number): number {
  let low = 0;
  let high = 0.5;
  for (let i = 0; i < 200; i++) {
    const middle = (low + high) / 2;
    if (studentTQuantile(1 - middle, 19) > t) low = middle;
    else high = middle;
  }
  return (low + high) / 2;
}

// Hidden-subclass discovery end to end on seeded data: a planted subclass is found first, and
// data with nothing planted rarely yields a candidate (issue 18's correctness criteria).
import { discoverSubclasses } from "../../../src/metrics/discovery/discoverSubclasses";
import { testClusters } from "../../../src/metrics/discovery/testClusters";
import { plantedData } from "./discoveryData";

describe("discoverSubclasses", () => {
  it("finds a subclass of 5% of one class, where the model is right 40% of the time against 95%, first with q < 1e-6", () => {
    const data = plantedData({ seed: 1, classes: 10, perClass: 1000, dimension: 32, subclassShare: 0.05, subclassOf: 3, error: 0.05, subclassError: 0.6 });
    const result = discoverSubclasses({ ...data, models: [{ name: "m", errors: data.errors }], per: "label" });
    const [first] = result.candidates;
    expect(first.class).toBe("3");
    expect(first.qValue).toBeLessThan(1e-6);
    expect(first.name).toMatch(/^label 3, cluster \d of \d$/);
    // The cluster is the planted rows: at least 90% of them, and little else.
    const planted = new Set(data.planted);
    const overlap = Array.from(first.ids).filter((row) => planted.has(row)).length;
    expect(overlap).toBeGreaterThanOrEqual(45);
    expect(first.size - overlap).toBeLessThanOrEqual(5);
    expect(first.error).toBeGreaterThan(0.4);
    expect(first.restError).toBeLessThan(0.1);
    expect(first.lift).toBeCloseTo(first.error / first.restError, 12);
    // No other candidate comes near.
    expect(result.candidates.slice(1).every((candidate) => candidate.qValue > 1e-3)).toBe(true);
  });

  it("gives a candidate with q < 0.05 in at most 1 of 20 seeds when nothing is planted", () => {
    let seedsWithFinds = 0;
    for (let seed = 100; seed < 120; seed++) {
      const data = plantedData({ seed, classes: 10, perClass: 300, dimension: 16, error: 0.1 });
      const result = discoverSubclasses({ ...data, models: [{ name: "m", errors: data.errors }], seed });
      expect(result.tested).toBeGreaterThan(10);
      if (result.candidates.some((candidate) => candidate.qValue < 0.05)) seedsWithFinds++;
    }
    expect(seedsWithFinds).toBeLessThanOrEqual(1);
  });

  it("is the same for the same seed", () => {
    const data = plantedData({ seed: 2, classes: 3, perClass: 200, dimension: 8, error: 0.1 });
    const run = () => discoverSubclasses({ ...data, models: [{ name: "m", errors: data.errors }], seed: 9 });
    const first = run();
    const second = run();
    expect(second.candidates.map((candidate) => [candidate.name, candidate.pValue])).toEqual(
      first.candidates.map((candidate) => [candidate.name, candidate.pValue]),
    );
  });

  it("refuses embeddings whose length is not rows × dimension", () => {
    expect(() => discoverSubclasses({ embeddings: new Float64Array(5), dimension: 2, classes: new Int32Array(3), classNames: ["a"], models: [] })).toThrow(
      /5 values, but 3 rows × 2 dimensions need 6/,
    );
  });
});

describe("testClusters", () => {
  // One class of 10 rows in two clusters: rows 0–3 (3 errors) and rows 4–9 (1 error).
  const clustering = {
    class: 0,
    rows: Int32Array.from({ length: 10 }, (_, row) => row),
    assignments: Int32Array.of(0, 0, 0, 0, 1, 1, 1, 1, 1, 1),
    k: 2,
    silhouette: 1,
    explained: 1,
  };
  const errors = Float64Array.of(1, 1, 1, 0, 1, 0, 0, 0, 0, 0);

  it("tests each cluster against the rest of its class with Fisher's exact test, one-sided", () => {
    const { candidates } = testClusters([clustering], ["x"], [{ name: "m", errors }], undefined, { minSize: () => 2, per: "class" });
    const first = candidates[0];
    expect(first.cluster).toBe(0);
    expect(first.error).toBe(0.75);
    expect(first.restError).toBeCloseTo(1 / 6, 15);
    // 4 errors in the class's 10 rows; P(≥ 3 of them among 4 drawn) = (C(4,3)·C(6,1) + C(4,4))/C(10,4) = 25/210.
    expect(first.pValue).toBeCloseTo(25 / 210, 14);
    // Two tests: BH gives q = min(2·p₍₁₎, p₍₂₎) for the first.
    expect(first.qValue).toBeCloseTo(Math.min(2 * first.pValue, candidates[1].pValue), 14);
    expect(Array.from(first.ids)).toEqual([0, 1, 2, 3]);
    expect(first.name).toBe("class x, cluster 1 of 2");
  });

  it("leaves out clusters below minSize, and adds McNemar's paired test against a reference", () => {
    const reference = Float64Array.of(0, 0, 0, 0, 1, 0, 0, 0, 0, 0);
    const { candidates } = testClusters([clustering], ["x"], [{ name: "m", errors }], reference, { minSize: () => 5, per: "class" });
    expect(candidates.map((candidate) => candidate.cluster)).toEqual([1]);
    const withReference = testClusters([clustering], ["x"], [{ name: "m", errors }], reference, { minSize: () => 2, per: "class" }).candidates[0];
    // Cluster 0: the model loses 3 pairs, wins none: P(X ≥ 3 | 3, ½) = 1/8.
    expect(withReference.regression).toMatchObject({ losses: 3, wins: 0, delta: 0.75 });
    expect(withReference.regression!.pValue).toBeCloseTo(1 / 8, 14);
  });
});

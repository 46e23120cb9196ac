// Tests for the worst-slices search: counts and p-values on tables small enough to check by hand,
// planted slices found first, pure noise found rarely, and pruning that loses nothing.

import { Predicate } from "../../../src/core";
import { createRandom } from "../../../src/metrics/random";
import { regularizedIncompleteBeta } from "../../../src/metrics/incompleteBeta";
import { studentTCdf } from "../../../src/metrics/studentT";
import {
  SearchFeature,
  SliceSearchInput,
  buildCountPayload,
  countSliceCandidates,
  searchSlices,
  sliceSearchScale,
} from "../../../src/metrics/slicing/sliceSearch";

/** A categorical feature whose level i is named by letters[i]: "f2 = b". */
function categorical(name: string, codes: ArrayLike<number>, levels: number): SearchFeature {
  const names = "abcdefghijklmnopqrstuvwxyz";
  return {
    name,
    codes: Int32Array.from(codes),
    levels: Array.from({ length: levels }, (_, level) => ({
      label: `${name} = ${names[level]}`,
      predicate: { field: name, op: "eq", value: names[level] } as Predicate,
    })),
  };
}

/** `rows` rows of `fields` uniform random features with `levels` levels each. */
function randomFeatures(random: () => number, rows: number, fields: number, levels: number): SearchFeature[] {
  return Array.from({ length: fields }, (_, field) =>
    categorical(
      `f${field}`,
      Array.from({ length: rows }, () => Math.floor(random() * levels)),
      levels,
    ),
  );
}

function bernoulli(random: () => number, rate: number): number {
  return random() < rate ? 1 : 0;
}

const termsOf = (...pairs: [number, number][]) => pairs.map(([feature, level]) => ({ feature, level }));

describe("searchSlices on eight rows", () => {
  //  row  color shape  error
  //   0   red   circle   1
  //   1   red   circle   1
  //   2   red   square   0
  //   3   red   square   1
  //   4   blue  circle   0
  //   5   blue  circle   0
  //   6   blue  square   0
  //   7   blue  square   1
  const color = categorical("color", [0, 0, 0, 0, 1, 1, 1, 1], 2);
  color.levels = [
    { label: "color = red", predicate: { field: "color", op: "eq", value: "red" } },
    { label: "color = blue", predicate: { field: "color", op: "eq", value: "blue" } },
  ];
  const shape = categorical("shape", [0, 0, 1, 1, 0, 0, 1, 1], 2);
  shape.levels = [
    { label: "shape = circle", predicate: { field: "shape", op: "eq", value: "circle" } },
    { label: "shape = square", predicate: { field: "shape", op: "eq", value: "square" } },
  ];
  const input: SliceSearchInput = {
    features: [color, shape],
    errors: Float64Array.from([1, 1, 0, 1, 0, 0, 0, 1]),
    binary: true,
    mode: "underperforms",
    minSize: 2,
  };
  const result = searchSlices(input);

  it("tests all 4 levels and 4 pairs, and returns only the two slices above the overall 4/8", () => {
    expect(result.rows).toBe(8);
    expect(result.overallError).toBe(0.5);
    expect(result.tested).toBe(8);
    expect(result.candidates).toBe(8);
    expect(result.pruned).toBe(0);
    // red ∧ circle: 2/2 errors; red: 3/4. Every other slice is at or below 4/8.
    expect(result.slices.map((slice) => slice.label)).toEqual(["color = red and shape = circle", "color = red"]);
    expect(result.slices.map((slice) => [slice.size, slice.error])).toEqual([
      [2, 1],
      [4, 0.75],
    ]);
    expect(result.slices[0].terms).toEqual(termsOf([0, 0], [1, 0]));
    expect(result.slices[0].lift).toBe(2);
  });

  it("scores as SliceLine: α·(ē_S/ē − 1) − (1 − α)·(n/|S| − 1)", () => {
    // red ∧ circle: 0.95·(1/0.5 − 1) − 0.05·(8/2 − 1) = 0.95 − 0.15; red: 0.95·0.5 − 0.05·1.
    expect(result.slices[0].score).toBeCloseTo(0.8, 14);
    expect(result.slices[1].score).toBeCloseTo(0.425, 14);
  });

  it("gives the exact binomial tail against the rest's error rate, and BH over all 8 tests", () => {
    // red ∧ circle: k = 2 of 2, the rest has 2 errors in 6 rows: P(X ≥ 2 | 2, 1/3) = 1/9.
    // red: k = 3 of 4, the rest 1 in 4: P(X ≥ 3 | 4, 1/4) = 4·(1/4)³·(3/4) + (1/4)⁴ = 13/256.
    expect(result.slices[0].pValue).toBeCloseTo(1 / 9, 14);
    expect(result.slices[1].pValue).toBeCloseTo(13 / 256, 14);
    // The other six: blue 255/256, circle and square 11/16, red ∧ square and blue ∧ square 3/4,
    // blue ∧ circle (no errors) 1. Sorted, 13/256 and 1/9 come first; every later m·p/rank is ≥ 1,
    // so q(red) = min(8·(13/256)/1, 8·(1/9)/2) = 13/32 and q(red ∧ circle) = 8·(1/9)/2 = 4/9.
    expect(result.slices[1].qValue).toBeCloseTo(13 / 32, 14);
    expect(result.slices[0].qValue).toBeCloseTo(4 / 9, 14);
  });

  it("builds the predicate of a conjunction by and-ing the level predicates", () => {
    expect(result.slices[0].predicate).toEqual({
      and: [
        { field: "color", op: "eq", value: "red" },
        { field: "shape", op: "eq", value: "circle" },
      ],
    });
    expect(result.slices[1].predicate).toEqual({ field: "color", op: "eq", value: "red" });
  });

  it("leaves out rows with a NaN error and rows in no level (code −1)", () => {
    const withGaps: SliceSearchInput = {
      ...input,
      features: [{ ...color, codes: Int32Array.from([0, 0, 0, 0, 1, 1, 1, -1]) }, shape],
      errors: Float64Array.from([1, 1, 0, 1, 0, NaN, 0, 1]),
      maxDepth: 1,
    };
    const gaps = searchSlices(withGaps);
    // 7 rows, 4 errors. red: 3/4 (the rest, 1 of 3); blue has rows 4 and 6 only.
    expect(gaps.rows).toBe(7);
    expect(gaps.overallError).toBeCloseTo(4 / 7, 14);
    const red = gaps.slices.find((slice) => slice.label === "color = red")!;
    expect(red.size).toBe(4);
    // P(X ≥ 3 | 4, 1/3) = 4·(1/3)³·(2/3) + (1/3)⁴ = 8/81 + 1/81 = 9/81.
    expect(red.pValue).toBeCloseTo(1 / 9, 14);
  });
});

describe("searchSlices with numeric errors and in regresses mode, by hand", () => {
  const feature = categorical("f", [0, 0, 1, 1, 1, 1], 2);

  it("uses Welch's t-test of the slice against the rest", () => {
    // Slice a: errors 3 and 5 (mean 4, variance 2); rest: 1, 2, 1, 0 (mean 1, variance 2/3).
    // t = 3/√(2/2 + (2/3)/4) = 3/√(7/6); df = (7/6)² / (1²/1 + (1/6)²/3) = 147/109.
    const result = searchSlices({ features: [feature], errors: Float64Array.from([3, 5, 1, 2, 1, 0]), binary: false, mode: "underperforms", minSize: 2 });
    const slice = result.slices[0];
    expect(slice.label).toBe("f = a");
    expect(slice.error).toBeCloseTo(4, 14);
    expect(slice.overallError).toBeCloseTo(2, 14);
    expect(slice.lift).toBeCloseTo(2, 14);
    expect(slice.pValue).toBeCloseTo(studentTCdf(-3 / Math.sqrt(7 / 6), 147 / 109), 12);
  });

  it("uses the one-sided paired t-test of the differences in the slice", () => {
    // Slice b: differences 1, 2, 0, 1 (mean 1, variance 2/3): t = 1/√((2/3)/4) = √6 on 3 df.
    const errors = Float64Array.from([1, 1, 3, 4, 2, 3]);
    const referenceErrors = Float64Array.from([1, 1, 2, 2, 2, 2]);
    const result = searchSlices({ features: [feature], errors, referenceErrors, binary: false, mode: "regresses", minSize: 2 });
    const slice = result.slices[0];
    expect(slice.label).toBe("f = b");
    expect(slice.lift).toBeCloseTo(1, 14);
    expect(slice.error).toBeCloseTo(3, 14);
    expect(slice.overallError).toBeCloseTo(14 / 6, 14);
    expect(slice.pValue).toBeCloseTo(studentTCdf(-Math.sqrt(6), 3), 12);
  });

  it("uses McNemar's exact test, one-sided, for 0/1 errors", () => {
    // Slice a: 6 rows where only the model errs, 1 where only the reference errs, 1 both:
    // P(X ≥ 6 | 7, ½) = (7 + 1)/2⁷ = 1/16.
    const codes = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1];
    const errors = Float64Array.from([1, 1, 1, 1, 1, 1, 0, 1, 0, 1, 0, 0]);
    const referenceErrors = Float64Array.from([0, 0, 0, 0, 0, 0, 1, 1, 0, 1, 1, 0]);
    const result = searchSlices({ features: [categorical("f", codes, 2)], errors, referenceErrors, binary: true, mode: "regresses", minSize: 2 });
    const slice = result.slices[0];
    expect(slice.label).toBe("f = a");
    expect(slice.size).toBe(8);
    expect(slice.error).toBeCloseTo(7 / 8, 14);
    expect(slice.lift).toBeCloseTo(5 / 8, 14);
    expect(slice.pValue).toBeCloseTo(1 / 16, 14);
  });

  it("scales the regresses score by the mean absolute difference", () => {
    expect(sliceSearchScale("regresses", Float64Array.from([1, -1, 0, 1]))).toBe(0.75);
    expect(sliceSearchScale("underperforms", Float64Array.from([1, 0, 0, 1]))).toBe(0.5);
    expect(sliceSearchScale("underperforms", Float64Array.from([0, 0]))).toBe(1);
  });
});

describe("searchSlices folds conjunctions that restate a part", () => {
  it("lists 'digit = 1' once, not again as 'digit = 1 and parity = odd' (the same rows)", () => {
    // Digits 0–3 twice each; parity follows the digit. The model errs on every 1.
    const digits = [0, 1, 2, 3, 0, 1, 2, 3];
    const digit = categorical("digit", digits, 4);
    const parity = categorical(
      "parity",
      digits.map((d) => d % 2),
      2,
    );
    const errors = Float64Array.from(digits, (d) => (d === 1 ? 1 : 0));
    const result = searchSlices({ features: [digit, parity], errors, binary: true, mode: "underperforms", minSize: 2 });
    const labels = result.slices.map((slice) => slice.label);
    expect(labels).toContain("digit = b");
    expect(labels).not.toContain("digit = b and parity = b");
    // It was tested all the same, and counts in the q-values; it is only not listed.
    expect(result.redundant).toBe(1);
  });
});

describe("searchSlices on planted slices", () => {
  const rows = 20_000;

  it("finds the planted (f2 = b and f5 = d), error 0.4 against 0.1, first, above its parents", () => {
    const random = createRandom(11);
    const features = randomFeatures(random, rows, 8, 4);
    const inSlice = (row: number) => features[2].codes[row] === 1 && features[5].codes[row] === 3;
    const errors = Float64Array.from({ length: rows }, (_, row) => bernoulli(random, inSlice(row) ? 0.4 : 0.1));
    const result = searchSlices({ features, errors, binary: true, mode: "underperforms" });
    const first = result.slices[0];
    expect(first.label).toBe("f2 = b and f5 = d");
    expect(first.terms).toEqual(termsOf([2, 1], [5, 3]));
    expect(first.qValue).toBeLessThan(1e-6);
    expect(first.error).toBeGreaterThan(0.35);
    const rankOf = (label: string) => result.slices.findIndex((slice) => slice.label === label);
    for (const parent of ["f2 = b", "f5 = d"]) {
      const rank = rankOf(parent);
      expect(rank === -1 || rank > 0).toBe(true);
    }
  });

  it("finds a planted regression (model 0.3 against the reference's 0.1) first, by McNemar", () => {
    const random = createRandom(12);
    const features = randomFeatures(random, rows, 8, 4);
    const inSlice = (row: number) => features[1].codes[row] === 0 && features[6].codes[row] === 2;
    const referenceErrors = Float64Array.from({ length: rows }, () => bernoulli(random, 0.1));
    const errors = Float64Array.from({ length: rows }, (_, row) => bernoulli(random, inSlice(row) ? 0.3 : 0.1));
    const result = searchSlices({ features, errors, referenceErrors, binary: true, mode: "regresses" });
    const first = result.slices[0];
    expect(first.label).toBe("f1 = a and f6 = c");
    expect(first.qValue).toBeLessThan(1e-6);
    expect(first.lift).toBeGreaterThan(0.1);
  });
});

describe("searchSlices on pure noise", () => {
  it("rarely calls any slice significant: at most 3 of 20 seeds with some q < 0.05", () => {
    // Measured: 0 of 20 seeds (5,000 rows, 6 features of 4 levels, depth 2, error rate 0.15).
    let seedsWithFinding = 0;
    for (let seed = 1; seed <= 20; seed++) {
      const random = createRandom(1000 + seed);
      const features = randomFeatures(random, 5000, 6, 4);
      const errors = Float64Array.from({ length: 5000 }, () => bernoulli(random, 0.15));
      const result = searchSlices({ features, errors, binary: true, mode: "underperforms", top: 100_000 });
      if (result.slices.some((slice) => slice.qValue < 0.05)) seedsWithFinding++;
    }
    expect(seedsWithFinding).toBeLessThanOrEqual(3);
  });
});

describe("countSliceCandidates pruning", () => {
  /** Every conjunction of up to 3 levels on distinct fields, counted row by row; SliceLine's score. */
  function bruteForce(input: SliceSearchInput, top: number) {
    const payload = buildCountPayload({ ...input, maxDepth: 3, top });
    const { rows, codes, levelCounts, values, alpha, scale, minSize } = payload;
    const mean = values.reduce((sum, value) => sum + value, 0) / rows;
    const found: { key: string; score: number }[] = [];
    const visit = (terms: [number, number][], nextFeature: number) => {
      if (terms.length > 0) {
        let size = 0;
        let sum = 0;
        for (let row = 0; row < rows; row++) {
          if (terms.every(([feature, level]) => codes[feature][row] === level)) {
            size++;
            sum += values[row];
          }
        }
        if (size >= minSize && sum / size > mean + 1e-12) {
          const score = (alpha * (sum / size - mean)) / scale - (1 - alpha) * (rows / size - 1);
          found.push({ key: terms.map((term) => term.join(":")).join(" "), score });
        }
      }
      if (terms.length === 3) return;
      for (let feature = nextFeature; feature < codes.length; feature++)
        for (let level = 0; level < levelCounts[feature]; level++) visit([...terms, [feature, level]], feature + 1);
    };
    visit([], 0);
    return found.sort((left, right) => right.score - left.score).slice(0, top);
  }

  const cases: [string, (random: () => number, features: SearchFeature[]) => Partial<SliceSearchInput>][] = [
    [
      "0/1 errors",
      (random, features) => ({
        binary: true,
        mode: "underperforms",
        errors: Float64Array.from(features[0].codes, (code, row) =>
          bernoulli(random, code === 0 && features[3].codes[row] === 0 && features[4].codes[row] === 1 ? 0.6 : 0.15),
        ),
      }),
    ],
    [
      "numeric errors",
      (random, features) => ({
        binary: false,
        mode: "underperforms",
        errors: Float64Array.from(features[1].codes, (code, row) => random() * (code === 2 && features[2].codes[row] === 1 ? 3 : 1)),
      }),
    ],
    [
      "0/1 differences (regresses)",
      (random, features) => ({
        binary: true,
        mode: "regresses",
        referenceErrors: Float64Array.from(features[0].codes, () => bernoulli(random, 0.2)),
        errors: Float64Array.from(features[0].codes, (code, row) => bernoulli(random, code === 0 && features[5].codes[row] === 1 ? 0.5 : 0.2)),
      }),
    ],
  ];

  it.each(cases)("depth 3 with %s: the same top slices as brute force, with some candidates pruned", (_, make) => {
    const random = createRandom(7);
    const rows = 3000;
    // Levels of shares 0.6, 0.3 and 0.1, so pairs range from about 1,080 rows down to 30: below
    // minSize, a pair's children are pruned by the size bound alone.
    const skewed = () => {
      const draw = random();
      return draw < 0.6 ? 0 : draw < 0.9 ? 1 : 2;
    };
    const features = Array.from({ length: 6 }, (_, field) => categorical(`f${field}`, Array.from({ length: rows }, skewed), 3));
    const input = { features, minSize: 40, ...make(random, features) } as SliceSearchInput;
    const top = 10;
    const counts = countSliceCandidates(buildCountPayload({ ...input, maxDepth: 3, top }));
    const expected = bruteForce(input, top);
    const result = searchSlices({ ...input, maxDepth: 3, top });
    expect(result.slices.map((slice) => slice.terms.map((term) => `${term.feature}:${term.level}`).join(" "))).toEqual(expected.map((slice) => slice.key));
    result.slices.forEach((slice, index) => expect(slice.score).toBeCloseTo(expected[index].score, 10));
    expect(counts.pruned).toBeGreaterThan(0);
    // 6 fields of 3 levels: 18 + C(6,2)·9 + C(6,3)·27 = 18 + 135 + 540.
    expect(counts.candidates).toBe(693);
    expect(counts.evaluated + counts.pruned).toBe(693);
  });
});

describe("buildCountPayload", () => {
  it("explains what is wrong with an input", () => {
    const feature = categorical("f", [0, 1, 2], 2);
    const errors = Float64Array.from([0, 1, 0]);
    expect(() => buildCountPayload({ features: [feature], errors, binary: true, mode: "underperforms" })).toThrow(
      'feature "f" gives row 2 the level 2, but it has levels 0 to 1',
    );
    const ok = categorical("f", [0, 1, 1], 2);
    expect(() => buildCountPayload({ features: [ok], errors: Float64Array.from([0, 0.5, 1]), binary: true, mode: "underperforms" })).toThrow(
      "errors[1] is 0.5, but binary: true needs errors of 0 or 1",
    );
    expect(() => buildCountPayload({ features: [ok], errors, binary: true, mode: "regresses" })).toThrow("needs referenceErrors");
  });

  it("checks the binomial tail it relies on: P(X ≥ 3 | 4, ¼) = I_¼(3, 2) = 13/256", () => {
    expect(regularizedIncompleteBeta(0.25, 3, 2)).toBeCloseTo(13 / 256, 15);
  });
});

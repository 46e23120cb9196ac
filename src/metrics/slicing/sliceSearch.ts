// The "worst slices" search: conjunctions of up to three field levels where the model's error is
// highest for their size (SliceLine), each with an exact or t-test p-value and a BH q-value.
//
// Two halves, so the slow one can run in a Web Worker: countSliceCandidates enumerates and counts
// the candidate slices over bitsets and is self-contained (the worker runs it from its source
// text); finishSliceSearch turns the counts into p-values, q-values, labels and predicates.
import { Predicate, SlicewiseError } from "../../core";
import { benjaminiHochberg } from "../benjaminiHochberg";
import { binomialUpperTail, mcnemarUpperTail } from "../exactTails";
import { sampleVariance } from "../meanInterval";
import { studentTCdf } from "../studentT";

/** One slicing field, already discretized: codes[i] is row i's level (−1: missing/not sliceable). */
export interface SearchFeature {
  name: string;
  codes: Int32Array;
  levels: { label: string; predicate: Predicate }[];
}

export type SearchMode = "underperforms" | "regresses";

export interface SliceSearchInput {
  features: SearchFeature[];
  /** Per-row error of the chosen model, oriented so larger is worse (0/1 for a boolean outcome, or e.g. absolute error); NaN: row excluded. */
  errors: Float64Array;
  /** "regresses": the reference model's per-row error on the same rows (NaN: excluded). */
  referenceErrors?: Float64Array;
  /** true when errors are 0/1 (use exact binomial / McNemar tests); false: numeric (t tests). */
  binary: boolean;
  mode: SearchMode;
  /** Smallest slice size considered (default max(20, 1% of rows)). */
  minSize?: number;
  /** Conjunctions of up to this many predicates, each on a different field: 1, 2 or 3 (default 2). */
  maxDepth?: 1 | 2 | 3;
  /** How many slices to return (default 20). */
  top?: number;
  /** SliceLine's weight of error over size in the score (default 0.95). */
  alpha?: number;
}

export interface FoundSlice {
  /** (feature index, level index) pairs, feature indices ascending. */
  terms: { feature: number; level: number }[];
  /** "ink in [270, 300) and parity = even" built from the level labels. */
  label: string;
  /** The slice as a quality-standard predicate: the level predicates, and-ed. */
  predicate: Predicate;
  size: number;
  /** Mean error in the slice, and in the whole (non-excluded) data. */
  error: number;
  overallError: number;
  /** error / overallError (underperforms); for regresses: mean(model error − reference error) in the slice. */
  lift: number;
  score: number;
  pValue: number;
  qValue: number;
}

export interface SliceSearchResult {
  slices: FoundSlice[];
  /** Slices tested: counted, with size ≥ minSize. The q-values adjust over all of them. */
  tested: number;
  /** Rows taking part (error, and in "regresses" the reference error, not NaN). */
  rows: number;
  overallError: number;
  /** Candidate conjunctions never counted because SliceLine's bounds showed they could not reach minSize or the top. */
  pruned: number;
  /** Every conjunction of up to maxDepth levels on distinct fields; candidates = counted + pruned. */
  candidates: number;
  /** The minSize used (after its default). */
  minSize: number;
  /** Slices left out of the list because a shorter conjunction holds the same rows (still tested, still in the q-values). */
  redundant: number;
}

/**
 * What the counting half needs: plain numbers and typed arrays (structured-clone friendly, and
 * every array has its own buffer so it can be transferred to a worker).
 */
export interface CountPayload {
  /** Rows taking part; the arrays below hold only them. */
  rows: number;
  /** Per feature, each row's level (−1: in none of that feature's levels). */
  codes: Int32Array[];
  /** Per feature, its number of levels. */
  levelCounts: Int32Array;
  /** Per row, the value whose excess over its mean the search looks for: the error, or error − reference error. */
  values: Float64Array;
  /** Values are 0/1 ("underperforms") or −1/0/1 ("regresses"): counted as bitsets, exactly. */
  binary: boolean;
  minSize: number;
  maxDepth: number;
  top: number;
  alpha: number;
  /** Divides the slice's excess mean in the score (see sliceSearchScale). */
  scale: number;
}

/** Statistics per tested slice, in parallel arrays (index s). */
export interface CountedSlices {
  /** Slice s's j-th term (j < 3): feature and level at [3s + j]; −1 past the slice's depth. */
  termFeatures: Int32Array;
  termLevels: Int32Array;
  size: Int32Array;
  /** Σ (v − mean) over the slice's rows. */
  excess: Float64Array;
  /** Σ (v − mean)² over the slice's rows. */
  squares: Float64Array;
  /** Binary values: rows with v = 1 and v = −1 (empty arrays for numeric values). */
  positives: Int32Array;
  negatives: Int32Array;
  score: Float64Array;
  /** 1 when the slice's mean is above the overall mean: only those are results. */
  eligible: Uint8Array;
}

export interface CountResult {
  rows: number;
  /** Mean of the values over all rows (ē), and Σ (v − ē), Σ (v − ē)² over all rows. */
  mean: number;
  excess: number;
  squares: number;
  /** Binary values: rows with v = 1 and v = −1. */
  positives: number;
  negatives: number;
  tested: number;
  /** Candidates counted (tested ones and those found smaller than minSize). */
  evaluated: number;
  candidates: number;
  pruned: number;
  slices: CountedSlices;
}

interface SearchOptions {
  minSize: number;
  maxDepth: 1 | 2 | 3;
  top: number;
  alpha: number;
}

/** The options after their defaults, for a search over `rows` rows. */
export function sliceSearchDefaults(input: SliceSearchInput, rows: number): SearchOptions {
  const minSize = input.minSize ?? Math.max(20, Math.ceil(0.01 * rows));
  const maxDepth = input.maxDepth ?? 2;
  const top = input.top ?? 20;
  const alpha = input.alpha ?? 0.95;
  if (!(Number.isInteger(minSize) && minSize >= 1)) fail(`minSize must be a positive integer; got ${minSize}`);
  if (maxDepth !== 1 && maxDepth !== 2 && maxDepth !== 3) fail(`maxDepth must be 1, 2 or 3; got ${maxDepth}`);
  if (!(Number.isInteger(top) && top >= 1)) fail(`top must be a positive integer; got ${top}`);
  if (!(alpha >= 0 && alpha <= 1)) fail(`alpha must be between 0 and 1; got ${alpha}`);
  return { minSize, maxDepth, top, alpha };
}

/**
 * Checks the input and builds the counting half's payload: the rows taking part, compacted, in
 * fresh arrays (so handing them to a worker never detaches the caller's arrays).
 */
export function buildCountPayload(input: SliceSearchInput): CountPayload {
  const { features, errors, referenceErrors, binary, mode } = input;
  if (mode !== "underperforms" && mode !== "regresses") fail(`mode must be "underperforms" or "regresses"; got ${JSON.stringify(mode)}`);
  if (mode === "regresses" && !referenceErrors) fail('mode "regresses" needs referenceErrors: the reference model\'s per-row errors');
  if (referenceErrors && referenceErrors.length !== errors.length) fail(`referenceErrors has ${referenceErrors.length} rows but errors has ${errors.length}`);
  for (const feature of features) {
    if (feature.codes.length !== errors.length) fail(`feature "${feature.name}" has ${feature.codes.length} codes but errors has ${errors.length} rows`);
  }
  const reference = mode === "regresses" ? referenceErrors! : undefined;
  const included = includedRows(errors, reference);
  const rows = included.length;
  const values = new Float64Array(rows);
  for (let row = 0; row < rows; row++) {
    const index = included[row];
    const error = errors[index];
    if (binary) checkBinary(error, "errors", index);
    if (reference) {
      if (binary) checkBinary(reference[index], "referenceErrors", index);
      values[row] = error - reference[index];
    } else values[row] = error;
  }
  const codes = features.map((feature) => {
    const compact = new Int32Array(rows);
    const levels = feature.levels.length;
    for (let row = 0; row < rows; row++) {
      const code = feature.codes[included[row]];
      if (!(code >= -1 && code < levels && Number.isInteger(code)))
        fail(`feature "${feature.name}" gives row ${included[row]} the level ${code}, but it has levels 0 to ${levels - 1} (and −1 for none)`);
      compact[row] = code;
    }
    return compact;
  });
  const options = sliceSearchDefaults(input, rows);
  return {
    rows,
    codes,
    levelCounts: Int32Array.from(features, (feature) => feature.levels.length),
    values,
    binary,
    minSize: options.minSize,
    maxDepth: options.maxDepth,
    top: options.top,
    alpha: options.alpha,
    scale: sliceSearchScale(mode, values),
  };
}

/**
 * The denominator of the error term of the score, α·(ē_S − ē)/scale. For "underperforms" it is
 * ē, which makes the term SliceLine's α·(ē_S/ē − 1). For "regresses" the values are differences
 * d = error − reference error, whose mean can be near 0 or negative, where ē_S/ē − 1 would blow
 * up or flip sign; there the scale is the mean |d| (for 0/1 errors, the share of rows on which
 * the models disagree), positive whenever the models differ and continuous as the overall
 * difference crosses 0. When that is 0 too (nothing to find), 1.
 */
export function sliceSearchScale(mode: SearchMode, values: Float64Array): number {
  let sum = 0;
  let absoluteSum = 0;
  for (let row = 0; row < values.length; row++) {
    sum += values[row];
    absoluteSum += Math.abs(values[row]);
  }
  const mean = sum / values.length;
  if (mode === "underperforms" && mean > 0) return mean;
  const meanAbsolute = absoluteSum / values.length;
  return meanAbsolute > 0 ? meanAbsolute : 1;
}

/** Both halves in this thread (tests, Node). */
export function searchSlices(input: SliceSearchInput): SliceSearchResult {
  return finishSliceSearch(input, countSliceCandidates(buildCountPayload(input)));
}

/**
 * The counting half of the search (SliceLine: S. Sagadeeva & M. Boehm, "SliceLine: Fast,
 * Linear-Algebra-based Slice Finding for ML Model Debugging", SIGMOD 2021), as loops over bitsets:
 * - level 1: every (feature, level), counted in one pass over the rows, kept as a bitset (32 rows
 *   a word); 0/1 values are bitsets too, so a conjunction's size and error count are popcounts
 *   of ANDed words; numeric values are summed over the set bits;
 * - levels 2 and 3: conjunctions of levels on distinct fields, in ascending feature order so each
 *   is built once, from parents that were counted with size ≥ minSize. SliceLine's bounds prune a
 *   child before it is counted: its size, its Σ(v − ē)⁺ and its max(v − ē) are at most the
 *   smallest of its parents'; a child is skipped when its size bound is below minSize, when its
 *   mean cannot exceed the overall mean, or when the best score those bounds allow is below the
 *   current top-k-th score.
 *
 * The score (SliceLine): α·(ē_S − ē)/scale − (1 − α)·(n/|S| − 1).
 *
 * SELF-CONTAINED: the worker runs this function from its source text, so it refers to nothing
 * outside its body (helpers are nested, constants are local) and uses no emitted helpers.
 */
export function countSliceCandidates(payload: CountPayload): CountResult {
  const { rows, codes, levelCounts, values, binary, minSize, maxDepth, top, alpha, scale } = payload;
  const featureCount = codes.length;
  const words = (rows + 31) >>> 5;
  const sizeFloor = Math.max(1, minSize);

  function popcount(word: number): number {
    word = word - ((word >>> 1) & 0x55555555);
    word = (word & 0x33333333) + ((word >>> 2) & 0x33333333);
    word = (word + (word >>> 4)) & 0x0f0f0f0f;
    return Math.imul(word, 0x01010101) >>> 24;
  }

  // Levels numbered across features: level l of feature f is offsets[f] + l.
  const offsets = new Int32Array(featureCount + 1);
  for (let feature = 0; feature < featureCount; feature++) offsets[feature + 1] = offsets[feature] + levelCounts[feature];
  const levelTotal = offsets[featureCount];
  const featureOf = new Int32Array(levelTotal);
  for (let feature = 0; feature < featureCount; feature++) featureOf.fill(feature, offsets[feature], offsets[feature + 1]);

  let total = 0;
  let positives = 0;
  let negatives = 0;
  for (let row = 0; row < rows; row++) {
    const value = values[row];
    total += value;
    if (value > 0) positives++;
    else if (value < 0) negatives++;
  }
  const mean = rows > 0 ? total / rows : 0;
  let excessTotal = 0;
  let squaresTotal = 0;
  for (let row = 0; row < rows; row++) {
    const deviation = values[row] - mean;
    excessTotal += deviation;
    squaresTotal += deviation * deviation;
  }

  const positiveBits = new Uint32Array(words);
  const negativeBits = new Uint32Array(words);
  if (binary) {
    for (let row = 0; row < rows; row++) {
      if (values[row] > 0) positiveBits[row >>> 5] |= 1 << (row & 31);
      else if (values[row] < 0) negativeBits[row >>> 5] |= 1 << (row & 31);
    }
  }
  const hasNegatives = negatives > 0;

  function score(size: number, excess: number): number {
    return (alpha * (excess / size)) / scale - (1 - alpha) * (rows / size - 1);
  }

  // For 0/1 and −1/0/1 values the bounding statistics follow from the counts, exactly.
  function binaryExcessPositive(size: number, up: number, down: number): number {
    const zeros = size - up - down;
    return up * (1 - mean) + (mean < 0 ? zeros * -mean : 0);
  }
  function binaryExcessMax(size: number, up: number, down: number): number {
    if (up > 0) return 1 - mean;
    if (size - up - down > 0) return -mean;
    return down > 0 ? -1 - mean : -Infinity;
  }
  // Above the overall mean, decided on integers for binary values so no rounding tips it.
  function binaryEligible(size: number, up: number, down: number): boolean {
    return (up - down) * rows > (positives - negatives) * size;
  }

  /**
   * SliceLine's upper bound on a child's score, given bounds on its size, on Σ(v − ē)⁺ and on
   * max(v − ē): the child's excess is at most min(excessBound, s·maxBound). The score is
   * increasing in s while s·maxBound is the smaller, and monotone after, so its maximum over
   * s in [minSize, sizeBound] is at minSize, at sizeBound, or where the two bounds meet.
   */
  function scoreBound(sizeBound: number, excessBound: number, maxBound: number): number {
    let best = -Infinity;
    const tryAt = (size: number) => {
      const value = score(size, Math.min(excessBound, size * maxBound));
      if (value > best) best = value;
    };
    tryAt(sizeFloor);
    tryAt(sizeBound);
    if (maxBound > 0) tryAt(Math.min(sizeBound, Math.max(sizeFloor, excessBound / maxBound)));
    return best;
  }

  // The scores of the best `top` eligible slices so far, as a min-heap: its root is the threshold.
  const heap: number[] = [];
  function offer(value: number): void {
    if (heap.length < top) {
      heap.push(value);
      let child = heap.length - 1;
      while (child > 0) {
        const parent = (child - 1) >> 1;
        if (heap[parent] <= heap[child]) break;
        const swap = heap[parent];
        heap[parent] = heap[child];
        heap[child] = swap;
        child = parent;
      }
    } else if (value > heap[0]) {
      heap[0] = value;
      let parent = 0;
      for (;;) {
        const left = 2 * parent + 1;
        const right = left + 1;
        let smallest = parent;
        if (left < heap.length && heap[left] < heap[smallest]) smallest = left;
        if (right < heap.length && heap[right] < heap[smallest]) smallest = right;
        if (smallest === parent) break;
        const swap = heap[parent];
        heap[parent] = heap[smallest];
        heap[smallest] = swap;
        parent = smallest;
      }
    }
  }
  // A child is counted unless the best score its bounds allow is below the threshold; the slack
  // keeps rounding in the numeric sums from pruning a child that would tie.
  function cannotReachTop(bound: number): boolean {
    return heap.length === top && bound + 1e-9 * Math.abs(bound) + 1e-12 < heap[0];
  }

  // The tested slices, in growing parallel arrays.
  let capacity = 256;
  let tested = 0;
  let termFeatures = new Int32Array(3 * capacity).fill(-1);
  let termLevels = new Int32Array(3 * capacity).fill(-1);
  let sliceSize = new Int32Array(capacity);
  let sliceExcess = new Float64Array(capacity);
  let sliceSquares = new Float64Array(capacity);
  let slicePositives = new Int32Array(binary ? capacity : 0);
  let sliceNegatives = new Int32Array(binary ? capacity : 0);
  let sliceScore = new Float64Array(capacity);
  let sliceEligible = new Uint8Array(capacity);
  function enlarge<T extends Int32Array | Float64Array | Uint8Array>(array: T, length: number, fill: number): T {
    const larger = new (array.constructor as new (length: number) => T)(length);
    larger.fill(fill);
    larger.set(array);
    return larger;
  }
  let evaluated = 0;

  /** Records a counted slice; returns whether it was tested (size ≥ minSize). */
  function record(levels: number[], size: number, excess: number, squares: number, up: number, down: number): boolean {
    evaluated++;
    if (size < minSize || size === 0) return false;
    if (tested === capacity) {
      capacity *= 2;
      termFeatures = enlarge(termFeatures, 3 * capacity, -1);
      termLevels = enlarge(termLevels, 3 * capacity, -1);
      sliceSize = enlarge(sliceSize, capacity, 0);
      sliceExcess = enlarge(sliceExcess, capacity, 0);
      sliceSquares = enlarge(sliceSquares, capacity, 0);
      if (binary) {
        slicePositives = enlarge(slicePositives, capacity, 0);
        sliceNegatives = enlarge(sliceNegatives, capacity, 0);
      }
      sliceScore = enlarge(sliceScore, capacity, 0);
      sliceEligible = enlarge(sliceEligible, capacity, 0);
    }
    for (let term = 0; term < levels.length; term++) {
      const level = levels[term];
      termFeatures[3 * tested + term] = featureOf[level];
      termLevels[3 * tested + term] = level - offsets[featureOf[level]];
    }
    const value = score(size, excess);
    const eligible = binary ? binaryEligible(size, up, down) : excess > 0;
    sliceSize[tested] = size;
    sliceExcess[tested] = excess;
    sliceSquares[tested] = squares;
    if (binary) {
      slicePositives[tested] = up;
      sliceNegatives[tested] = down;
    }
    sliceScore[tested] = value;
    sliceEligible[tested] = eligible ? 1 : 0;
    tested++;
    if (eligible) offer(value);
    return true;
  }

  // Level 1: one pass over the rows per feature.
  const levelBits = new Uint32Array(levelTotal * words);
  const levelSize = new Int32Array(levelTotal);
  const levelUp = new Int32Array(levelTotal);
  const levelDown = new Int32Array(levelTotal);
  const levelExcess = new Float64Array(levelTotal);
  const levelSquares = new Float64Array(levelTotal);
  const levelExcessPositive = new Float64Array(levelTotal);
  const levelExcessMax = new Float64Array(levelTotal).fill(-Infinity);
  for (let feature = 0; feature < featureCount; feature++) {
    const featureCodes = codes[feature];
    const offset = offsets[feature];
    for (let row = 0; row < rows; row++) {
      const code = featureCodes[row];
      if (code < 0) continue;
      const level = offset + code;
      levelBits[level * words + (row >>> 5)] |= 1 << (row & 31);
      levelSize[level]++;
      const deviation = values[row] - mean;
      levelExcess[level] += deviation;
      levelSquares[level] += deviation * deviation;
      if (binary) {
        if (values[row] > 0) levelUp[level]++;
        else if (values[row] < 0) levelDown[level]++;
      } else {
        if (deviation > 0) levelExcessPositive[level] += deviation;
        if (deviation > levelExcessMax[level]) levelExcessMax[level] = deviation;
      }
    }
  }
  const levelTested = new Uint8Array(levelTotal);
  for (let level = 0; level < levelTotal; level++) {
    const size = levelSize[level];
    if (binary) {
      const up = levelUp[level];
      const down = levelDown[level];
      // Exact from the counts (the float sum of deviations would differ in the last bits).
      levelExcess[level] = up - down - size * mean;
      levelExcessPositive[level] = binaryExcessPositive(size, up, down);
      levelExcessMax[level] = size > 0 ? binaryExcessMax(size, up, down) : -Infinity;
    }
    if (record([level], size, levelExcess[level], levelSquares[level], levelUp[level], levelDown[level])) levelTested[level] = 1;
  }

  /**
   * Counts the rows of `bits` ∧ (the level's bitset), over the given words only; returns
   * [size, Σ(v − ē), Σ(v − ē)², up, down, Σ(v − ē)⁺, max(v − ē)].
   */
  const counted = new Float64Array(7);
  function countAnd(bits: Uint32Array, bitsOffset: number, level: number, wordList: Int32Array, wordCount: number): Float64Array {
    const base = level * words;
    let size = 0;
    let up = 0;
    let down = 0;
    let excess = 0;
    let squares = 0;
    let excessPositive = 0;
    let excessMax = -Infinity;
    if (binary) {
      for (let index = 0; index < wordCount; index++) {
        const word = wordList[index];
        const both = bits[bitsOffset + word] & levelBits[base + word];
        if (both === 0) continue;
        size += popcount(both);
        up += popcount(both & positiveBits[word]);
        if (hasNegatives) down += popcount(both & negativeBits[word]);
      }
      excess = up - down - size * mean;
      squares = up * (1 - mean) * (1 - mean) + down * (1 + mean) * (1 + mean) + (size - up - down) * mean * mean;
      excessPositive = binaryExcessPositive(size, up, down);
      excessMax = size > 0 ? binaryExcessMax(size, up, down) : -Infinity;
    } else {
      for (let index = 0; index < wordCount; index++) {
        const word = wordList[index];
        let both = bits[bitsOffset + word] & levelBits[base + word];
        const rowBase = word << 5;
        while (both !== 0) {
          const lowest = both & -both;
          const deviation = values[rowBase + 31 - Math.clz32(lowest)] - mean;
          size++;
          excess += deviation;
          squares += deviation * deviation;
          if (deviation > 0) excessPositive += deviation;
          if (deviation > excessMax) excessMax = deviation;
          both ^= lowest;
        }
      }
    }
    counted[0] = size;
    counted[1] = excess;
    counted[2] = squares;
    counted[3] = up;
    counted[4] = down;
    counted[5] = excessPositive;
    counted[6] = excessMax;
    return counted;
  }

  // Which child's bounds can still reach the results: size, eligibility, then score.
  function worthCounting(sizeBound: number, excessBound: number, maxBound: number): boolean {
    if (sizeBound < minSize) return false;
    if (!(excessBound > 0 && maxBound > 0)) return false;
    return !cannotReachTop(scoreBound(sizeBound, excessBound, maxBound));
  }

  const allWords = new Int32Array(words);
  for (let word = 0; word < words; word++) allWords[word] = word;

  // Level 2: the counted pairs that tested, with the statistics their children are bounded by.
  const keepPairs = maxDepth >= 3;
  const pairIndex = (first: number, second: number) => first * levelTotal + second;
  const pairTested = new Uint8Array(keepPairs ? levelTotal * levelTotal : 0);
  const pairSize = new Int32Array(keepPairs ? levelTotal * levelTotal : 0);
  const pairExcessPositive = new Float64Array(keepPairs ? levelTotal * levelTotal : 0);
  const pairExcessMax = new Float64Array(keepPairs ? levelTotal * levelTotal : 0);
  if (maxDepth >= 2) {
    for (let first = 0; first < levelTotal; first++) {
      if (!levelTested[first]) continue;
      for (let second = offsets[featureOf[first] + 1]; second < levelTotal; second++) {
        if (!levelTested[second]) continue;
        const sizeBound = Math.min(levelSize[first], levelSize[second]);
        const excessBound = Math.min(levelExcessPositive[first], levelExcessPositive[second]);
        const maxBound = Math.min(levelExcessMax[first], levelExcessMax[second]);
        if (!worthCounting(sizeBound, excessBound, maxBound)) continue;
        const stats = countAnd(levelBits, first * words, second, allWords, words);
        const wasTested = record([first, second], stats[0], stats[1], stats[2], stats[3], stats[4]);
        if (wasTested && keepPairs) {
          const index = pairIndex(first, second);
          pairTested[index] = 1;
          pairSize[index] = stats[0];
          pairExcessPositive[index] = stats[5];
          pairExcessMax[index] = stats[6];
        }
      }
    }
  }

  // Level 3: each tested pair's rows ANDed once, then with each later level over its nonzero words.
  if (maxDepth >= 3) {
    const pairBits = new Uint32Array(words);
    const pairWords = new Int32Array(words);
    for (let first = 0; first < levelTotal; first++) {
      if (!levelTested[first]) continue;
      for (let second = offsets[featureOf[first] + 1]; second < levelTotal; second++) {
        const firstSecond = pairIndex(first, second);
        if (!pairTested[firstSecond]) continue;
        let pairWordCount = -1; // built when the first child is worth counting
        for (let third = offsets[featureOf[second] + 1]; third < levelTotal; third++) {
          const firstThird = pairIndex(first, third);
          const secondThird = pairIndex(second, third);
          if (!pairTested[firstThird] || !pairTested[secondThird]) continue;
          const sizeBound = Math.min(pairSize[firstSecond], pairSize[firstThird], pairSize[secondThird]);
          const excessBound = Math.min(pairExcessPositive[firstSecond], pairExcessPositive[firstThird], pairExcessPositive[secondThird]);
          const maxBound = Math.min(pairExcessMax[firstSecond], pairExcessMax[firstThird], pairExcessMax[secondThird]);
          if (!worthCounting(sizeBound, excessBound, maxBound)) continue;
          if (pairWordCount < 0) {
            pairWordCount = 0;
            const firstBase = first * words;
            const secondBase = second * words;
            for (let word = 0; word < words; word++) {
              const both = levelBits[firstBase + word] & levelBits[secondBase + word];
              pairBits[word] = both;
              if (both !== 0) pairWords[pairWordCount++] = word;
            }
          }
          const stats = countAnd(pairBits, 0, third, pairWords, pairWordCount);
          record([first, second, third], stats[0], stats[1], stats[2], stats[3], stats[4]);
        }
      }
    }
  }

  // Every conjunction of up to maxDepth levels on distinct fields: elementary symmetric sums.
  const conjunctions = [1, 0, 0, 0];
  for (let feature = 0; feature < featureCount; feature++) {
    for (let depth = maxDepth; depth >= 1; depth--) conjunctions[depth] += conjunctions[depth - 1] * levelCounts[feature];
  }
  let candidates = 0;
  for (let depth = 1; depth <= maxDepth; depth++) candidates += conjunctions[depth];

  return {
    rows,
    mean,
    excess: excessTotal,
    squares: squaresTotal,
    positives,
    negatives,
    tested,
    evaluated,
    candidates,
    pruned: candidates - evaluated,
    slices: {
      termFeatures: termFeatures.slice(0, 3 * tested),
      termLevels: termLevels.slice(0, 3 * tested),
      size: sliceSize.slice(0, tested),
      excess: sliceExcess.slice(0, tested),
      squares: sliceSquares.slice(0, tested),
      positives: slicePositives.slice(0, binary ? tested : 0),
      negatives: sliceNegatives.slice(0, binary ? tested : 0),
      score: sliceScore.slice(0, tested),
      eligible: sliceEligible.slice(0, tested),
    },
  };
}

/**
 * The statistics half: a one-sided p-value for every tested slice, Benjamini–Hochberg q-values
 * over all of them, and the `top` eligible slices by score (ties: smaller q, then larger size),
 * each with its label, predicate and error.
 */
export function finishSliceSearch(input: SliceSearchInput, counts: CountResult): SliceSearchResult {
  const options = sliceSearchDefaults(input, counts.rows);
  const slices = counts.slices;
  const pValues: number[] = new Array(counts.tested);
  for (let slice = 0; slice < counts.tested; slice++) pValues[slice] = slicePValue(input, counts, slice);
  const qValues = benjaminiHochberg(pValues) as number[];
  const termsOf = (slice: number) => {
    const terms: { feature: number; level: number }[] = [];
    for (let term = 0; term < 3 && slices.termFeatures[3 * slice + term] >= 0; term++)
      terms.push({ feature: slices.termFeatures[3 * slice + term], level: slices.termLevels[3 * slice + term] });
    return terms;
  };

  // A conjunction with the same size as one of its tested parts holds the same rows ("label = 1
  // and parity = odd" is "label = 1"): it says nothing new, and only the shorter one is listed.
  const key = (terms: { feature: number; level: number }[]) => terms.map((term) => `${term.feature}:${term.level}`).join("|");
  const sizeOf = new Map<string, number>();
  for (let slice = 0; slice < counts.tested; slice++) sizeOf.set(key(termsOf(slice)), slices.size[slice]);
  const restates = (slice: number) => {
    const terms = termsOf(slice);
    if (terms.length < 2) return false;
    const parts =
      terms.length === 2 ? [[terms[0]], [terms[1]]] : [[terms[0], terms[1]], [terms[0], terms[2]], [terms[1], terms[2]], [terms[0]], [terms[1]], [terms[2]]];
    return parts.some((part) => sizeOf.get(key(part)) === slices.size[slice]);
  };
  const ranked: number[] = [];
  let redundant = 0;
  for (let slice = 0; slice < counts.tested; slice++) {
    if (!slices.eligible[slice]) continue;
    if (restates(slice)) redundant++;
    else ranked.push(slice);
  }
  ranked.sort(
    (left, right) => slices.score[right] - slices.score[left] || qValues[left] - qValues[right] || slices.size[right] - slices.size[left] || left - right,
  );
  const chosen = ranked.slice(0, options.top);

  const chosenTerms = chosen.map(termsOf);
  const modelErrors = meanModelErrors(input, counts, chosen, chosenTerms);

  return {
    slices: chosen.map((slice, index) => {
      const terms = chosenTerms[index];
      const levels = terms.map(({ feature, level }) => input.features[feature].levels[level]);
      const sliceMean = counts.mean + slices.excess[slice] / slices.size[slice];
      return {
        terms,
        label: levels.map((level) => level.label).join(" and "),
        predicate: levels.length === 1 ? levels[0].predicate : { and: levels.map((level) => level.predicate) },
        size: slices.size[slice],
        error: modelErrors.slices[index],
        overallError: modelErrors.overall,
        lift: input.mode === "regresses" ? sliceMean : modelErrors.slices[index] / modelErrors.overall,
        score: slices.score[slice],
        pValue: pValues[slice],
        qValue: qValues[slice],
      };
    }),
    tested: counts.tested,
    rows: counts.rows,
    overallError: modelErrors.overall,
    pruned: counts.pruned,
    candidates: counts.candidates,
    minSize: options.minSize,
    redundant,
  };
}

/**
 * One-sided p-value that the slice is worse:
 * - underperforms, 0/1: exact binomial upper tail of the slice's k errors in n_S rows at the rest's
 *   error rate, P(X ≥ k) = I_p(k, n_S − k + 1) (Abramowitz & Stegun 26.5.24);
 * - underperforms, numeric: Welch's t-test of the slice's mean against the rest's;
 * - regresses, 0/1: McNemar's exact test, one-sided, on the slice's discordant pairs: b rows only
 *   the model gets wrong, c only the reference: P(X ≥ b | b + c, ½) = I_½(b, c + 1);
 * - regresses, numeric: the paired t-test of the slice's differences against 0.
 * A slice that cannot be tested (no rest to compare with, fewer than 2 rows for a t-test) gets 1.
 */
function slicePValue(input: SliceSearchInput, counts: CountResult, slice: number): number {
  const size = counts.slices.size[slice];
  const excess = counts.slices.excess[slice];
  const squares = counts.slices.squares[slice];
  // The counted sums are of deviations from the overall mean: moments shifted by it.
  const aboutMean = (n: number, shiftedSum: number, shiftedSumOfSquares: number) => ({ n, sum: n * counts.mean + shiftedSum, shiftedSum, shiftedSumOfSquares });
  if (input.binary) {
    const up = counts.slices.positives[slice];
    if (up === 0) return 1;
    if (input.mode === "regresses") return mcnemarUpperTail(up, counts.slices.negatives[slice]);
    const rest = counts.rows - size;
    if (rest === 0) return 1;
    const restRate = (counts.positives - up) / rest;
    return binomialUpperTail(up, size, restRate);
  }
  if (input.mode === "regresses") {
    if (size < 2) return 1;
    const mean = counts.mean + excess / size;
    const variance = sampleVariance(aboutMean(size, excess, squares));
    if (variance === 0) return mean > 0 ? 0 : 1;
    return studentTCdf(-mean / Math.sqrt(variance / size), size - 1);
  }
  const rest = counts.rows - size;
  if (size < 2 || rest < 2) return 1;
  const restExcess = counts.excess - excess;
  const restSquares = Math.max(0, counts.squares - squares);
  const difference = excess / size - restExcess / rest;
  const sliceSpread = sampleVariance(aboutMean(size, excess, squares)) / size;
  const restSpread = sampleVariance(aboutMean(rest, restExcess, restSquares)) / rest;
  const spread = sliceSpread + restSpread;
  if (spread === 0) return difference > 0 ? 0 : 1;
  // Welch–Satterthwaite degrees of freedom.
  const df = (spread * spread) / ((sliceSpread * sliceSpread) / (size - 1) + (restSpread * restSpread) / (rest - 1));
  return studentTCdf(-difference / Math.sqrt(spread), df);
}

/**
 * The model's own mean error overall and in each chosen slice. For "underperforms" the counted
 * values are the errors; for "regresses" they are differences, so the chosen slices' errors are
 * summed again from the input (a pass over the rows per slice: only `top` of them).
 */
function meanModelErrors(
  input: SliceSearchInput,
  counts: CountResult,
  chosen: number[],
  chosenTerms: { feature: number; level: number }[][],
): { overall: number; slices: number[] } {
  if (input.mode === "underperforms") {
    return {
      overall: counts.mean,
      slices: chosen.map((slice) => counts.mean + counts.slices.excess[slice] / counts.slices.size[slice]),
    };
  }
  const { errors, referenceErrors } = input;
  const reference = referenceErrors!;
  let overallSum = 0;
  let overallRows = 0;
  for (let row = 0; row < errors.length; row++) {
    if (Number.isNaN(errors[row]) || Number.isNaN(reference[row])) continue;
    overallSum += errors[row];
    overallRows++;
  }
  const slices = chosenTerms.map((terms) => {
    let sum = 0;
    let size = 0;
    for (let row = 0; row < errors.length; row++) {
      if (Number.isNaN(errors[row]) || Number.isNaN(reference[row])) continue;
      if (terms.every(({ feature, level }) => input.features[feature].codes[row] === level)) {
        sum += errors[row];
        size++;
      }
    }
    return sum / size;
  });
  return { overall: overallSum / overallRows, slices };
}

/** Indices of the rows taking part: error, and reference error when given, not NaN. */
function includedRows(errors: Float64Array, reference: Float64Array | undefined): Int32Array {
  const included = new Int32Array(errors.length);
  let count = 0;
  for (let row = 0; row < errors.length; row++) {
    if (Number.isNaN(errors[row]) || (reference && Number.isNaN(reference[row]))) continue;
    included[count++] = row;
  }
  return included.slice(0, count);
}

function checkBinary(value: number, name: string, row: number): void {
  if (value !== 0 && value !== 1)
    fail(`${name}[${row}] is ${value}, but binary: true needs errors of 0 or 1 (NaN to leave a row out); pass binary: false for numeric errors`);
}

function fail(message: string): never {
  throw new SlicewiseError("bad_request", `slice search: ${message}`);
}

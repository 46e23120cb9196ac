// The other comparison figure: the same per-test-case n, accuracy and mean score computed by a
// hand-written loop over the in-memory Arrow columns, as the browser's live slicing would.
"use strict";

const { bucketNames } = require("./handSql");

/** The one Data chunk of a column; the benchmark's tables are built as single chunks. */
function onlyChunk(table, name) {
  const chunks = table.getChild(name).data;
  if (chunks.length !== 1 || chunks[0].offset !== 0) throw new Error(`column "${name}" is not one unsliced chunk`);
  return chunks[0];
}

/**
 * Small integer codes for a low-cardinality Utf8 column, read from its bytes: an FNV-1a hash of
 * each value finds its code in a small open-addressing table, checked byte for byte.
 */
function categoryCodes(data) {
  const offsets = data.valueOffsets;
  const bytes = data.values;
  const slots = 256;
  const slotCode = new Int16Array(slots).fill(-1);
  const firstRow = []; // a row holding each code's value, to compare bytes with
  const codes = new Uint8Array(data.length);
  for (let row = 0; row < data.length; row++) {
    const start = offsets[row];
    const end = offsets[row + 1];
    let hash = 0x811c9dc5;
    for (let i = start; i < end; i++) hash = Math.imul(hash ^ bytes[i], 0x01000193);
    let slot = hash & (slots - 1);
    for (;;) {
      const code = slotCode[slot];
      if (code < 0) {
        if (firstRow.length === 255) throw new Error("more than 255 categories");
        slotCode[slot] = firstRow.length;
        codes[row] = firstRow.length;
        firstRow.push(row);
        break;
      }
      const otherStart = offsets[firstRow[code]];
      let same = offsets[firstRow[code] + 1] - otherStart === end - start;
      for (let i = 0; same && i < end - start; i++) same = bytes[start + i] === bytes[otherStart + i];
      if (same) {
        codes[row] = code;
        break;
      }
      slot = (slot + 1) & (slots - 1);
    }
  }
  const decoder = new TextDecoder();
  const names = firstRow.map((row) => decoder.decode(bytes.subarray(offsets[row], offsets[row + 1])));
  return { codes, names };
}

/**
 * DuckDB's quantile_cont (linear interpolation between order statistics at (n − 1)·p) of an
 * integer column, from a histogram instead of a sort; equal edges merged, as the platform does.
 */
function integerQuantileEdges(values, probabilities) {
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < values.length; i++) {
    if (values[i] < min) min = values[i];
    if (values[i] > max) max = values[i];
  }
  const histogram = new Float64Array(max - min + 1);
  for (let i = 0; i < values.length; i++) histogram[values[i] - min]++;
  const cumulative = new Float64Array(histogram.length);
  let running = 0;
  for (let v = 0; v < histogram.length; v++) cumulative[v] = running += histogram[v];
  const orderStatistic = (rank) => {
    let low = 0;
    let high = cumulative.length - 1;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (cumulative[middle] > rank) high = middle;
      else low = middle + 1;
    }
    return min + low;
  };
  const edges = probabilities.map((p) => {
    const position = (values.length - 1) * p;
    const below = Math.floor(position);
    const lower = orderStatistic(below);
    return lower + (position - below) * (orderStatistic(Math.ceil(position)) - lower);
  });
  return edges.filter((edge, index) => index === 0 || edge > edges[index - 1]);
}

/**
 * n, accuracy and mean score per test case and model. Rows are first counted into the cells of
 * region × device × blur bucket × size bucket × the three explicit test cases (2,560 cells),
 * then the cells are rolled up into test cases: one update per row and model, not one per
 * test case the row belongs to. Assumes the results are in the dataset's row order (checked).
 * Each pass is a small function of its own: V8 compiles small functions once, where one function
 * of every loop was compiled again and again (35–57 ms each time, on the thread the next
 * evaluation's DuckDB work wanted).
 */
function loopStatistics({ dataset, results }) {
  const ids = onlyChunk(dataset, "id").values;
  for (const table of results) checkRowOrder(ids, onlyChunk(table, "id").values);
  const region = categoryCodes(onlyChunk(dataset, "region"));
  const device = categoryCodes(onlyChunk(dataset, "device"));
  const size = onlyChunk(dataset, "size").values;
  const sizeEdges = integerQuantileEdges(size, [0.25, 0.5, 0.75]);
  const grid = {
    regions: region.names.length,
    devices: device.names.length,
    sizeBuckets: sizeEdges.length + 1,
    models: results.length,
  };
  const cells = grid.regions * grid.devices * 4 * grid.sizeBuckets * 8;
  if (cells > 0xffff) throw new Error(`${cells} cells do not fit the Uint16 cell index`);
  const cellOfRow = cellsOfRows({
    region: region.codes,
    device: device.codes,
    blur: onlyChunk(dataset, "blur").values,
    brightness: onlyChunk(dataset, "brightness").values,
    size,
    edges: Float64Array.from(sizeEdges),
    phone: device.names.indexOf("phone"),
    northOrEast: Uint8Array.from(region.names, (name) => (name === "north" || name === "east" ? 1 : 0)),
    grid,
  });
  const cellCount = new Float64Array(cells);
  countCells(cellOfRow, cellCount);
  const cellCorrect = new Float64Array(cells * grid.models);
  const cellScore = new Float64Array(cells * grid.models);
  // One pass per model over its two columns: each inner loop reads only typed arrays.
  results.forEach((table, m) =>
    addModel(onlyChunk(table, "correct").values, onlyChunk(table, "score").values, cellOfRow, m, grid.models, cellCorrect, cellScore),
  );

  // Roll the cells up into test cases.
  const keys = [
    "dataset\u0000all",
    ...region.names.map((name) => `region\u0000${name}`),
    ...device.names.map((name) => `device\u0000${name}`),
    ...bucketNames([0.25, 0.5, 0.75]).map((name) => `blur\u0000${name}`),
    ...bucketNames(sizeEdges).map((name) => `size\u0000${name}`),
    "test_cases\u0000blurry and dark",
    "test_cases\u0000small on phone",
    "test_cases\u0000north or east",
  ];
  const sums = { n: new Float64Array(keys.length), correct: new Float64Array(keys.length * grid.models), score: new Float64Array(keys.length * grid.models) };
  rollUp(cellCount, cellCorrect, cellScore, grid, sums);
  const statistics = new Map();
  keys.forEach((key, index) => {
    const n = sums.n[index];
    if (n === 0) return;
    const ofModels = (values) => Array.from({ length: grid.models }, (_, m) => values[index * grid.models + m] / n);
    statistics.set(key, { n, accuracy: ofModels(sums.correct), meanScore: ofModels(sums.score) });
  });
  return { statistics, sizeEdges };
}

function checkRowOrder(ids, resultIds) {
  if (resultIds.length !== ids.length) throw new Error("a results table does not cover every datapoint");
  for (let row = 0; row < ids.length; row++) if (resultIds[row] !== ids[row]) throw new Error("results are not in the dataset's row order");
}

/** Each row's cell: ((((region · devices + device) · 4 + blur bucket) · size buckets + size bucket) · 8 + explicit bits. */
function cellsOfRows({ region, device, blur, brightness, size, edges, phone, northOrEast, grid }) {
  const cellOfRow = new Uint16Array(region.length);
  for (let row = 0; row < region.length; row++) {
    const b = blur[row];
    const s = size[row];
    const blurBucket = b < 0.25 ? 0 : b < 0.5 ? 1 : b < 0.75 ? 2 : 3;
    let sizeBucket = 0;
    while (sizeBucket < edges.length && s >= edges[sizeBucket]) sizeBucket++;
    const blurryAndDark = b >= 0.75 && brightness[row] < 0.25 ? 4 : 0;
    const smallOnPhone = device[row] === phone && s < 128 ? 2 : 0;
    const explicit = blurryAndDark | smallOnPhone | northOrEast[region[row]];
    cellOfRow[row] = (((region[row] * grid.devices + device[row]) * 4 + blurBucket) * grid.sizeBuckets + sizeBucket) * 8 + explicit;
  }
  return cellOfRow;
}

function countCells(cellOfRow, cellCount) {
  for (let row = 0; row < cellOfRow.length; row++) cellCount[cellOfRow[row]]++;
}

/** Model m's correct bits (Arrow's packed booleans) and scores, summed by cell. */
function addModel(bits, score, cellOfRow, m, models, cellCorrect, cellScore) {
  for (let row = 0; row < cellOfRow.length; row++) {
    const cell = cellOfRow[row] * models + m;
    cellCorrect[cell] += (bits[row >> 3] >> (row & 7)) & 1;
    cellScore[cell] += score[row];
  }
}

/**
 * Adds each cell's sums into its test cases': the whole dataset, its region, device, blur bucket
 * and size bucket, and each explicit test case its bits name. Test cases are numbered as
 * loopStatistics' keys list them.
 */
function rollUp(cellCount, cellCorrect, cellScore, grid, sums) {
  const { regions, devices, sizeBuckets, models } = grid;
  const deviceStart = 1 + regions;
  const blurStart = deviceStart + devices;
  const sizeStart = blurStart + 4;
  const explicitStart = sizeStart + sizeBuckets;
  const targets = new Int32Array(8);
  for (let cell = 0; cell < cellCount.length; cell++) {
    if (cellCount[cell] === 0) continue;
    let rest = cell;
    const explicit = rest % 8;
    rest = Math.floor(rest / 8);
    const sizeBucket = rest % sizeBuckets;
    rest = Math.floor(rest / sizeBuckets);
    const blurBucket = rest % 4;
    rest = Math.floor(rest / 4);
    const deviceCode = rest % devices;
    const regionCode = Math.floor(rest / devices);
    targets[0] = 0;
    targets[1] = 1 + regionCode;
    targets[2] = deviceStart + deviceCode;
    targets[3] = blurStart + blurBucket;
    targets[4] = sizeStart + sizeBucket;
    let count = 5;
    if (explicit & 4) targets[count++] = explicitStart;
    if (explicit & 2) targets[count++] = explicitStart + 1;
    if (explicit & 1) targets[count++] = explicitStart + 2;
    for (let i = 0; i < count; i++) {
      const target = targets[i];
      sums.n[target] += cellCount[cell];
      for (let m = 0; m < models; m++) {
        sums.correct[target * models + m] += cellCorrect[cell * models + m];
        sums.score[target * models + m] += cellScore[cell * models + m];
      }
    }
  }
}

module.exports = { loopStatistics, categoryCodes, integerQuantileEdges };
